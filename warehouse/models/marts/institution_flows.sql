-- Student flows between all institutions of the EC statistics, for benchmarks against peers.
-- Grain: one row per (sending code, receiving code or placement country, academic year,
-- activity, level).
select
    sending_code,
    sending_country_iso2,
    receiving_code,
    receiving_country_iso2,
    academic_year,
    activity,
    level,
    count(*) as count_students,
    sum(duration_months) as sum_months,
    sum(grant_eur) as sum_grant_eur,
from staging.stg_ec_student_mobilities
group by all

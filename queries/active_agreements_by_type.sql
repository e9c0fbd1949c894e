-- Agreements active in an academic year by type and signatory level.
-- Grain: one row per (agreement_type, signatory_level).
-- Params: $schools, $regions (lists, empty = all), $year.
select
    agreement_type,
    signatory_level,
    count(*) as count_agreements,
from filtered_agreements($schools::varchar[], $regions::varchar[])
where is_active_in(first_academic_year, last_academic_year, listed_academic_year, $year)
group by all
order by agreement_type, signatory_level

-- Agreements active in an academic year per home school and agreement type.
-- Grain: one row per (school, agreement_type).
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025').
select
    school_id,
    school,
    agreement_type,
    count(*) as count_agreements,
    count(*) filter (where is_synthetic) as count_synthetic,
from filtered_agreements($schools::varchar[], $regions::varchar[])
where is_active_in(first_academic_year, last_academic_year, listed_academic_year, $year)
group by all
order by school, agreement_type

-- Agreements whose last academic year is the current one or the next, today's date deciding
-- the current academic year (1 August rule): those to renew now.
-- Grain: one row per agreement.
-- Params: $schools, $regions (lists, empty = all).
with

years as (
    select
        current_academic_year() as this_year,
        (academic_year_start(current_academic_year()) + 1)::varchar || '-'
        || (academic_year_start(current_academic_year()) + 2)::varchar as next_year,
)

select
    agreements.agreement_id,
    agreements.school_id,
    agreements.school,
    agreements.partner_id,
    agreements.partner_name,
    agreements.country_iso2,
    agreements.country_name,
    agreements.country_name_fr,
    agreements.agreement_type,
    agreements.signatory_level,
    agreements.first_academic_year,
    agreements.last_academic_year,
    agreements.is_synthetic,
from filtered_agreements($schools::varchar[], $regions::varchar[]) as agreements
cross join years
where agreements.last_academic_year in (years.this_year, years.next_year)
order by agreements.last_academic_year, agreements.school, agreements.partner_name

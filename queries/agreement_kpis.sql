-- Agreements active in an academic year and the year before, with their partners and countries.
-- Grain: one row per academic_year ($year and the year before).
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025').
with

years as (
    select unnest([previous_academic_year($year), $year]) as academic_year
),

active as (
    select years.academic_year, agreements.*
    from years
    join filtered_agreements($schools::varchar[], $regions::varchar[]) as agreements
        on is_active_in(
            agreements.first_academic_year, agreements.last_academic_year,
            agreements.listed_academic_year, years.academic_year
        )
)

select
    years.academic_year,
    count(active.agreement_id) as count_active_agreements,
    count(distinct active.partner_id) as count_partners,
    count(distinct active.country_iso2) as count_countries,
    count(active.agreement_id) filter (where active.is_synthetic) as count_synthetic_agreements,
    -- of the active ones, those listed without years: running since their list, dates unknown
    count(active.agreement_id) filter (where active.is_undated) as count_undated_agreements,
from years
left join active using (academic_year)
group by all
order by academic_year

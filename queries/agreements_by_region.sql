-- Agreements active in an academic year per world region of the partner and agreement type.
-- Grain: one row per (region_code, agreement_type).
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025').
with

active as (
    select
        -- a partner country missing from the countries table counts as 'Other', like ''
        coalesce(region_code, '') as region_code,
        coalesce(region_name, 'Other') as region_name,
        coalesce(region_name_fr, 'Autre') as region_name_fr,
        agreement_type,
        is_synthetic,
    from filtered_agreements($schools::varchar[], $regions::varchar[])
    where is_active_in(first_academic_year, last_academic_year, listed_academic_year, $year)
),

counted as (
    select
        region_code,
        region_name,
        region_name_fr,
        agreement_type,
        count(*) as count_agreements,
        count(*) filter (where is_synthetic) as count_synthetic,
    from active
    group by all
),

final as (
    select
        *,
        -- the region's agreements of all types, to list the biggest regions first
        (sum(count_agreements) over (partition by region_code))::bigint as count_region_agreements,
    from counted
)

select * from final
order by count_region_agreements desc, region_code, agreement_type

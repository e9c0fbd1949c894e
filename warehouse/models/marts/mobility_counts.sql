-- Mobilities counted per school, partner, year, direction and activity: what the dashboard's
-- partner-level charts add up, so that no page scans the mobility rows themselves (at 10 million
-- mobilities this table holds about 2 million rows; see docs/performance.md).
-- Grain: one row per (school_id, partner_id, academic_year, direction, activity, is_synthetic).
select
    mobilities.school_id,
    mobilities.partner_id,
    partners.country_iso2,
    countries.region_code,
    mobilities.academic_year,
    mobilities.direction,
    mobilities.activity,
    mobilities.is_synthetic,
    count(*) as count_mobilities,
    sum(mobilities.duration_months) as sum_months,
from marts.mobilities as mobilities
join marts.partners as partners using (partner_id)
left join countries using (country_iso2)
group by all
-- sorted so that DuckDB's zone maps skip most row groups for one school or one partner
order by mobilities.school_id, mobilities.partner_id, mobilities.academic_year

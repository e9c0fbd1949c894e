-- Mobilities counted per school, partner and year, every activity together, outgoing and
-- incoming side by side: what the map and flows pages add up per partner when no activity
-- filter is set. A third of the rows of marts.mobility_counts (about 300,000 at 10 million
-- mobilities), and one row for both directions, so those sums read a sixth as many rows.
-- Grain: one row per (school_id, partner_id, academic_year).
select
    school_id,
    partner_id,
    -- a partner has one country, and a country one region: carried along for the filters
    any_value(country_iso2) as country_iso2,
    any_value(region_code) as region_code,
    academic_year,
    coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
        as count_outgoing,
    coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
        as count_incoming,
from marts.mobility_counts
group by school_id, partner_id, academic_year
order by school_id, partner_id, academic_year

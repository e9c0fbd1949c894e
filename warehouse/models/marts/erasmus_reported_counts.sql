-- The mobilities each home school reports under the Erasmus+ rules (is_reported, as in
-- marts.erasmus_mobilities), counted per call year and per value of everything the Erasmus+ page
-- counts or charts them by. The page's headline figures and its activity-type and distance-band
-- charts add these rows up instead of reading the mobility rows: at 10 million mobilities a call
-- year holds about 460,000 of them (10-20 ms per query) and this table a few hundred rows per
-- call year (see docs/performance.md).
-- Sums of physical months and amounts are partial sums that a figure adds up again. Months are
-- summed as decimals: a mobility's months have 4 decimals and the page rounds their total to 1 or
-- 2, so a total can fall exactly on a half (196.605), where a sum of doubles rounds up or down
-- by the order it adds in; a decimal sum is exact and rounds half away from zero every time.
-- Grain: one row per (call_year, school_id, activity_type, action, is_long_term,
-- distance_band_number, distance_band, is_distance_known, is_green_travel,
-- has_fewer_opportunities, has_failed_checks, rules_call_year).
select
    call_year,
    school_id,
    activity_type,
    action,
    is_long_term,
    distance_band_number,
    distance_band,
    distance_km is not null as is_distance_known,
    is_green_travel,
    has_fewer_opportunities,
    count_failed_checks > 0 as has_failed_checks,
    rules_call_year,
    count(*) as count_mobilities,
    sum(count_failed_checks)::bigint as count_failed_checks,
    sum(physical_months::decimal(38, 10)) as sum_months,
    -- null when no mobility of the row has an estimate, as a sum over the rows would be
    count(total_grant_eur) as count_estimated,
    sum(total_grant_eur) as total_grant_eur,
    sum(travel_grant_eur) as travel_grant_eur,
from marts.erasmus_mobilities
where is_reported
group by all
-- one call year and school are read together (the page asks for one call year at a time)
order by call_year, school_id

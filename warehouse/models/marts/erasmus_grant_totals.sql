-- Erasmus+ grant estimate per home school and call year, over the mobilities the school reports
-- (is_reported: its outgoing mobility, and KA171 both ways, when funded by Erasmus+ or of
-- unknown funding), and the share of the KA131 estimate spent on mobility to third countries
-- not associated to the Programme, which may not exceed the call's cap (20%).
-- Grain: one row per (school_id, call_year).
with

reported as (
    select * from marts.erasmus_mobilities where is_reported
),

caps as (
    select call_year, ka131_third_country_share_max from staging.int_erasmus_call_rules
)

select
    reported.school_id,
    reported.call_year,
    count(*) as count_mobilities,
    count(*) filter (where reported.action = 'KA131') as count_ka131,
    count(*) filter (where reported.action = 'KA171') as count_ka171,
    count(*) filter (where reported.count_failed_checks > 0) as count_with_failed_checks,
    count(*) filter (where reported.total_grant_eur is null) as count_not_estimated,
    round(sum(reported.physical_months) filter (where reported.is_long_term), 2)
        as sum_long_term_months,
    -- amounts add up the mobilities with a complete estimate: the parts sum to the total
    round(sum(reported.travel_grant_eur) filter (where reported.total_grant_eur is not null), 2)
        as travel_grant_eur,
    round(sum(reported.individual_support_eur)
          filter (where reported.total_grant_eur is not null), 2) as individual_support_eur,
    round(sum(reported.fewer_opportunities_top_up_eur + reported.traineeship_top_up_eur
              + reported.green_travel_top_up_eur)
          filter (where reported.total_grant_eur is not null), 2) as top_ups_eur,
    round(sum(reported.total_grant_eur), 2) as total_grant_eur,
    round(sum(reported.total_grant_eur) filter (where reported.action = 'KA131'), 2)
        as ka131_grant_eur,
    round(sum(reported.total_grant_eur) filter (
        where reported.action = 'KA131' and reported.is_third_country_mobility
    ), 2) as ka131_third_country_grant_eur,
    round(
        coalesce(sum(reported.total_grant_eur) filter (
            where reported.action = 'KA131' and reported.is_third_country_mobility
        ), 0) / nullif(sum(reported.total_grant_eur) filter (where reported.action = 'KA131'), 0),
        4
    ) as ka131_third_country_share,
    any_value(caps.ka131_third_country_share_max) as ka131_third_country_share_max,
    coalesce(
        coalesce(sum(reported.total_grant_eur) filter (
            where reported.action = 'KA131' and reported.is_third_country_mobility
        ), 0) / nullif(sum(reported.total_grant_eur) filter (where reported.action = 'KA131'), 0)
        > any_value(caps.ka131_third_country_share_max),
        false
    ) as is_above_third_country_cap,
from reported
left join caps using (call_year)
group by all

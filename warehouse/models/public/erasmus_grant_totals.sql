-- PUBLIC VIEW. Erasmus+ grant estimate per home school and call year (the mobilities the school
-- reports), with the share of the KA131 estimate going to third countries not associated to the
-- Programme and whether it exceeds the call's cap. Grain: one row per (school, call_year).
-- Columns:
--   school, school_id, call_year: the school and call
--   count_mobilities, count_ka131, count_ka171: reported mobilities, in all and per action
--   count_with_failed_checks, count_not_estimated: those failing a check; those without a complete estimate
--   sum_long_term_months: months of long-term student stays
--   travel_grant_eur, individual_support_eur, top_ups_eur, total_grant_eur: the estimate by component and in total (mobilities with a complete estimate)
--   ka131_grant_eur, ka131_third_country_grant_eur: the KA131 estimate, and its part going to third countries not associated
--   ka131_third_country_share, ka131_third_country_share_max, is_above_third_country_cap: that share, the call's cap (20%) and whether it is exceeded
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    schools.school,
    totals.*,
from marts.erasmus_grant_totals as totals
join staging.stg_schools as schools using (school_id)

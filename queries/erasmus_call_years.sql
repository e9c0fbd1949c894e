-- Call years of the Erasmus+ page: those with mobilities a school reports (the call-year
-- select), and those the rule tables hold (amounts are estimated for these only).
-- Grain: one row per call_year with reported mobilities, with rules, or both; oldest first.
-- Params: $schools (list, empty = all): the mobilities counted.
with

reported as (
    select call_year, count(*) as count_mobilities,
    from erasmus_mobilities
    where is_reported
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    group by all
),

rules as (
    select distinct call_year from erasmus_rules
)

select
    call_year,
    coalesce(reported.count_mobilities, 0) as count_mobilities,
    rules.call_year is not null as has_rules,
from reported
full join rules using (call_year)
order by call_year

-- Erasmus+ amounts and limits in force: a row a user imported replaces the shipped row of the
-- same call year and rule. Grain: one row per (call_year, rule).
select
    call_year,
    rule,
    value,
    unit,
    source,
    origin,
from (
    select
        rules.*,
        row_number() over (
            partition by call_year, rule order by origin = 'user' desc
        ) as rank_in_key,
    from main.erasmus_rules as rules
)
where rank_in_key = 1

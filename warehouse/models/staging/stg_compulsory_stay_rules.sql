-- Thresholds of the compulsory stay abroad (warehouse/reference/compulsory_stay_rules.csv):
-- the schools' rule and the EU learning-mobility benchmark.
-- Grain: one row per (rule, school_id); a null school_id holds for every other school.
select
    rule,
    school_id,
    min_months,
    min_ects,
    target_share,
    source,
from main.compulsory_stay_rules

-- PUBLIC VIEW. Graduates and their months abroad, against the compulsory stay abroad (the
-- school's rule, 4 months) and the EU benchmark (3 months or 15 ECTS; 23% of graduates by 2030).
-- Grain: one row per graduate (school, participant_id). participant_id is the pseudonym of
-- mobilities.participant_id; names and student numbers are never stored.
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    schools.school,
    graduates.graduation_year,
    graduates.participant_id,
    graduates.months_abroad,
    graduates.ects_abroad,
    graduates.meets_school_rule,
    graduates.meets_eu_benchmark,
    graduates.is_synthetic,
    graduates.graduation_academic_year,
    graduates.count_mobilities_abroad,
    graduates.school_rule_min_months,
    graduates.eu_min_months,
    graduates.eu_min_ects,
    graduates.source_file,
    graduates.school_id,
from marts.graduates as graduates
join staging.stg_schools as schools using (school_id)

-- PUBLIC VIEW. Graduates and their months abroad, against the compulsory stay abroad (the
-- school's rule, 4 months) and the EU benchmark (3 months or 15 ECTS; 23% of graduates by 2030).
-- Grain: one row per graduate (school, participant_id). participant_id is the pseudonym of
-- mobilities.participant_id; names and student numbers are never stored.
-- Columns:
--   school: home school's name
--   graduation_year: calendar year of the diploma (`2024` closes 2023-2024)
--   participant_id: the pseudonym of `mobilities.participant_id`; no name or student number
--   months_abroad: physical months of the graduate's outgoing student stays up to graduation
--   ects_abroad: ECTS credits earned abroad, when the file gave them
--   meets_school_rule: `months_abroad` ≥ the school's rule (4 months)
--   meets_eu_benchmark: `months_abroad` ≥ 3 or `ects_abroad` ≥ 15
--   is_synthetic: true for demo data
--   graduation_academic_year: `2023-2024` for the cohort of 2024
--   count_mobilities_abroad: the stays counted in `months_abroad`
--   school_rule_min_months, eu_min_months, eu_min_ects: the thresholds applied
--   source_file, school_id: lineage
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

-- Graduates and their time abroad, measured against the compulsory stay abroad.
-- Grain: one row per (school, participant): a student listed by several files counts once, as
-- the latest import lists them.
--
-- months_abroad adds up the physical months of the graduate's outgoing mobilities from the
-- same school (same pseudonym) that start no later than the graduation academic year: study,
-- traineeship, double degree and other student stays (a gap-year internship abroad counts);
-- staff mobilities never do. A mobility's months are its duration_months, else its dates
-- (days / 30), else nothing. Overlapping mobilities are added up as they are.
-- meets_school_rule: months_abroad >= the school's rule (compulsory_stay_rules, 4 months);
-- meets_eu_benchmark: months_abroad >= 3 or ects_abroad >= 15 (the 2030 EU benchmark).
with

listed as (
    select
        graduates.*,
        imports.file_name as source_file,
        row_number() over (
            partition by graduates.school_id, graduates.participant_id
            order by graduates.import_id desc, graduates.line_number
        ) as listing_rank,
    from staging.stg_graduates as graduates
    join staging.stg_imports as imports using (import_id)
),

latest as (
    select * exclude (listing_rank)
    from listed
    where listing_rank = 1
),

stays as (
    select
        school_id,
        participant_id,
        academic_year,
        coalesce(duration_months, (date_diff('day', start_date, end_date) + 1) / 30) as months,
    from staging.stg_mobilities
    where direction = 'outgoing'
      and participant_id is not null
      and activity not in ('staff_teaching', 'staff_training')
),

abroad as (
    select
        latest.school_id,
        latest.participant_id,
        count(stays.participant_id) as count_mobilities_abroad,
        coalesce(sum(stays.months), 0) as months_abroad,
    from latest
    left join stays
        on stays.school_id = latest.school_id
        and stays.participant_id = latest.participant_id
        and stays.academic_year <= latest.graduation_academic_year
    group by all
),

-- a school's own row of a rule, else the row that holds for every school
rules as (
    select
        schools.school_id,
        coalesce(own_rule.min_months, any_rule.min_months) as school_rule_min_months,
        coalesce(own_eu.min_months, any_eu.min_months) as eu_min_months,
        coalesce(own_eu.min_ects, any_eu.min_ects) as eu_min_ects,
        coalesce(own_eu.target_share, any_eu.target_share) as eu_target_share,
    from staging.stg_schools as schools
    left join staging.stg_compulsory_stay_rules as own_rule
        on own_rule.rule = 'school_rule' and own_rule.school_id = schools.school_id
    left join staging.stg_compulsory_stay_rules as any_rule
        on any_rule.rule = 'school_rule' and any_rule.school_id is null
    left join staging.stg_compulsory_stay_rules as own_eu
        on own_eu.rule = 'eu_benchmark' and own_eu.school_id = schools.school_id
    left join staging.stg_compulsory_stay_rules as any_eu
        on any_eu.rule = 'eu_benchmark' and any_eu.school_id is null
)

select
    -- ids
    latest.school_id,
    latest.participant_id,
    -- cohort
    latest.graduation_year,
    latest.graduation_academic_year,
    -- time abroad
    abroad.count_mobilities_abroad,
    round(abroad.months_abroad, 2) as months_abroad,
    latest.ects_abroad,
    -- rules
    abroad.months_abroad >= rules.school_rule_min_months as meets_school_rule,
    abroad.months_abroad >= rules.eu_min_months
    or coalesce(latest.ects_abroad >= rules.eu_min_ects, false) as meets_eu_benchmark,
    rules.school_rule_min_months,
    rules.eu_min_months,
    rules.eu_min_ects,
    rules.eu_target_share,
    -- lineage
    latest.is_synthetic,
    latest.source_file,
    latest.import_id,
    latest.line_number,
from latest
join abroad using (school_id, participant_id)
join rules using (school_id)

-- Graduates meeting the compulsory stay abroad, per cohort: the school's rule (4 months abroad)
-- and the EU benchmark (3 months or 15 ECTS abroad; 23% of graduates by 2030).
-- Grain: one row per (graduation_year, school_id); the row whose school_id is null totals the
-- selected schools.
-- Params: $schools (list, empty = all), $year_from, $year_to: academic years the cohorts close
-- (the cohort of 2024 closes 2023-2024). Direction, activity and region filters do not apply:
-- every student stay abroad counts towards the rule.
with

graduates as (
    select *
    from graduates
    where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
      and graduation_academic_year between $year_from and $year_to
),

counted as (
    select
        graduation_year,
        school_id,
        school,
        count(*) as count_graduates,
        count(*) filter (where count_mobilities_abroad > 0) as count_with_mobility,
        count(*) filter (where meets_school_rule) as count_meeting_school_rule,
        count(*) filter (where meets_eu_benchmark) as count_meeting_eu_benchmark,
        count(ects_abroad) as count_with_ects,
        round(avg(months_abroad), 1) as avg_months_abroad,
        min(school_rule_min_months) as school_rule_min_months,
        max(school_rule_min_months) as school_rule_max_months,
        count(*) filter (where is_synthetic) as count_synthetic,
    from graduates
    group by grouping sets ((graduation_year), (graduation_year, school_id, school))
),

final as (
    select
        graduation_year,
        school_id,
        school,
        count_graduates,
        count_with_mobility,
        count_meeting_school_rule,
        round(100 * count_meeting_school_rule / count_graduates, 1)
            as percent_meeting_school_rule,
        count_meeting_eu_benchmark,
        round(100 * count_meeting_eu_benchmark / count_graduates, 1)
            as percent_meeting_eu_benchmark,
        (
            select 100 * max(target_share) from compulsory_stay_rules
            where rule = 'eu_benchmark' and school_id is null
        ) as percent_eu_target,
        count_with_ects,
        avg_months_abroad,
        school_rule_min_months,
        school_rule_max_months,
        count_synthetic,
    from counted
)

select * from final
order by graduation_year, school_id nulls first

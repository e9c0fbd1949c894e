-- Flows between all institutions and countries of the EC open data, for benchmarks against
-- peers: the 2008-13 student statistics (one row each student), the KA1 mobility data from 2014
-- (every sector: schools, VET, adults, youth and higher education; each row counts
-- `Participants`), and flow tables (a count per country or institution pair). `source` says
-- which: sums across sources that cover the same years count those flows twice.
-- Grain: one row per (source, sending code, receiving code or placement country, academic
-- year, activity, level), and for KA1 rows also per organisation names, activity as written
-- and key action.
with

statistics_2008_2013 as (
    select
        sending_code,
        sending_country_iso2,
        receiving_code,
        receiving_country_iso2,
        academic_year,
        activity,
        level,
        count(*) as count_students,
        sum(duration_months) as sum_months,
        sum(grant_eur) as sum_grant_eur,
        'ec_statistics' as source,
        count(*) as count_participants,
        cast(null as double) as sum_days,
        cast(null as varchar) as sending_name,
        cast(null as varchar) as receiving_name,
        cast(null as varchar) as activity_as_written,
        cast(null as varchar) as key_action,
        true as is_higher_education,
    from staging.stg_ec_student_mobilities
    group by all
),

ka1 as (
    select
        sending_code,
        sending_country_iso2,
        receiving_code,
        receiving_country_iso2,
        academic_year,
        activity,
        level,
        coalesce(sum(participants) filter (where is_learner), 0)::bigint as count_students,
        sum(participants * duration_days) / 30 as sum_months,
        cast(null as double) as sum_grant_eur,
        'ec_ka1' as source,
        sum(participants)::bigint as count_participants,
        sum(participants * duration_days) as sum_days,
        sending_name,
        receiving_name,
        activity_as_written,
        key_action,
        is_higher_education,
    from staging.stg_ec_ka1_mobilities
    group by all
),

flow_tables as (
    select
        sending_code,
        sending_country_iso2,
        receiving_code,
        receiving_country_iso2,
        academic_year,
        cast(null as varchar) as activity,
        cast(null as varchar) as level,
        -- a table counting participants without saying students does not give students
        cast(sum(count_mobilities) filter (where counts_students) as bigint) as count_students,
        cast(null as double) as sum_months,
        cast(null as double) as sum_grant_eur,
        'ec_flow_table' as source,
        sum(count_mobilities)::bigint as count_participants,
        cast(null as double) as sum_days,
        cast(null as varchar) as sending_name,
        cast(null as varchar) as receiving_name,
        cast(null as varchar) as activity_as_written,
        cast(null as varchar) as key_action,
        cast(null as boolean) as is_higher_education,
    from staging.stg_ec_flow_counts
    group by all
)

select * from statistics_2008_2013
union all
select * from ka1
union all
select * from flow_tables

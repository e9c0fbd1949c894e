-- Every Erasmus+ rule check failed by the mobilities the selected schools report for one call
-- year, with its reason (the workbook's "Failed checks" sheet): at most $limit rows, the page
-- shows a few hundred; total_rows counts them all.
-- Grain: one row per (mobility_id, check_code).
-- Params: $schools (list, empty = all), $call_year (integer), $limit (null = all rows).
with

reported as (
    select * from erasmus_mobilities
    where is_reported
      and call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
),

failures as (
    select
        reported.mobility_id,
        reported.school_id,
        reported.school,
        reported.participant_id,
        reported.partner_id,
        case when reported.direction = 'outgoing' then reported.receiving_organisation
            else reported.sending_organisation end as partner_name,
        reported.direction,
        reported.action,
        reported.activity_type,
        reported.start_date,
        reported.end_date,
        split_part(failures.reason, ':', 1) as check_code,
        failures.reason,
    from reported, unnest(reported.failed_checks) as failures(reason)
)

select
    failures.*,
    count(*) over () as total_rows,
from failures
order by school, start_date nulls last, mobility_id, check_code
limit $limit

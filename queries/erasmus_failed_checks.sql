-- Every Erasmus+ rule check failed by the mobilities the selected schools report for one call
-- year, with its reason (the workbook's "Failed checks" sheet): at most $limit rows, the page
-- shows a few hundred; total_rows counts them all.
-- Grain: one row per (mobility_id, check_code).
-- Params: $schools (list, empty = all), $call_year (integer), $limit (null = all rows).
with

-- The sort keys alone, and the code of the rule failed: it sorts as its check does (the check
-- comes first and ends with a dot). Read twice rather than kept: the first rows are then chosen
-- as the scan goes, skipping the row groups that cannot hold them, and the count reads the
-- filtered columns alone (at 10 million mobilities, p95 22-30 ms instead of 34).
failures as not materialized (
    select school, start_date, mobility_id, failed_check, mobility_number,
    from marts.erasmus_check_failures
    where is_reported
      and call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
),

-- The first rows are chosen on their sort keys alone, then the rest of each row, and its reason,
-- come from the mobility's row (see marts.erasmus_check_failures): sorting the whole rows of a
-- call year (about a million failures at 10 million mobilities) to keep 500 took twice as long.
first_rows as (
    select *
    from failures
    order by school, start_date nulls last, mobility_id, failed_check
    limit $limit
)

select
    first_rows.mobility_id,
    first_rows.school,
    mobilities.school_id,
    mobilities.direction,
    mobilities.participant_id,
    mobilities.partner_id,
    case when mobilities.direction = 'outgoing' then mobilities.receiving_organisation
        else mobilities.sending_organisation end as partner_name,
    mobilities.action,
    mobilities.activity_type,
    first_rows.start_date,
    mobilities.end_date,
    split_part(first_rows.failed_check, '.', 1) as check_code,
    erasmus_check_reason(
        first_rows.failed_check, mobilities.activity, mobilities.activity_type,
        mobilities.physical_days, mobilities.physical_months, mobilities.start_date,
        mobilities.end_date, mobilities.call_year, mobilities.project_start_date,
        mobilities.project_end_date, mobilities.direction, mobilities.sending_organisation,
        mobilities.sending_country_iso2, mobilities.receiving_organisation,
        mobilities.receiving_country_iso2, mobilities.failed_duration_limit,
        mobilities.overlapping_mobilities
    ) as reason,
    -- the rule failed and what its reason names, for the dashboard to write the reason in the
    -- page's language (dashboard/erasmus.py check_reason; the reason above is English)
    first_rows.failed_check,
    {
        'activity': mobilities.activity, 'activity_type': mobilities.activity_type,
        'physical_days': mobilities.physical_days, 'physical_months': mobilities.physical_months,
        'start_date': mobilities.start_date, 'end_date': mobilities.end_date,
        'call_year': mobilities.call_year, 'project_start_date': mobilities.project_start_date,
        'project_end_date': mobilities.project_end_date, 'direction': mobilities.direction,
        'sending_organisation': mobilities.sending_organisation,
        'sending_country_iso2': mobilities.sending_country_iso2,
        'receiving_organisation': mobilities.receiving_organisation,
        'receiving_country_iso2': mobilities.receiving_country_iso2,
        'failed_duration_limit': mobilities.failed_duration_limit,
        'overlapping_mobilities': mobilities.overlapping_mobilities,
    } as check_values,
    -- a scalar count, not count(*) over (): a window would hold every failure in memory
    (select count(*) from failures) as total_rows,
from first_rows
join marts.erasmus_mobilities as mobilities using (mobility_number)
order by first_rows.school, first_rows.start_date nulls last, first_rows.mobility_id,
    first_rows.failed_check

-- One mobility under the Erasmus+ rules: its classification, distance, grant breakdown and the
-- checks it fails, with its partner's name (any mobility, reported by the school or not).
-- Grain: one row per mobility_id (zero or one row).
-- Params: $mobility_id, $call_year and $school_id (where it lies: the query mobility_location,
-- so that only that call year and school are read), $schools (list, empty = all): a mobility of
-- another school is not found.
select
    erasmus_mobilities.*,
    partners.name as partner_name,
    partners.country_iso2 as partner_country_iso2,
    erasmus_mobilities.rules_call_year = erasmus_mobilities.call_year as has_rules,
    -- the rules failed and what their reasons name, for the dashboard to write the reasons in
    -- the page's language (dashboard/erasmus.py check_reason; failed_checks is English)
    checks.failed_check_codes,
    {
        'activity': checks.activity, 'activity_type': checks.activity_type,
        'physical_days': checks.physical_days, 'physical_months': checks.physical_months,
        'start_date': checks.start_date, 'end_date': checks.end_date,
        'call_year': checks.call_year, 'project_start_date': checks.project_start_date,
        'project_end_date': checks.project_end_date, 'direction': checks.direction,
        'sending_organisation': checks.sending_organisation,
        'sending_country_iso2': checks.sending_country_iso2,
        'receiving_organisation': checks.receiving_organisation,
        'receiving_country_iso2': checks.receiving_country_iso2,
        'failed_duration_limit': checks.failed_duration_limit,
        'overlapping_mobilities': checks.overlapping_mobilities,
    } as check_values,
from erasmus_mobilities
left join partners using (partner_id)
left join marts.erasmus_mobilities as checks
    on checks.mobility_id = erasmus_mobilities.mobility_id
    and checks.call_year = $call_year
    and checks.school_id = $school_id
where erasmus_mobilities.mobility_id = $mobility_id
  and erasmus_mobilities.call_year = $call_year
  and erasmus_mobilities.school_id = $school_id
  and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], erasmus_mobilities.school_id))

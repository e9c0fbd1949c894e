-- Macros of the Erasmus+ rules, available to analysts in any SQL session on the warehouse.

-- Great-circle distance in km between two points given in degrees, on a sphere of radius
-- 6,371 km: the Haversine formula of the European Commission's distance calculator. One way,
-- never doubled. warehouse.erasmus.haversine_km is the same formula in Python (tested to agree).
-- A missing coordinate gives null (least() alone would skip it and return a half circumference).
create or replace macro haversine_km(lat1, lon1, lat2, lon2) as
    case when lat1 is not null and lon1 is not null and lat2 is not null and lon2 is not null then
        2 * 6371.0 * asin(least(1.0, sqrt(
            pow(sin(radians(lat2 - lat1) / 2), 2)
            + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)
        )))
    end;

-- Complete calendar months from a first to a last day, both included: 2024-09-15 … 2024-10-14
-- is 1 month. The days left over count 1/30 of a month each (see erasmus_months).
create or replace macro erasmus_full_months(first_day, last_day) as
    (year(last_day + 1) - year(first_day)) * 12 + month(last_day + 1) - month(first_day)
    - case when day(last_day + 1) < day(first_day) then 1 else 0 end;

-- Duration in months as the Erasmus+ grant counts it: complete calendar months, plus the days
-- of the incomplete month at 1/30 of a month each. 2024-09-01 … 2024-10-06 is 1.2 months.
create or replace macro erasmus_months(first_day, last_day) as
    erasmus_full_months(first_day, last_day)
    + ((last_day + 1) - cast(first_day + to_months(erasmus_full_months(first_day, last_day)) as date))
    / 30.0;

-- What an Erasmus+ activity type is called in a sentence: 'HE-SMS' -> 'study'.
create or replace macro erasmus_activity_words(activity_type) as
    case activity_type
        when 'HE-SMS' then 'study'
        when 'HE-SMT' then 'traineeship'
        when 'HE-STA' then 'staff teaching'
        when 'HE-STT' then 'staff training'
        when 'BIP' then 'a BIP'
        when 'short-term doctoral' then 'short-term doctoral mobility'
    end;

-- The reason of a failed Erasmus+ check, from the code marts.erasmus_mobilities stores for it
-- (the check, a dot, the rule failed: 'duration.long_term_below_min') and the mobility's columns
-- there. A reason starts with its check and a colon. Codes are stored and reasons written when
-- read: at a million mobilities failing two checks each, storing two million reasons of about
-- 100 characters, in both Erasmus+ marts, took about 1.4 s of every rebuild. One format()
-- template per code, whose numbered fields are the values listed below it: a CASE of
-- concatenations, one per code, took 3 ms to plan in every query reading a reason, this 1 ms.
-- The mart counts a rule as failed only when the values its reason names are known, so no
-- field a template names is ever empty.
create or replace macro erasmus_check_reason(
    failed_check, activity, activity_type, physical_days, physical_months, start_date, end_date,
    call_year, project_start_date, project_end_date, direction, sending_organisation,
    sending_country_iso2, receiving_organisation, receiving_country_iso2, failed_duration_limit,
    overlapping_mobilities
) as
    format(
        map {
            'activity.no_type': 'activity: activity ''{0}'' has no Erasmus+ activity type '
                || '(HE-SMS, HE-SMT, HE-STA, HE-STT, BIP or short-term doctoral)',
            'activity.not_a_type': 'activity: ''{1}'' is not an Erasmus+ activity type',
            'activity.short_term': 'activity: a {2}-day {4} stay is short-term, which only '
                || 'blended mobility or a doctoral candidate may be',
            'action.ka131_incoming_third_country': 'action: KA131 does not fund incoming '
                || 'mobility from a third country not associated to the Programme ({15})',
            'action.ka171_no_third_country': 'action: KA171 needs a third country not '
                || 'associated to the Programme; {13} and {15} both take part in it',
            'country.same_country': 'country: sending and receiving organisations are both in '
                || '{13} (Erasmus+ mobility crosses a border)',
            'dates.reversed': 'dates: end date {8} is before start date {7}',
            'dates.no_start': 'dates: no start date (the Beneficiary Module needs one)',
            'dates.no_end': 'dates: no end date (the Beneficiary Module needs one)',
            'duration.unknown': 'duration: unknown (no dates and no duration in months)',
            'duration.long_term_below_min': 'duration: {5:.1f} months is below the {6}-month '
                || 'minimum for long-term {4}',
            'duration.long_term_above_max': 'duration: {5:.1f} months is above the {6}-month '
                || 'maximum for long-term {4}',
            'duration.short_term_below_min': 'duration: {2} {3} is below the {6}-day minimum '
                || 'for short-term {4}',
            'duration.short_term_above_max': 'duration: {2} days is above the {6}-day maximum '
                || 'for short-term {4}',
            'duration.staff_third_country_below_min': 'duration: {2} {3} is below the {6}-day '
                || 'minimum for {4} with a third country not associated to the Programme',
            'duration.staff_below_min': 'duration: {2} {3} is below the {6}-day minimum for {4}',
            'duration.staff_above_max': 'duration: {2} days is above the {6}-day (2-month) '
                || 'maximum for {4}',
            'window.starts_before': 'window: starts {7}, before the call {9} project period '
                || '({10} to {11})',
            'window.ends_after': 'window: ends {8}, after the call {9} project period '
                || '({10} to {11})',
            'organisation.partner_unregistered': 'organisation: {16} organisation ''{14}'' has '
                || 'no Erasmus code and no OID in the registry',
            'organisation.school_without_code': 'organisation: home school ''{12}'' has no '
                || 'Erasmus code',
            'city.partner_not_located': 'city: partner ''{14}'' ({15}) has no located city; '
                || 'no distance, no travel grant',
            'city.school_not_located': 'city: home school ''{12}'' has no located city; no '
                || 'distance, no travel grant',
            'overlap.same_participant': 'overlap: the same participant has mobility {17} at '
                || 'the same time',
        }[failed_check],
        -- 0-4: the activity as imported, its Erasmus+ type, days, 'day' or 'days', in words
        coalesce(activity, ''),
        coalesce(activity_type, ''),
        coalesce(physical_days::varchar, ''),
        if(physical_days = 1, 'day', 'days'),
        coalesce(erasmus_activity_words(activity_type), ''),
        -- 5-6: months (a number, for its format), the limit of the duration rule failed
        coalesce(physical_months, 0.0),
        coalesce(printf('%g', failed_duration_limit), ''),
        -- 7-11: dates, call year, the call's project period
        coalesce(start_date::varchar, ''),
        coalesce(end_date::varchar, ''),
        coalesce(call_year::varchar, ''),
        coalesce(project_start_date::varchar, ''),
        coalesce(project_end_date::varchar, ''),
        -- 12-16: the home school and its country, the partner, its country and its side
        coalesce(if(direction = 'outgoing', sending_organisation, receiving_organisation), ''),
        coalesce(if(direction = 'outgoing', sending_country_iso2, receiving_country_iso2), ''),
        coalesce(if(direction = 'outgoing', receiving_organisation, sending_organisation), ''),
        coalesce(if(direction = 'outgoing', receiving_country_iso2, sending_country_iso2), ''),
        if(direction = 'outgoing', 'receiving', 'sending'),
        -- 17: the participant's other mobilities at the same time
        coalesce(overlapping_mobilities, '')
    );

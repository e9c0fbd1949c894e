-- Every mobility under the Erasmus+ rules of its call year: action, activity type, long or short
-- term, distance and band, grant estimate, and the rule checks it fails, each by the code of the
-- rule (the macro erasmus_check_reason writes its reason).
-- Reads marts.mobilities and marts.partners, where a partner's location is settled; the builder
-- orders the models of a folder by what they read, so they are built first.
-- Grain: one row per mobility (as marts.mobilities).
--
-- Rules (amounts, limits, bands, countries) come from the reference tables of the mobility's
-- call year: the starting year of its academic year (2024-2025 -> call 2024). Amounts are
-- estimated only for call years the tables hold; the checks of other years use the limits of
-- the nearest call year that has rules (rules_call_year), which have not changed since 2021.
with

call_rules as (
    select * from staging.int_erasmus_call_rules
),

-- Each mobility's place in the order the table is stored in (see the end), numbered on the sort
-- keys alone: the rows are then sorted on this one number. A failed check refers to its
-- mobility by it (in the check failures mart), which only one row has: a mobility_id is a
-- hash, which two rows could share, however unlikely (see the mobilities mart).
numbered as (
    select
        rowid as mobility_rowid,
        row_number() over (
            order by academic_year_start(academic_year), school_id, start_date
        ) as mobility_number,
    from marts.mobilities
),

mobilities as (
    select
        mobilities.*,
        numbered.mobility_number,
        -- the EC's open data, 2008-13 statistics or KA1 data: months, never days
        coalesce(imports.file_format in ('ec_statistics', 'ec_ka1'), false)
            as is_from_ec_statistics,
        academic_year_start(mobilities.academic_year) as call_year,
    from marts.mobilities as mobilities
    join numbered on numbered.mobility_rowid = mobilities.rowid
    left join staging.stg_imports as imports using (import_id)
),

-- per call year, not per mobility: a million mobilities span a few dozen call years (read from
-- the mart, as numbered is: read twice, `mobilities` would be held in memory, 0.3 s of a million)
rules_years as (
    select
        call_years.call_year,
        (
            select arg_min(call_rules.call_year, (abs(call_rules.call_year - call_years.call_year),
                                                  call_rules.call_year))
            from call_rules
        ) as rules_call_year,
    from (select distinct academic_year_start(academic_year) as call_year from marts.mobilities)
        as call_years
),

-- The rules of that call year, joined once: each rule is a column of the mobility from here on
-- (one join instead of one per step below: 0.1 s of a million mobilities).
with_rules_year as (
    select
        mobilities.*,
        rules_years.rules_call_year,
        rules.* exclude (call_year),
    from mobilities
    left join rules_years on rules_years.call_year is not distinct from mobilities.call_year
    left join call_rules as rules on rules.call_year = rules_years.rules_call_year
),

-- The two ends of each mobility: the home school and the partner, located.
ends as (
    select
        mobilities.*,
        schools.school,
        schools.city as school_city,
        schools.country_iso2 as school_country_iso2,
        schools.latitude as school_latitude,
        schools.longitude as school_longitude,
        schools.erasmus_code as school_erasmus_code,
        partners.name as partner_name,
        partners.city as partner_city,
        partners.country_iso2 as partner_country_iso2,
        partners.latitude as partner_latitude,
        partners.longitude as partner_longitude,
        partners.erasmus_code as partner_erasmus_code,
        institutions.oid as partner_oid,
        coalesce(school_country.is_programme_country, false) as is_school_in_programme_country,
        coalesce(partner_country.is_programme_country, false)
            as is_partner_in_programme_country,
        school_country.country_group as school_country_group,
        partner_country.country_group as partner_country_group,
        partner_country.region as partner_region,
    from with_rules_year as mobilities
    join staging.stg_schools as schools using (school_id)
    join marts.partners as partners using (partner_id)
    left join staging.int_institutions as institutions
        on institutions.erasmus_code = partners.erasmus_code
    left join staging.stg_erasmus_countries as school_country
        on school_country.call_year = mobilities.rules_call_year
        and school_country.country_iso2 = schools.country_iso2
    left join staging.stg_erasmus_countries as partner_country
        on partner_country.call_year = mobilities.rules_call_year
        and partner_country.country_iso2 = partners.country_iso2
),

dated as (
    select
        ends.*,
        coalesce(ends.end_date < ends.start_date, false) as is_reversed,
        case
            when ends.end_date >= ends.start_date then ends.end_date - ends.start_date + 1
            when ends.end_date is null and ends.duration_months is not null
                then round(ends.duration_months * 30)::integer
        end as physical_days,
        case
            when ends.end_date >= ends.start_date
                then round(erasmus_months(ends.start_date, ends.end_date), 4)
            when ends.end_date is null then ends.duration_months
        end as physical_months,
        -- the project period of the mobility's own call (start month and length from the rules
        -- applied): a call without rules must not be checked against another call's dates
        make_date(ends.call_year, ends.project_start_month::integer, 1)
            as project_start_date,
        cast(
            make_date(ends.call_year, ends.project_start_month::integer, 1)
            + to_months(ends.project_duration_months::integer) - interval 1 day as date
        ) as project_end_date,
    from ends
),

classified as (
    select
        dated.*,
        case
            when dated.erasmus_action in ('KA131', 'KA171') then dated.erasmus_action
            when dated.is_school_in_programme_country and dated.is_partner_in_programme_country
                then 'KA131'
            else 'KA171'
        end as action,
        not (dated.is_school_in_programme_country and dated.is_partner_in_programme_country)
            as is_third_country_mobility,
        case
            when dated.erasmus_activity is not null then dated.erasmus_activity
            when dated.activity in ('study', 'double_degree') and dated.level = 'doctorate'
                and dated.physical_days <= dated.student_short_term_max_days
                then 'short-term doctoral'
            when dated.activity in ('study', 'double_degree') then 'HE-SMS'
            when dated.activity = 'traineeship' then 'HE-SMT'
            when dated.activity = 'staff_teaching' then 'HE-STA'
            when dated.activity = 'staff_training' then 'HE-STT'
        end as activity_type,
    from dated
),

typed as (
    select
        classified.*,
        classified.activity_type in ('HE-SMS', 'HE-SMT', 'BIP', 'short-term doctoral')
            as is_student,
        classified.activity_type in ('HE-STA', 'HE-STT') as is_staff,
        case
            when classified.activity_type in ('HE-STA', 'HE-STT', 'BIP', 'short-term doctoral')
                then false
            when classified.activity_type is null then null
            else classified.physical_days > classified.student_short_term_max_days
        end as is_long_term,
        coalesce(
            classified.funding is null
            or regexp_matches(lower(classified.funding), 'erasmus|ka1[37]1'),
            false
        ) as is_erasmus_funded,
        coalesce(classified.is_green_travel, false) as travels_green,
        coalesce(classified.has_fewer_opportunities, false) as has_fewer_opps,
        -- the country whose cost of living sets the individual support
        case when classified.direction = 'outgoing' then classified.partner_country_group
            else classified.school_country_group end as receiving_country_group,
        round(haversine_km(
            classified.school_latitude, classified.school_longitude,
            classified.partner_latitude, classified.partner_longitude
        ), 1) as distance_km,
    from classified
),

banded as (
    select
        typed.*,
        bands.band,
        bands.band_label,
        bands.standard_travel_eur,
        bands.green_travel_eur,
        typed.rules_call_year = typed.call_year as has_amounts,
        case
            when typed.is_staff then true
            when not typed.is_student then false
            when typed.is_third_country_mobility then true
            when typed.is_long_term
                then typed.has_fewer_opps
                and typed.travel_grant_long_term_students_fewer_opportunities = 1
            else typed.travel_grant_short_term_students = 1
                or (typed.has_fewer_opps
                    and typed.travel_grant_short_term_students_fewer_opportunities = 1)
        end as has_travel_grant,
        case
            when typed.direction = 'incoming' and not typed.is_partner_in_programme_country
                and coalesce(typed.partner_region, 0) not in (13, 14)
                then typed.student_monthly_support_incoming_third_country
            when typed.receiving_country_group = 1 then typed.student_monthly_support_group_1
            when typed.receiving_country_group = 2 then typed.student_monthly_support_group_2
            when typed.receiving_country_group = 3 then typed.student_monthly_support_group_3
            when typed.direction = 'outgoing' and not typed.is_partner_in_programme_country
                then typed.student_monthly_support_third_country
        end as student_monthly_eur,
        typed.receiving_country_group is not null
        and not (typed.direction = 'incoming' and not typed.is_partner_in_programme_country
                 and coalesce(typed.partner_region, 0) not in (13, 14)) as is_group_rate,
        case
            when typed.receiving_country_group = 1 then typed.staff_daily_support_group_1
            when typed.receiving_country_group = 2 then typed.staff_daily_support_group_2
            when typed.receiving_country_group = 3 then typed.staff_daily_support_group_3
            when typed.direction = 'outgoing' and not typed.is_partner_in_programme_country
                then typed.staff_daily_support_third_country
        end as staff_daily_eur,
    from typed
    left join staging.stg_erasmus_distance_bands as bands
        on bands.call_year = typed.rules_call_year
        and typed.distance_km >= bands.min_km
        and (bands.max_km is null or typed.distance_km < bands.max_km)
),

travel as (
    select
        banded.*,
        case
            when banded.has_travel_grant
                then case when banded.travels_green then banded.travel_days_green
                    else banded.travel_days end
            when banded.is_student and banded.travels_green then banded.green_travel_extra_days
            else 0
        end::integer as funded_travel_days,
        case
            when not banded.has_amounts then null
            when not banded.has_travel_grant then 0
            when banded.distance_km is null then null
            when banded.band is null then 0  -- under 10 km
            when banded.travels_green and banded.green_travel_eur is not null
                then banded.green_travel_eur
            else banded.standard_travel_eur
        end as travel_grant_eur,
    from banded
),

granted as (
    select
        travel.*,
        case
            when not travel.has_amounts or travel.physical_days is null then null
            when travel.is_staff then round(
                travel.staff_daily_eur * least(travel.physical_days + travel.funded_travel_days, 14)
                + travel.staff_daily_eur * travel.staff_daily_support_after_day_14_share
                * greatest(travel.physical_days + travel.funded_travel_days - 14, 0), 2)
            when travel.is_student and travel.is_long_term then round(
                travel.student_monthly_eur * (
                    travel.physical_months
                    + travel.funded_travel_days / travel.daily_rate_days_per_month
                ), 2)
            when travel.is_student then round(
                travel.short_term_daily_support_to_day_14
                * least(travel.physical_days + travel.funded_travel_days, 14)
                + travel.short_term_daily_support_day_15_to_30
                * greatest(travel.physical_days + travel.funded_travel_days - 14, 0), 2)
        end as individual_support_eur,
        case
            when not travel.has_amounts then null
            when not travel.is_student or not travel.has_fewer_opps then 0
            when travel.is_long_term
                then round(travel.fewer_opportunities_monthly_top_up * travel.physical_months, 2)
            when travel.physical_days is null then null
            when travel.physical_days <= 14
                then travel.short_term_fewer_opportunities_top_up_5_14_days
            else travel.short_term_fewer_opportunities_top_up_15_30_days
        end as fewer_opportunities_top_up_eur,
        case
            when not travel.has_amounts then null
            when travel.activity_type = 'HE-SMT' and travel.is_long_term and travel.is_group_rate
                then round(travel.traineeship_monthly_top_up * travel.physical_months, 2)
            else 0
        end as traineeship_top_up_eur,
        case
            when not travel.has_amounts then null
            when travel.is_student and not travel.has_travel_grant and travel.travels_green
                then travel.green_travel_top_up
            else 0
        end as green_travel_top_up_eur,
    from travel
),

overlapping_mobilities as (
    select
        this.mobility_id,
        string_agg(
            other.mobility_id || ' (' || other.start_date || ' to ' || other.end_date || ')',
            ', ' order by other.start_date, other.mobility_id
        ) as overlapping,
    from marts.mobilities as this
    join marts.mobilities as other
        on other.participant_id = this.participant_id
        and other.mobility_id <> this.mobility_id
        and other.start_date <= this.end_date
        and this.start_date <= other.end_date
        and other.end_date >= other.start_date
        and this.end_date >= this.start_date
    group by all
),

-- Each check gives the code of the rule the mobility fails ('duration.long_term_below_min':
-- the check, a dot, the rule), or null when it passes. Codes are stored, not reasons: the
-- macro erasmus_check_reason writes a reason when it is read. A rule whose reason would name a
-- value the mobility lacks (a partner without a country, say) does not count as failed, as when
-- the reasons were written here and such a reason came out null.
checks as (
    select
        granted.*,
        overlapping_mobilities.overlapping as overlapping_mobilities,
        case
            when granted.activity_type is null
                then if(granted.activity is null, null, 'activity.no_type')
            when granted.activity_type not in ('HE-SMS', 'HE-SMT', 'HE-STA', 'HE-STT', 'BIP',
                                               'short-term doctoral')
                then 'activity.not_a_type'
            when granted.activity_type in ('HE-SMS', 'HE-SMT')
                and granted.is_long_term = false and not coalesce(granted.is_blended, false)
                then 'activity.short_term'
        end as activity_check,
        case
            when granted.action = 'KA131' and granted.direction = 'incoming'
                and not granted.is_partner_in_programme_country
                then if(granted.partner_country_iso2 is null, null,
                        'action.ka131_incoming_third_country')
            when granted.action = 'KA171' and not granted.is_third_country_mobility
                then 'action.ka171_no_third_country'
        end as action_check,
        case
            when granted.school_country_iso2 = granted.partner_country_iso2
                then 'country.same_country'
        end as country_check,
        case
            when granted.is_reversed then 'dates.reversed'
            when not granted.is_from_ec_statistics and granted.start_date is null
                then 'dates.no_start'
            when not granted.is_from_ec_statistics and granted.end_date is null
                then 'dates.no_end'
        end as dates_check,
        case
            when granted.is_reversed or granted.activity_type is null then null
            when granted.physical_days is null then 'duration.unknown'
            when granted.is_student and granted.is_long_term
                and granted.physical_months < granted.student_long_term_min_months
                then 'duration.long_term_below_min'
            when granted.is_student and granted.is_long_term
                and granted.physical_months > granted.student_long_term_max_months
                then 'duration.long_term_above_max'
            when granted.is_student and not granted.is_long_term
                and granted.physical_days < granted.student_short_term_min_days
                then 'duration.short_term_below_min'
            when granted.is_student and not granted.is_long_term
                and granted.physical_days > granted.student_short_term_max_days
                then 'duration.short_term_above_max'
            when granted.is_staff and granted.is_third_country_mobility
                and granted.physical_days < granted.staff_min_days_third_country
                then 'duration.staff_third_country_below_min'
            when granted.is_staff and granted.physical_days < granted.staff_min_days
                then 'duration.staff_below_min'
            when granted.is_staff and granted.physical_days > granted.staff_max_days
                then 'duration.staff_above_max'
        end as duration_check,
        case
            when granted.start_date < granted.project_start_date
                then if(granted.project_end_date is null, null, 'window.starts_before')
            when granted.end_date > granted.project_end_date then 'window.ends_after'
        end as window_check,
        case
            when granted.partner_erasmus_code is null and granted.partner_oid is null
                then if(granted.partner_name is null, null, 'organisation.partner_unregistered')
            when granted.school_erasmus_code is null
                then if(granted.school is null, null, 'organisation.school_without_code')
        end as organisation_check,
        case
            when granted.partner_latitude is null
                then if(granted.partner_name is null or granted.partner_country_iso2 is null,
                        null, 'city.partner_not_located')
            when granted.school_latitude is null
                then if(granted.school is null, null, 'city.school_not_located')
        end as city_check,
        case
            when overlapping_mobilities.overlapping is not null then 'overlap.same_participant'
        end as overlap_check,
    from granted
    left join overlapping_mobilities using (mobility_id)
),

-- the codes of the checks failed, in the order of the checks, and the limit a reason names
checked as (
    select
        checks.*,
        list_filter([
            checks.activity_check, checks.action_check, checks.country_check, checks.dates_check,
            checks.duration_check, checks.window_check, checks.organisation_check,
            checks.city_check, checks.overlap_check
        ], lambda code: code is not null) as failed_check_codes,
        case checks.duration_check
            when 'duration.long_term_below_min' then checks.student_long_term_min_months
            when 'duration.long_term_above_max' then checks.student_long_term_max_months
            when 'duration.short_term_below_min' then checks.student_short_term_min_days
            when 'duration.short_term_above_max' then checks.student_short_term_max_days
            when 'duration.staff_third_country_below_min'
                then checks.staff_min_days_third_country
            when 'duration.staff_below_min' then checks.staff_min_days
            when 'duration.staff_above_max' then checks.staff_max_days
        end as failed_duration_limit,
    from checks
)

select
    -- ids
    mobility_number,
    mobility_id,
    school_id,
    school,
    partner_id,
    participant_id,
    -- Erasmus+ classification
    call_year,
    rules_call_year,
    action,
    activity_type,
    is_long_term,
    coalesce(is_blended, false) as is_blended,
    travels_green as is_green_travel,
    has_fewer_opps as has_fewer_opportunities,
    is_third_country_mobility,
    is_erasmus_funded,
    -- what the school itself reports: its outgoing mobility, and KA171 both ways
    is_erasmus_funded and (direction = 'outgoing' or action = 'KA171') as is_reported,
    -- the mobility as imported
    direction,
    academic_year,
    activity,
    level,
    field,
    start_date,
    end_date,
    physical_days,
    physical_months,
    -- where from, where to: what the reasons of failed checks and the failed-checks list name.
    -- The organisations' Erasmus codes, cities and OID are joined by the public view instead:
    -- storing them (sorted and written with the rest of the row) took about 0.2 s of a
    -- million-row import.
    case when direction = 'outgoing' then school else partner_name end as sending_organisation,
    case when direction = 'outgoing' then school_country_iso2 else partner_country_iso2 end
        as sending_country_iso2,
    case when direction = 'outgoing' then partner_name else school end as receiving_organisation,
    case when direction = 'outgoing' then partner_country_iso2 else school_country_iso2 end
        as receiving_country_iso2,
    -- distance and grant
    distance_km,
    band as distance_band_number,
    band_label as distance_band,
    has_travel_grant,
    funded_travel_days,
    travel_grant_eur,
    individual_support_eur,
    fewer_opportunities_top_up_eur,
    traineeship_top_up_eur,
    green_travel_top_up_eur,
    round(travel_grant_eur + individual_support_eur + fewer_opportunities_top_up_eur
          + traineeship_top_up_eur + green_travel_top_up_eur, 2) as total_grant_eur,
    -- checks
    failed_check_codes,
    len(failed_check_codes) as count_failed_checks,
    -- what the reasons of failed checks name (see the macro erasmus_check_reason)
    project_start_date,
    project_end_date,
    failed_duration_limit,
    overlapping_mobilities,
    -- lineage
    is_synthetic,
    is_from_ec_statistics,
    source_file,
from checked
-- by call year, school and start date (see numbered): one call year and school are read together
-- (the reporting page asks for one at a time)
order by mobility_number

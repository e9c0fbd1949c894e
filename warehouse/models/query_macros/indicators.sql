-- Table macros of the management indicators (the /indicators page and the overview).

-- Whether each agreement is used: an agreement is used in an academic year when its school has
-- at least one mobility with its partner that year, either way (a double-degree agreement only
-- by double-degree mobilities: a semester exchange does not use it). The mobilities do not say
-- under which agreement they went, so two agreements of one school with one partner are used
-- by the same mobilities.
-- One row per agreement under the school and region filters, with, for academic year `year`:
--   is_active            the agreement runs in `year` (is_active_in)
--   last_flow_year       the last academic year up to `year` with a mobility that uses it
--   count_flows_in_year  mobilities using it in `year`
--   use_state            'used' (a flow in `year`), 'unused_this_year' (none in `year`, some in
--                        the two years before), 'no_flow_3_years' (none in `year` and the two
--                        years before, though it ran all three), 'new_unused' (none yet, but
--                        it started less than three years ago), 'undated' (listed without
--                        years and no flow in `year`: since when it runs is not known, so it
--                        is never counted as three years without flow); null when not active.
create or replace macro agreement_use(schools, regions, year) as table
    with

    agreements as (
        select *
        from filtered_agreements(schools, regions)
    ),

    flows as (
        -- pre-counted mobilities (marts.mobility_counts): the same figures without reading
        -- every mobility row
        select
            agreements.agreement_id,
            max(counts.academic_year) as last_flow_year,
            coalesce(sum(counts.count_mobilities) filter (where counts.academic_year = year), 0)
                as count_flows_in_year,
        from agreements
        join marts.mobility_counts as counts
            on counts.school_id = agreements.school_id
            and counts.partner_id = agreements.partner_id
            and counts.academic_year <= year
            and (agreements.agreement_type <> 'double_degree'
                 or counts.activity = 'double_degree')
        group by all
    ),

    window_start as (
        select
            (academic_year_start(year) - 2)::varchar || '-'
            || (academic_year_start(year) - 1)::varchar as first_year_of_window,
    )

    select
        agreements.*,
        is_active_in(
            agreements.first_academic_year, agreements.last_academic_year,
            agreements.listed_academic_year, year
        ) as is_active,
        flows.last_flow_year,
        coalesce(flows.count_flows_in_year, 0) as count_flows_in_year,
        case
            when not is_active_in(
                agreements.first_academic_year, agreements.last_academic_year,
                agreements.listed_academic_year, year
            ) then null
            when flows.last_flow_year = year then 'used'
            when agreements.first_academic_year is null then 'undated'
            when flows.last_flow_year >= window_start.first_year_of_window
                then 'unused_this_year'
            when agreements.first_academic_year > window_start.first_year_of_window
                then 'new_unused'
            else 'no_flow_3_years'
        end as use_state,
    from agreements
    cross join window_start
    left join flows using (agreement_id);

-- The EQF level of a mobility's level as files write it: bachelor 6, master 7, doctorate 8,
-- short cycle 5; null when unknown.
create or replace macro eqf_level_of(level) as
    case
        when level is null then null
        when regexp_matches(lower(level), 'doct|phd|eqf ?8|^8$') then '8'
        when regexp_matches(lower(level), 'master|eqf ?7|^7$') then '7'
        when regexp_matches(lower(level), 'bachel|licen|eqf ?6|^6$') then '6'
        when regexp_matches(lower(level), 'short|eqf ?5|^5$') then '5'
    end;

-- The activity of the mobilities a quota of `mobility_type` counts, in an agreement of
-- `agreement_type`: places for studies in a double-degree agreement are double-degree places.
create or replace macro quota_activity(mobility_type, agreement_type) as
    case mobility_type
        when 'student_studies' then
            case when agreement_type = 'double_degree' then 'double_degree' else 'study' end
        when 'student_traineeship' then 'traineeship'
        else mobility_type
    end;

-- Quota versus realised: each cooperation condition that sets places, months or days a year,
-- next to the mobilities that used it, per academic year of the range that the warehouse has
-- mobilities in and that the quota covers (an open-ended quota covers them all), under the
-- school, region and direction filters. A mobility uses a quota when it is of the quota's
-- school, partner and direction, in that academic year, of its mobility type (quota_activity)
-- and, when the quota names EQF levels, of one of them (a mobility of unknown level counts).
-- One row per (quota_id, academic_year): the quota and agreement table reads every row, the
-- chart of places per year adds them up.
create or replace macro quota_use(schools, regions, direction, year_from, year_to) as table
    with

    years as (
        select distinct academic_year
        from marts.mobility_counts_by_country
        where academic_year between year_from and year_to
    ),

    quotas as (
        select
            quotas.*,
            agreements.agreement_type,
            agreements.signatory_level,
            agreements.partner_name,
            agreements.country_iso2,
            agreements.country_name,
            agreements.country_name_fr,
            quota_activity(quotas.mobility_type, agreements.agreement_type) as activity,
        from agreement_quotas as quotas
        join filtered_agreements(schools, regions) as agreements
            using (agreement_id)
        where (direction = 'all' or quotas.direction = direction)
          and coalesce(
              quotas.mobilities_per_year, quotas.months_per_year, quotas.days_per_year
          ) is not null
    ),

    quota_years as (
        select
            quotas.*,
            years.academic_year,
        from quotas
        join years
            on is_active_in(
                quotas.first_academic_year, quotas.last_academic_year, quotas.listed_academic_year,
                years.academic_year
            )
    ),

    realised as (
        select
            quota_years.quota_id,
            quota_years.academic_year,
            count(mobilities.mobility_id) as realised_mobilities,
            round(coalesce(sum(mobilities.duration_months), 0), 1) as realised_months,
            coalesce(
                sum(
                    coalesce(
                        date_diff('day', mobilities.start_date, mobilities.end_date) + 1,
                        round(mobilities.duration_months * 30)
                    )
                ),
                0
            ) as realised_days,
        from quota_years
        left join (
            -- the mobilities with partners that have quotas only, not every mobility
            select * from mobilities where partner_id in (select partner_id from quotas)
        ) as mobilities
            on mobilities.school_id = quota_years.school_id
            and mobilities.partner_id = quota_years.partner_id
            and mobilities.direction = quota_years.direction
            and mobilities.academic_year = quota_years.academic_year
            and mobilities.activity = quota_years.activity
            and (
                quota_years.eqf_levels is null
                or eqf_level_of(mobilities.level) is null
                or list_contains(
                    string_split(quota_years.eqf_levels, '; '), eqf_level_of(mobilities.level)
                )
            )
        group by all
    ),

    final as (
        select
            -- ids
            quota_years.quota_id,
            quota_years.agreement_id,
            quota_years.school_id,
            quota_years.school,
            quota_years.partner_id,
            quota_years.partner_name,
            quota_years.country_iso2,
            quota_years.country_name,
            quota_years.country_name_fr,
            -- the quota
            quota_years.agreement_type,
            quota_years.direction,
            quota_years.mobility_type,
            quota_years.eqf_levels,
            quota_years.academic_year,
            -- quota versus realised
            quota_years.mobilities_per_year as quota_mobilities,
            realised.realised_mobilities,
            round(
                100 * realised.realised_mobilities / nullif(quota_years.mobilities_per_year, 0), 1
            ) as percent_used,
            quota_years.months_per_year as quota_months,
            realised.realised_months,
            quota_years.days_per_year as quota_days,
            realised.realised_days,
            -- lineage
            quota_years.first_academic_year,
            quota_years.last_academic_year,
            quota_years.source_file,
            quota_years.is_synthetic,
        from quota_years
        join realised using (quota_id, academic_year)
    )

    select * from final;

-- Double-degree students per partner and academic year under the school, year, direction and
-- region filters, leaving (outgoing) and arriving (incoming): what the double-degree pipeline
-- lists and its charts add up per year and per partner. The activity filter does not apply.
create or replace macro double_degree_counts(schools, year_from, year_to, direction, regions)
as table
    select
        counts.partner_id,
        counts.academic_year,
        coalesce(sum(counts.count_mobilities) filter (where counts.direction = 'outgoing'), 0)
            ::bigint as count_leaving,
        coalesce(sum(counts.count_mobilities) filter (where counts.direction = 'incoming'), 0)
            ::bigint as count_arriving,
        sum(counts.count_mobilities)::bigint as count_students,
        coalesce(sum(counts.count_mobilities) filter (where counts.is_synthetic), 0)::bigint
            as count_synthetic,
    from filtered_partner_mobility_counts(
        schools, year_from, year_to, direction, ['double_degree'], regions
    ) as counts
    group by counts.partner_id, counts.academic_year;

-- Quota versus realised: each cooperation condition that sets places, months or days a year,
-- next to the mobilities that used it, per academic year.
-- Grain: one row per (quota_id, academic_year), for the academic years of the range that the
-- warehouse has mobilities in and that the quota covers (an open-ended quota covers them all).
-- A mobility uses a quota when it is of the quota's school, partner and direction, in that
-- academic year, of its mobility type (quota_activity: studies are study stays, or double
-- degrees in a double-degree agreement; traineeships; staff teaching; staff training) and,
-- when the quota names EQF levels, of one of them (a mobility of unknown level counts).
-- Params: $schools, $regions (lists, empty = all), $direction, $year_from, $year_to. The
-- activity filter does not apply: the quota's type decides which activities count.
with

years as (
    select distinct academic_year
    from marts.mobility_counts_by_country
    where academic_year between $year_from and $year_to
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
    join filtered_agreements($schools::varchar[], $regions::varchar[]) as agreements
        using (agreement_id)
    where ($direction = 'all' or quotas.direction = $direction)
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
        round(100 * realised.realised_mobilities / nullif(quota_years.mobilities_per_year, 0), 1)
            as percent_used,
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

select * from final
order by academic_year, school, partner_name, direction desc, mobility_type, quota_id

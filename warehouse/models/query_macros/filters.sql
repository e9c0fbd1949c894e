-- Table macros over the public views for the dashboard's named queries (built after the views).

-- Whether a mobility (or a count of them) passes the dashboard's global filters; an empty list
-- means "all"; years compare as text ('2015-2016' < '2016-2017'). One definition for the rows
-- and for every pre-counted table.
create or replace macro passes_filters(
    school_id, academic_year, mobility_direction, activity, region_code,
    schools, year_from, year_to, direction, activities, regions
) as
    (len(schools) = 0 or list_contains(schools, school_id))
    and academic_year between year_from and year_to
    and (direction = 'all' or mobility_direction = direction)
    and (len(activities) = 0 or list_contains(activities, activity))
    and (len(regions) = 0 or list_contains(regions, region_code));

-- Mobilities under the dashboard's global filters.
create or replace macro filtered_mobilities(
    schools, year_from, year_to, direction, activities, regions
) as table
    select
        mobilities.*,
        partners.name as partner_name,
        partners.country_iso2,
        countries.country_iso3,
        countries.country_name,
        countries.country_name_fr,
        countries.region_code,
    from mobilities
    join partners using (partner_id)
    left join countries using (country_iso2)
    where passes_filters(
        mobilities.school_id, mobilities.academic_year, mobilities.direction,
        mobilities.activity, countries.region_code,
        schools, year_from, year_to, direction, activities, regions
    );

-- Agreements under the dashboard's school and region filters, with their partner's country.
create or replace macro filtered_agreements(schools, regions) as table
    select
        agreements.*,
        partners.name as partner_name,
        partners.country_iso2,
        countries.country_iso3,
        countries.country_name,
        countries.country_name_fr,
        countries.region_code,
        countries.region_name,
        countries.region_name_fr,
    from agreements
    join partners using (partner_id)
    left join countries using (country_iso2)
    where (len(schools) = 0 or list_contains(schools, agreements.school_id))
      and (len(regions) = 0 or list_contains(regions, countries.region_code));

-- Whether an agreement (or a quota) runs in an academic year. Without a first year it runs from
-- the year its list was valid (listed_academic_year: the year the file says, else the year it
-- was imported), never before: a list imported in 2019 says nothing of 2011. Without a last
-- year it runs on.
create or replace macro is_active_in(
    first_academic_year, last_academic_year, listed_academic_year, academic_year
) as
    coalesce(first_academic_year, listed_academic_year) <= academic_year
    and coalesce(last_academic_year >= academic_year, true);

-- Agreements that run in `year` under the school and region filters, with their partner's
-- country and region: the rows of filtered_agreements that the map counts, from a table that
-- needs no join.
create or replace macro active_agreement_partners(schools, regions, year) as table
    select agreements.*
    from marts.agreement_partners as agreements
    where (len(schools) = 0 or list_contains(schools, agreements.school_id))
      and (len(regions) = 0 or list_contains(regions, agreements.region_code))
      and is_active_in(
          agreements.first_academic_year, agreements.last_academic_year,
          agreements.listed_academic_year, year
      );

-- The academic year before: '2024-2025' -> '2023-2024'.
create or replace macro previous_academic_year(academic_year) as
    (academic_year_start(academic_year) - 1)::varchar || '-'
    || academic_year_start(academic_year)::varchar;

-- Mobility counts per school, country, year, direction and activity under the global filters:
-- the same rows as filtered_mobilities, pre-counted (count_mobilities, sum_months). Pages that
-- only add mobilities up read this, never the mobility rows.
create or replace macro filtered_mobility_counts(
    schools, year_from, year_to, direction, activities, regions
) as table
    select counts.*
    from marts.mobility_counts_by_country as counts
    where passes_filters(
        counts.school_id, counts.academic_year, counts.direction, counts.activity,
        counts.region_code, schools, year_from, year_to, direction, activities, regions
    );

-- The same, per partner (country_iso2 and region_code included).
create or replace macro filtered_partner_mobility_counts(
    schools, year_from, year_to, direction, activities, regions
) as table
    select counts.*
    from marts.mobility_counts as counts
    where passes_filters(
        counts.school_id, counts.academic_year, counts.direction, counts.activity,
        counts.region_code, schools, year_from, year_to, direction, activities, regions
    );

-- The same, per world region (no country): what the KPIs, the trend and the activity and region
-- charts add up, from a table of a few thousand rows.
create or replace macro filtered_region_mobility_counts(
    schools, year_from, year_to, direction, activities, regions
) as table
    select counts.*
    from marts.mobility_counts_by_region as counts
    where passes_filters(
        counts.school_id, counts.academic_year, counts.direction, counts.activity,
        counts.region_code, schools, year_from, year_to, direction, activities, regions
    );

-- Mobilities per academic year three ways under the global filters, in one pass over the
-- per-region counts: by direction (breakdown = 'direction': the trend), by activity
-- ('activity') and by world region of the partner ('region'; region_code '' when the partner's
-- country has none, named "Other", and 'unknown' when the partner's country is not known, named
-- "Unknown country"). The columns a breakdown is not by are null. The flows page
-- draws its three year charts from one query of it; the overview's trend and the downloads read
-- one breakdown.
create or replace macro mobility_breakdowns(
    schools, year_from, year_to, direction, activities, regions
) as table
    with
    counted as (
        select
            case
                when grouping(counts.direction) = 0 then 'direction'
                when grouping(counts.activity) = 0 then 'activity'
                else 'region'
            end as breakdown,
            counts.academic_year,
            counts.direction,
            counts.activity,
            -- a count has no region when its partner has no country (a country always has a
            -- region code, '' when it belongs to none of the regions)
            if(grouping(counts.region_code) = 0, coalesce(counts.region_code, 'unknown'), null)
                as region_code,
            coalesce(sum(counts.count_mobilities) filter (where counts.direction = 'outgoing'), 0)
                ::bigint as count_outgoing,
            coalesce(sum(counts.count_mobilities) filter (where counts.direction = 'incoming'), 0)
                ::bigint as count_incoming,
            sum(counts.count_mobilities)::bigint as count_mobilities,
            coalesce(sum(counts.count_mobilities) filter (where counts.is_synthetic), 0)::bigint
                as count_synthetic,
        from filtered_region_mobility_counts(
            schools, year_from, year_to, direction, activities, regions
        ) as counts
        group by grouping sets (
            (counts.academic_year, counts.direction),
            (counts.academic_year, counts.activity),
            (counts.academic_year, counts.region_code)
        )
    ),
    region_names as (
        select distinct region_code, region_name, region_name_fr from countries
    )
    select
        counted.breakdown,
        counted.academic_year,
        counted.direction,
        counted.activity,
        counted.region_code,
        -- a partner whose country has no region still counts, as "Other"; one whose country is
        -- not known, as "Unknown country"
        case
            when counted.breakdown <> 'region' then null
            when counted.region_code = 'unknown' then 'Unknown country'
            else coalesce(region_names.region_name, 'Other')
        end as region_name,
        case
            when counted.breakdown <> 'region' then null
            when counted.region_code = 'unknown' then 'Pays inconnu'
            else coalesce(region_names.region_name_fr, 'Autre')
        end as region_name_fr,
        counted.count_outgoing,
        counted.count_incoming,
        counted.count_mobilities,
        counted.count_synthetic,
    from counted
    left join region_names using (region_code);

-- Mobility counts per partner under the global filters, outgoing and incoming side by side
-- (count_outgoing, count_incoming; a direction filter zeroes the other side): the same sums
-- and the same partners as filtered_partner_mobility_counts. Without an activity filter the
-- rows come from marts.partner_flow_counts (activities already added up, a sixth of the rows
-- to read); with one, from the per-activity counts. The parameters are bound before planning,
-- so DuckDB drops the branch that cannot return rows without reading it.
create or replace macro filtered_partner_flow_counts(
    schools, year_from, year_to, direction, activities, regions
) as table
    select
        counts.school_id,
        counts.partner_id,
        counts.country_iso2,
        counts.region_code,
        counts.academic_year,
        if(direction = 'incoming', 0, counts.count_outgoing) as count_outgoing,
        if(direction = 'outgoing', 0, counts.count_incoming) as count_incoming,
    from marts.partner_flow_counts as counts
    where len(activities) = 0
      and (len(schools) = 0 or list_contains(schools, counts.school_id))
      and counts.academic_year between year_from and year_to
      and (len(regions) = 0 or list_contains(regions, counts.region_code))
      -- a row whose only mobilities go the other way is not there, as in the per-activity rows
      and (direction <> 'outgoing' or counts.count_outgoing > 0)
      and (direction <> 'incoming' or counts.count_incoming > 0)
    union all
    select
        counts.school_id,
        counts.partner_id,
        counts.country_iso2,
        counts.region_code,
        counts.academic_year,
        if(counts.direction = 'outgoing', counts.count_mobilities, 0) as count_outgoing,
        if(counts.direction = 'incoming', counts.count_mobilities, 0) as count_incoming,
    from filtered_partner_mobility_counts(
        schools, year_from, year_to, direction, activities, regions
    ) as counts
    where len(activities) > 0;

-- Mobilities per partner under the global filters, outgoing and incoming: what the map's
-- points, the map's country list, the top partners and the balance add up. `countries` keeps
-- the partners of those countries (empty = all; '' = those of unknown country), before the
-- sums: grouping by the partner alone is a third faster than by partner and country.
create or replace macro partner_flow_totals(
    schools, year_from, year_to, direction, activities, regions, countries
) as table
    select
        counts.partner_id,
        sum(counts.count_outgoing)::bigint as count_outgoing,
        sum(counts.count_incoming)::bigint as count_incoming,
    from filtered_partner_flow_counts(
        schools, year_from, year_to, direction, activities, regions
    ) as counts
    -- '' stands for the partners of unknown country
    where len(countries) = 0 or list_contains(countries, coalesce(counts.country_iso2, ''))
    group by counts.partner_id;

-- The partners with mobilities under the global filters that come first three ways: the
-- `top_limit` with the most mobilities out (ranking = 'outgoing') and in ('incoming'), and the
-- `balance_limit` most out of balance ('balance': incoming minus outgoing, largest absolute value
-- first; ratio_in_out is incoming / outgoing, null when nobody went out). Ties are broken by name,
-- then id, so that the lists are the same on every load. A direction without mobilities is not
-- ranked in that direction. count_mobilities is the ranking's direction's count (null for
-- 'balance'). A limit of 0 leaves that ranking out; null keeps every partner.
-- Each list is a top-N sort (a heap of `limit` rows) ranked afterwards: ranking every partner
-- with a window cost 3-4 ms per list at 10 million mobilities, a top-N 1.5-2.5 ms.
create or replace macro partner_rankings(
    schools, year_from, year_to, direction, activities, regions, top_limit, balance_limit
) as table
    with
    summed as (
        select
            totals.partner_id,
            partners.name as partner_name,
            partners.country_iso2,
            partners.country_name,
            partners.country_name_fr,
            totals.count_outgoing,
            totals.count_incoming,
        from partner_flow_totals(
            schools, year_from, year_to, direction, activities, regions, []::varchar[]
        ) as totals
        join partners using (partner_id)
    ),
    first_outgoing as (
        select * from summed
        where count_outgoing > 0
        order by count_outgoing desc, partner_name, partner_id
        limit top_limit
    ),
    first_incoming as (
        select * from summed
        where count_incoming > 0
        order by count_incoming desc, partner_name, partner_id
        limit top_limit
    ),
    most_out_of_balance as (
        select * from summed
        order by abs(count_incoming - count_outgoing) desc, partner_name, partner_id
        limit balance_limit
    )
    select
        'outgoing' as ranking,
        row_number() over (order by count_outgoing desc, partner_name, partner_id) as rank,
        *,
        count_outgoing as count_mobilities,
        null::bigint as balance,
        null::double as ratio_in_out,
    from first_outgoing
    union all by name
    select
        'incoming' as ranking,
        row_number() over (order by count_incoming desc, partner_name, partner_id) as rank,
        *,
        count_incoming as count_mobilities,
    from first_incoming
    union all by name
    select
        'balance' as ranking,
        row_number() over (
            order by abs(count_incoming - count_outgoing) desc, partner_name, partner_id
        ) as rank,
        *,
        count_incoming - count_outgoing as balance,
        round(count_incoming / nullif(count_outgoing, 0), 2) as ratio_in_out,
    from most_out_of_balance;

-- Every agreement under the school and region filters, whatever its status, with its partner's
-- country and region and whether it runs in `year`: the agreements table, whole (download) or
-- a page at a time (the grid).
create or replace macro listed_agreements(schools, regions, year) as table
    select
        agreement_id,
        school_id,
        school,
        partner_id,
        partner_name,
        country_iso2,
        country_name,
        country_name_fr,
        coalesce(region_name, 'Other') as region_name,
        coalesce(region_name_fr, 'Autre') as region_name_fr,
        agreement_type,
        signatory_level,
        status,
        is_active_in(first_academic_year, last_academic_year, listed_academic_year, year)
            as is_active_in_year,
        first_academic_year,
        last_academic_year,
        source_file,
        is_synthetic,
    from filtered_agreements(schools, regions);

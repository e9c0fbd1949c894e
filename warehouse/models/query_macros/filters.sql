-- What several of the dashboard's named queries share (built after the public views): the
-- global filters and the user's schools (the schools bound by warehouse.access), over the public
-- views and the pre-counted marts (docs/queries.md); agreements active in a year; per-partner
-- totals.

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
-- the mobility rows that passes_filters keeps, pre-counted (count_mobilities, sum_months). Queries
-- that only add mobilities up read these counts, never the mobility rows.
create or replace macro filtered_country_mobility_counts(
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

-- The per-partner totals of partner_flow_totals (every country) with the partner's name and
-- country: what the top partners and the balance rank.
create or replace macro partner_flow_totals_named(
    schools, year_from, year_to, direction, activities, regions
) as table
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
    join partners using (partner_id);

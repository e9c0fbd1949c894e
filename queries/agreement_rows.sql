-- The agreements table: every agreement under the school and region filters, whatever its
-- status, with its partner's country and region and whether it runs in academic year $year.
-- The grid asks for a page at a time, searched and sorted here rather than in the browser,
-- which never receives the whole list (a national agency has tens of thousands of agreements);
-- the download asks for every row ($limit null).
-- Grain: one row per agreement, at most $limit of them from row $offset; total_rows counts
-- every agreement matching the filters and the search.
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025'), $search (text, '' =
-- everything; matched anywhere in the school, partner, country, region, type, level, status,
-- years or source file), $sort_column (one of the table's columns, '' = the default order),
-- $descending (boolean), $offset, $limit.
with

listed as (
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
        is_active_in(first_academic_year, last_academic_year, listed_academic_year, $year)
            as is_active_in_year,
        first_academic_year,
        last_academic_year,
        source_file,
        is_synthetic,
    from filtered_agreements($schools::varchar[], $regions::varchar[])
),

matching as (
    select *
    from listed
    where $search = ''
        or concat_ws(
            ' ', school, partner_name, country_name, country_name_fr, region_name,
            region_name_fr, agreement_type, signatory_level, status, first_academic_year,
            last_academic_year, source_file
        ) ilike '%' || $search || '%'
),

keyed as (
    select
        *,
        case $sort_column
            when 'school' then school
            when 'partner' then partner_name
            when 'country' then country_name
            when 'region' then region_name
            when 'type' then agreement_type
            when 'level' then signatory_level
            when 'status' then status
            when 'active_in_year' then is_active_in_year::varchar
            when 'first_academic_year' then first_academic_year
            when 'last_academic_year' then last_academic_year
            when 'source_file' then source_file
            when 'synthetic' then is_synthetic::varchar
        end as sort_key,
    from matching
)

select * exclude (sort_key), count(*) over () as total_rows,
from keyed
order by
    case when not $descending then sort_key end asc nulls last,
    case when $descending then sort_key end desc nulls last,
    school, partner_name, agreement_type, signatory_level, agreement_id
limit $limit offset $offset

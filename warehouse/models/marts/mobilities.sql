-- Mobilities of students and staff between home schools and partners: rows imported for a
-- school, and rows of the EC open data (2008-13 statistics, KA1 data from 2014) in which a home
-- school sends or hosts, unless the school's own files give that year and direction.
-- Grain: one row per mobility (an EC row between two home schools is one mobility for each; a
-- KA1 row counting 3 participants is 3 mobilities).
-- The steps below are read twice (the rows, and their distinct partner names) and recomputed
-- each time rather than kept: keeping them held a million rows in memory, 0.07 s more.
-- A mobility_id is 64 bits of a hash of what the row says, so that bookmarks survive the same
-- data imported again, even from a new export of it (other bytes, other line order): for a
-- school's own rows, who, where, when and what (school, direction, participant, partner, dates,
-- activity), numbered among identical rows in import order; for the EC's published files, the
-- file and the line. With 48 bits, two of 10 million synthetic mobilities shared one; with 64
-- the chance that any two of 10 million do is about 3 in a million.
with

identified as not materialized (
    select
        rows.*,
        md5(concat_ws(
            '|', rows.school_id, rows.direction, rows.academic_year,
            coalesce(rows.participant_id, ''), coalesce(rows.partner_country_iso2, ''),
            rows.partner_name, coalesce(cast(rows.start_date as varchar), ''),
            coalesce(cast(rows.end_date as varchar), ''), rows.activity
        )) as identity,
    from staging.stg_mobilities as rows
),

imported as not materialized (
    select
        'm-' || left(
            md5(identity || '|' || row_number() over (
                partition by identity order by rows.import_id, rows.line_number, rows.item_number
            )),
            16
        ) as mobility_id,
        rows.school_id,
        rows.partner_name,
        rows.partner_country_iso2,
        rows.direction,
        rows.academic_year,
        rows.start_date,
        rows.end_date,
        rows.duration_months,
        rows.activity,
        rows.level,
        rows.field,
        rows.funding,
        rows.participant_id,
        rows.is_synthetic,
        imports.file_name as source_file,
        rows.import_id,
        rows.line_number,
        rows.is_blended,
        rows.is_green_travel,
        rows.has_fewer_opportunities,
        rows.erasmus_activity,
        rows.erasmus_action,
    from identified as rows
    join staging.stg_imports as imports using (import_id)
),

from_ec_statistics as not materialized (
    select
        'm-' || left(
            md5(concat_ws('|', imports.file_sha256, rows.line_number, rows.school_id)), 16
        ) as mobility_id,
        rows.school_id,
        rows.partner_name,
        rows.partner_country_iso2,
        rows.direction,
        rows.academic_year,
        rows.start_month as start_date,
        cast(null as date) as end_date,
        rows.duration_months,
        rows.activity,
        rows.level,
        cast(null as varchar) as field,
        'erasmus' as funding,
        cast(null as varchar) as participant_id,
        false as is_synthetic,
        imports.file_name as source_file,
        rows.import_id,
        rows.line_number,
        -- the EC statistics say none of the Erasmus+ inputs
        cast(null as boolean) as is_blended,
        cast(null as boolean) as is_green_travel,
        cast(null as boolean) as has_fewer_opportunities,
        cast(null as varchar) as erasmus_activity,
        cast(null as varchar) as erasmus_action,
    from staging.int_ec_home_mobilities as rows
    join staging.stg_imports as imports using (import_id)
),

-- A KA1 row counts `participants` mobilities: item 1 … participants, each its own id (the
-- importer refuses a row above 10,000).
from_ec_ka1 as not materialized (
    select
        'm-' || left(
            md5(concat_ws(
                '|', imports.file_sha256, rows.line_number, items.item_number, rows.school_id,
                rows.direction
            )),
            16
        ) as mobility_id,
        rows.school_id,
        rows.partner_name,
        rows.partner_country_iso2,
        rows.direction,
        rows.academic_year,
        rows.start_month as start_date,
        -- the files give the end month, not the day: the length is the duration in days
        cast(null as date) as end_date,
        rows.duration_days / 30 as duration_months,
        rows.activity,
        rows.level,
        rows.field,
        'erasmus' as funding,
        cast(null as varchar) as participant_id,
        false as is_synthetic,
        imports.file_name as source_file,
        rows.import_id,
        rows.line_number,
        cast(null as boolean) as is_blended,
        cast(null as boolean) as is_green_travel,
        rows.has_fewer_opportunities,
        rows.erasmus_activity,
        -- the actions this warehouse's Erasmus+ rules know; KA103/KA107 (2014-2020) are not
        case when rows.key_action in ('KA131', 'KA171') then rows.key_action end
            as erasmus_action,
    from staging.int_ec_ka1_home_mobilities as rows
    join staging.stg_imports as imports using (import_id)
    cross join unnest(range(1, rows.participants + 1)) as items(item_number)
),

-- An EC row of a school, year and direction that the school's own files give is set aside
-- (staging.int_ec_set_aside): counted once, from the school's file.
set_aside as (
    select distinct source, import_id, line_number, school_id, direction
    from staging.int_ec_set_aside
),

unioned as not materialized (
    select * from imported
    union all
    select ec.* from from_ec_statistics as ec
    anti join set_aside
        on set_aside.source = 'ec_statistics' and set_aside.import_id = ec.import_id
        and set_aside.line_number = ec.line_number and set_aside.school_id = ec.school_id
        and set_aside.direction = ec.direction
    union all
    select ka1.* from from_ec_ka1 as ka1
    anti join set_aside
        on set_aside.source = 'ec_ka1' and set_aside.import_id = ka1.import_id
        and set_aside.line_number = ka1.line_number and set_aside.school_id = ka1.school_id
        and set_aside.direction = ka1.direction
),

-- Each name as written, keyed once: a million rows name a few thousand partners, and keying a
-- name (accents, case, punctuation) costs more than a join.
partner_of_name as (
    select
        names.partner_country_iso2,
        names.partner_name,
        spellings.partner_id,
    from (select distinct partner_country_iso2, partner_name from unioned) as names
    join marts.partner_spellings as spellings
        on spellings.country_iso2 is not distinct from names.partner_country_iso2
        and spellings.spelling_key = name_key(names.partner_name)
)

select
    mobilities.* exclude (partner_name, partner_country_iso2),
    partner_of_name.partner_id,
from unioned as mobilities
join partner_of_name
    on partner_of_name.partner_country_iso2 is not distinct from mobilities.partner_country_iso2
    and partner_of_name.partner_name = mobilities.partner_name

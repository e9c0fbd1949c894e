-- EC statistics rows in which a home school sends or hosts, seen from that school: its
-- students sent are outgoing, the students it hosted incoming. Home schools are matched on any
-- Erasmus code they have had ('F DOUAI02' is IMT Nord Europe).
-- Grain: one row per (EC row, home school involved).
with

codes as (
    select erasmus_code, school_id from main.school_erasmus_codes
),

sent as (
    select
        ec.*,
        codes.school_id,
        'outgoing' as direction,
        ec.receiving_code as partner_code,
        ec.receiving_country_iso2 as partner_country_iso2,
    from staging.stg_ec_student_mobilities as ec
    join codes on codes.erasmus_code = ec.sending_code
),

hosted as (
    select
        ec.*,
        codes.school_id,
        'incoming' as direction,
        ec.sending_code as partner_code,
        ec.sending_country_iso2 as partner_country_iso2,
    from staging.stg_ec_student_mobilities as ec
    join codes on codes.erasmus_code = ec.receiving_code
)

select
    -- a code whose prefix names no country (such as 'EURFIESOLE01') takes the registry's, if
    -- any; else its partner stays of unknown country, and is shown as such, never dropped
    both_ways.* replace (
        coalesce(both_ways.partner_country_iso2, institutions.country_iso2)
            as partner_country_iso2
    ),
    -- a placement names its employer instead of an institution code
    coalesce(
        institutions.legal_name, both_ways.partner_code, both_ways.work_placement,
        'Unnamed placement host'
    ) as partner_name,
from (select * from sent union all select * from hosted) as both_ways
left join staging.int_institutions as institutions
    on institutions.erasmus_code = both_ways.partner_code

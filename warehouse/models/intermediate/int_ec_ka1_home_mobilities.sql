-- Higher-education rows of the EC KA1 mobility data in which a home school sends or hosts,
-- seen from that school, as int_ec_home_mobilities does for the 2008-13 statistics: what it
-- sent is outgoing, what it hosted incoming, under any Erasmus code it has had. Rows of other
-- sectors stay in institution_flows (the import says how many name a home school).
-- The partner is the other end's organisation: by its Erasmus code when the row gives one
-- (the code's country, else the row's country code), else by its name and the row's country;
-- a partner whose country cannot be read stays of unknown country, shown as such.
-- Grain: one row per (KA1 row, home school involved); the row counts `participants`.
with

codes as (
    select erasmus_code, school_id from main.school_erasmus_codes
),

sent as (
    select
        ka1.*,
        codes.school_id,
        'outgoing' as direction,
        ka1.receiving_code as partner_code,
        ka1.receiving_country_iso2 as partner_country_iso2,
        ka1.receiving_name as partner_name_as_written,
    from staging.stg_ec_ka1_mobilities as ka1
    join codes on codes.erasmus_code = ka1.sending_code
    where ka1.activity is not null
),

hosted as (
    select
        ka1.*,
        codes.school_id,
        'incoming' as direction,
        ka1.sending_code as partner_code,
        ka1.sending_country_iso2 as partner_country_iso2,
        ka1.sending_name as partner_name_as_written,
    from staging.stg_ec_ka1_mobilities as ka1
    join codes on codes.erasmus_code = ka1.receiving_code
    where ka1.activity is not null
)

select
    both_ways.* exclude (partner_name_as_written) replace (
        coalesce(both_ways.partner_country_iso2, institutions.country_iso2)
            as partner_country_iso2
    ),
    coalesce(
        institutions.legal_name, both_ways.partner_name_as_written, both_ways.partner_code,
        'Unnamed organisation'
    ) as partner_name,
from (select * from sent union all select * from hosted) as both_ways
left join staging.int_institutions as institutions
    on institutions.erasmus_code = both_ways.partner_code

-- Partner institutions of the home schools. Grain: one row per partner_id.
with

spellings as (
    select * from staging.int_partner_spellings
),

-- Details that files give about a partner (city, Erasmus code, website), by spelling.
details as (
    select partner_name, partner_country_iso2, partner_city, partner_erasmus_code, partner_url
    from staging.stg_agreements
    union all
    select partner_name, partner_country_iso2, null, partner_erasmus_code, null
    from staging.stg_mobilities
),

details_by_partner as (
    select
        spellings.partner_id,
        mode(details.partner_city) as city,
        mode(details.partner_erasmus_code) as erasmus_code,
        mode(details.partner_url) as website,
    from details
    join spellings
        on spellings.country_iso2 = details.partner_country_iso2
        and spellings.spelling_key = name_key(details.partner_name)
    group by all
),

named as (
    select
        partner_id,
        country_iso2,
        -- the display name: a declared canonical name, else the fullest, most used spelling,
        -- mixed case before capitals
        coalesce(
            max(alias_name),
            arg_min(
                name,
                (is_acronym_variant, name = upper(name), -count_rows, name)
            )
        ) as name,
        count(*) as count_spellings,
    from spellings
    group by all
)

select
    named.partner_id,
    named.name,
    named.country_iso2,
    details_by_partner.city,
    details_by_partner.erasmus_code,
    details_by_partner.website,
    named.count_spellings,
from named
left join details_by_partner using (partner_id)

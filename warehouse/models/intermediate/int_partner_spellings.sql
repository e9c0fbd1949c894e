-- Every spelling of a partner institution seen in imported rows, mapped to one partner.
-- Grain: one row per (country_iso2, name_key) spelling.
--
-- A partner is its Erasmus code when one is known: given by the file, or found by the registry
-- linker (partner_registry_links: same name as a charter holder, a declared alias of it, its
-- web domain, or a close spelling above the threshold). Otherwise two spellings are one partner
-- when
--   1. a declared alias maps one to the other (partner_aliases; a country-specific alias wins
--      over one declared for any country), or
--   2. one is the other plus its acronym ('National Technical University of Athens NTUA'), the
--      acronym being the initials of the name, and the shorter spelling exists in the same
--      country. Checking the initials keeps 'IIT - BOMBAY' and 'IIT - DELHI' apart.
with

spellings as (
    select partner_name as name, partner_country_iso2 as country_iso2, partner_erasmus_code as code
    from staging.stg_agreements
    union all
    select partner_name, partner_country_iso2, partner_erasmus_code
    from staging.stg_mobilities
    union all
    select partner_name, partner_country_iso2, null
    from staging.stg_agreement_quotas
    union all
    select partner_name, partner_country_iso2, partner_code
    from staging.int_ec_home_mobilities
    union all
    select partner_name, partner_country_iso2, partner_code
    from staging.int_ec_ka1_home_mobilities
),

-- Spellings differing only in case, accents or punctuation are one spelling; its written form
-- is the most used one, mixed case before capitals.
keyed as (
    select
        country_iso2,
        spelling_key,
        arg_max(name, (count_name, name <> upper(name), name)) as name,
        max(code) as given_code,
        sum(count_name) as count_rows,
    from (
        -- keyed once per distinct name: keying in the grouping keyed every imported row (0.35 s
        -- at a million rows)
        select
            name,
            country_iso2,
            name_key(name) as spelling_key,
            code,
            count_name,
        from (
            select
                name,
                country_iso2,
                max(code) as code,
                count(*) as count_name,
            from spellings
            group by all
        )
    )
    group by all
),

aliased as (
    select
        keyed.*,
        coalesce(
            alias_here.canonical_key, alias_anywhere.canonical_key, keyed.spelling_key
        ) as alias_key,
        coalesce(alias_here.canonical_name, alias_anywhere.canonical_name) as alias_name,
    from keyed
    left join staging.stg_partner_aliases as alias_here
        on alias_here.alias_key = keyed.spelling_key
        and alias_here.country_iso2 = keyed.country_iso2
    left join staging.stg_partner_aliases as alias_anywhere
        on alias_anywhere.alias_key = keyed.spelling_key
        and alias_anywhere.country_iso2 is null
),

acronym_split as (
    select
        aliased.*,
        regexp_extract(name, '^(.*[^ (-])[ ,-]+\(?([A-Z]{2,8})\)?$', 1) as base_name,
        regexp_extract(name, '^(.*[^ (-])[ ,-]+\(?([A-Z]{2,8})\)?$', 2) as acronym,
    from aliased
),

acronym_checked as (
    select
        acronym_split.*,
        acronym <> ''
        and lower(acronym) = list_aggregate(
            list_transform(
                list_filter(
                    string_split(name_key(base_name), ' '),
                    lambda word: word not in (
                        'of', 'the', 'and', 'for', 'de', 'des', 'du', 'la', 'le', 'les',
                        'et', 'en', 'del', 'di', 'do', 'da', 'y', 'e', 'im', 'fur', 'und'
                    )
                ),
                lambda word: word[1]
            ),
            'string_agg',
            ''
        ) as is_acronym_suffix,
    from acronym_split
),

resolved as (
    select
        spelling.* exclude (base_name, acronym, is_acronym_suffix),
        coalesce(shorter.alias_key, spelling.alias_key) as canonical_key,
        shorter.alias_key is not null as is_acronym_variant,
    from acronym_checked as spelling
    left join (select distinct country_iso2, spelling_key, alias_key from aliased) as shorter
        on spelling.is_acronym_suffix
        and shorter.country_iso2 = spelling.country_iso2
        and shorter.spelling_key = name_key(spelling.base_name)
),

linked as (
    select
        resolved.*,
        coalesce(resolved.given_code, links.erasmus_code) as erasmus_code,
        case when resolved.given_code is not null then 'erasmus code' else links.method end
            as registry_match,
    from resolved
    left join main.partner_registry_links as links
        on links.country_iso2 = resolved.country_iso2
        and links.spelling_key = resolved.spelling_key
        and links.erasmus_code is not null
),

-- Spellings of one partner share its code: a spelling without one takes the code of the
-- spelling it was merged with by alias or acronym.
coded as (
    select
        linked.*,
        coalesce(
            linked.erasmus_code,
            max(linked.erasmus_code) over (partition by linked.country_iso2, linked.canonical_key)
        ) as partner_code,
    from linked
)

select
    'p-' || left(
        md5(coalesce('code:' || partner_code, coalesce(country_iso2, '') || '|' || canonical_key)), 10
    ) as partner_id,
    name,
    country_iso2,
    spelling_key,
    canonical_key,
    alias_name,
    is_acronym_variant,
    partner_code as erasmus_code,
    registry_match,
    count_rows,
from coded

-- Agreements between home schools and partners. Grain: one row per agreement_id, that is per
-- (school, partner, agreement type, signatory level): an agreement listed twice is one.
with

listings as (
    select
        agreements.*,
        spellings.partner_id,
        imports.file_name,
        imports.listed_academic_year,
    from staging.stg_agreements as agreements
    join marts.partner_spellings as spellings
        on spellings.country_iso2 = agreements.partner_country_iso2
        and spellings.spelling_key = name_key(agreements.partner_name)
    join staging.stg_imports as imports using (import_id)
)

select
    'a-' || left(
        md5(concat_ws('|', school_id, partner_id, agreement_type, signatory_level)), 10
    ) as agreement_id,
    school_id,
    partner_id,
    agreement_type,
    signatory_level,
    min(first_academic_year) as first_academic_year,
    -- one open-ended listing keeps the agreement open-ended
    case when bool_or(last_academic_year is null) then null else max(last_academic_year) end
        as last_academic_year,
    -- the earliest year a list names it in: without a first year it runs from then, never
    -- before (a list imported today says nothing of 2011)
    min(listed_academic_year) as listed_academic_year,
    string_agg(distinct file_name, '; ' order by file_name) as source_file,
    count(*) as count_listings,
    bool_and(is_synthetic) as is_synthetic,
from listings
group by all

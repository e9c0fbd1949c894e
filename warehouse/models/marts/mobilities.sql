-- Mobilities of students and staff between home schools and partners.
-- Grain: one row per mobility.
select
    'm-' || left(
        md5(concat_ws('|', imports.file_sha256, mobilities.line_number, mobilities.item_number)),
        12
    ) as mobility_id,
    mobilities.school_id,
    spellings.partner_id,
    mobilities.direction,
    mobilities.academic_year,
    mobilities.start_date,
    mobilities.end_date,
    mobilities.duration_months,
    mobilities.activity,
    mobilities.level,
    mobilities.field,
    mobilities.funding,
    mobilities.participant_id,
    mobilities.is_synthetic,
    imports.file_name as source_file,
    mobilities.import_id,
    mobilities.line_number,
from staging.stg_mobilities as mobilities
join staging.int_partner_spellings as spellings
    on spellings.country_iso2 = mobilities.partner_country_iso2
    and spellings.spelling_key = name_key(mobilities.partner_name)
join staging.stg_imports as imports using (import_id)

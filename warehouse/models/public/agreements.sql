-- PUBLIC VIEW. Agreements between home schools and partners.
-- Grain: one row per agreement (school, partner, agreement type, signatory level).
-- status is computed when queried: 'ended' once last_academic_year is past, 'planned' before
-- first_academic_year, else 'active' (a listing without years is active).
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    agreements.agreement_id,
    schools.school,
    agreements.partner_id,
    agreements.agreement_type,
    agreements.signatory_level,
    case
        when agreements.last_academic_year < current_academic_year() then 'ended'
        when agreements.first_academic_year > current_academic_year() then 'planned'
        else 'active'
    end as status,
    agreements.first_academic_year,
    agreements.last_academic_year,
    agreements.source_file,
    -- added columns
    agreements.school_id,
    agreements.is_synthetic,
from marts.agreements as agreements
join staging.stg_schools as schools using (school_id)

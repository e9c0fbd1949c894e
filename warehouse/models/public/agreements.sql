-- PUBLIC VIEW. Agreements between home schools and partners.
-- Grain: one row per agreement (school, partner, agreement type, signatory level).
-- status is computed when queried: 'ended' once last_academic_year is past, 'planned' before
-- first_academic_year (or, without one, before the year its list was valid), else 'active'.
-- An agreement listed without a first year is_undated (since when it runs is not known): it
-- runs from listed_academic_year, the year its list was valid (the year the file says, else
-- the year it was imported), never before.
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    agreements.agreement_id,
    schools.school,
    agreements.partner_id,
    agreements.agreement_type,
    agreements.signatory_level,
    case
        when agreements.last_academic_year < current_academic_year() then 'ended'
        when coalesce(agreements.first_academic_year, agreements.listed_academic_year)
            > current_academic_year() then 'planned'
        else 'active'
    end as status,
    agreements.first_academic_year,
    agreements.last_academic_year,
    agreements.source_file,
    -- added columns
    agreements.school_id,
    agreements.is_synthetic,
    agreements.listed_academic_year,
    agreements.first_academic_year is null as is_undated,
from marts.agreements as agreements
join staging.stg_schools as schools using (school_id)

-- PUBLIC VIEW. Agreements between home schools and partners.
-- Grain: one row per agreement (school, partner, agreement type, signatory level).
-- status is computed when queried: 'ended' once last_academic_year is past, 'planned' before
-- first_academic_year (or, without one, before the year its list was valid), else 'active'.
-- An agreement listed without a first year is_undated (since when it runs is not known): it
-- runs from listed_academic_year, the year its list was valid (the year the file says, else
-- the year it was imported), never before.
-- Columns:
--   agreement_id: stable id (`a-…`)
--   school: home school's name
--   partner_id: the partner (see `partners`)
--   agreement_type: `erasmus`, `iia` (inter-institutional agreement), `mou`, `moa`, `double_degree` or `other`
--   signatory_level: `group` (signed by the group, e.g. IMT) or `school`
--   status: `active`, `ended` (last academic year past) or `planned` (not started); computed when queried
--   first_academic_year, last_academic_year: e.g. `2023-2024`; empty when the file did not say
--   source_file: file(s) that listed it
--   school_id: home school's id
--   is_synthetic: true for demo data
--   listed_academic_year: the year its list was valid (the year the file says, else the year it was imported)
--   is_undated: listed without a first year: it runs from `listed_academic_year`, never before
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

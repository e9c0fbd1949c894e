-- Versions of EWP agreements (IIAs). An IIA imported again, from a file of any name, replaces
-- the row and the cooperation conditions of its earlier import instead of adding to them. Two
-- rows are the same IIA when they are of the same school and the same two HEIs (case aside) and
-- share either HEI's iia-id (importers/ewp_iias.iia_identity). Only live imports take part, so
-- an import that is removed gives the earlier version back (one redone with other options, or
-- replaced by an updated file, is still the later version: its successor holds the IIA).
-- Grain: one row per raw agreement row with an iia-id, in a live import.
with

iias as (
    select
        agreements.import_id,
        agreements.line_number,
        agreements.school_id,
        lower(trim(agreements.home_hei_id)) as home_hei_id,
        lower(trim(agreements.partner_hei_id)) as partner_hei_id,
        agreements.home_iia_id,
        agreements.partner_iia_id,
        agreements.iia_hash,
        agreements.iia_hash_matches,
    from raw.agreements as agreements
    join staging.stg_imports as imports using (import_id)
    where agreements.home_iia_id is not null or agreements.partner_iia_id is not null
)

select
    iias.*,
    -- the next import holding the same IIA: its version replaces this one
    (
        select min(later.import_id)
        from iias as later
        where later.import_id > iias.import_id
          and later.school_id = iias.school_id
          and later.home_hei_id = iias.home_hei_id
          and later.partner_hei_id = iias.partner_hei_id
          and (later.home_iia_id = iias.home_iia_id or later.partner_iia_id = iias.partner_iia_id)
    ) as replaced_by_import_id,
from iias

-- EWP agreements (IIAs) are versioned: an IIA imported again replaces its earlier conditions,
-- and each IIA's iia-hash is checked against its content.

-- What identifies an IIA across downloads, and the hash it came with.
alter table raw.agreements add column home_hei_id varchar;       -- the school's side of the IIA
alter table raw.agreements add column home_iia_id varchar;       -- the school's iia-id
alter table raw.agreements add column partner_iia_id varchar;    -- the partner's iia-id
alter table raw.agreements add column iia_hash varchar;          -- as the file gives it
-- false: imported with --accept-hash-mismatch although the hash does not match the content
alter table raw.agreements add column iia_hash_matches boolean;

-- The line of the agreement row a quota belongs to (EWP: its <iia>), so that a replaced IIA's
-- conditions go with it.
alter table raw.agreement_quotas add column agreement_line_number integer;

-- IIAs an import took although their iia-hash did not match (null: a format without hashes).
alter table imports add column iia_hash_mismatches integer;

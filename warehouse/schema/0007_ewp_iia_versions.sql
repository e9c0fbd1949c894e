-- EWP agreements (IIAs): each IIA's iia-hash is checked against its content.

-- The hash an IIA came with.
alter table raw.agreements add column iia_hash varchar;          -- as the file gives it
-- false: imported with --accept-hash-mismatch although the hash does not match the content
alter table raw.agreements add column iia_hash_matches boolean;

-- IIAs an import took although their iia-hash did not match (null: a format without hashes).
alter table imports add column iia_hash_mismatches integer;

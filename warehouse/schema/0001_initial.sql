-- Initial schema: reference tables, lineage and raw landing tables.
-- Applied once per warehouse, in file-name order, and recorded in schema_migrations.
-- Derived tables and views (staging, marts, public views) are not here: they are
-- rebuilt from warehouse/models/ after every write.

create schema if not exists raw;

-- ---------- about the warehouse itself
create table warehouse_info (
    key varchar primary key,
    value varchar
);

-- ---------- reference data
-- Home schools: the schools whose international office uses the warehouse.
-- One row per school.
create table schools (
    school_id varchar primary key,          -- slug, e.g. 'imt-mines-albi'
    name varchar not null unique,
    short_name varchar,
    erasmus_code varchar,                   -- current code, normalised ('F ALBI05')
    city varchar,
    country_iso2 varchar not null,
    latitude double,
    longitude double,
    group_name varchar,                     -- 'IMT' for the schools of the IMT group
    is_synthetic boolean not null default false,
    added_at timestamp not null default current_timestamp
);

-- Every Erasmus code a school has had: files keep using former codes for years.
-- One row per code.
create table school_erasmus_codes (
    erasmus_code varchar primary key,
    school_id varchar not null,
    is_current boolean not null
);

-- Other spellings of a partner's name. One row per alias.
-- country_iso2 null means the alias holds in any country.
create table partner_aliases (
    alias varchar not null,
    canonical_name varchar not null,
    country_iso2 varchar,
    note varchar,
    source varchar not null                 -- 'shipped' | 'user'
);

-- Countries: ISO 3166-1 codes, names in three languages, UN M49 region.
-- Rewritten from the geography libraries at every write. One row per country.
create table countries (
    country_iso2 varchar primary key,
    country_iso3 varchar not null,
    country_name varchar not null,
    country_name_fr varchar not null,
    country_name_es varchar not null,
    region_code varchar not null,
    region_name varchar not null,
    region_name_fr varchar not null
);

-- ---------- lineage
-- One row per import of one file.
create sequence import_id_seq start 1;
create table imports (
    import_id integer primary key default nextval('import_id_seq'),
    kind varchar not null,                  -- 'agreements' | 'mobilities' | 'demo'
    file_format varchar not null,           -- 'partner_list_tsv' | 'partner_list_markdown' | ...
    school_id varchar,
    file_name varchar not null,
    file_path varchar,
    file_sha256 varchar not null,
    imported_at timestamp not null default current_timestamp,
    rows_read integer not null,
    rows_accepted integer not null,
    rows_rejected integer not null,
    superseded_by integer,                  -- a later import of the same file name replaced it
    summary varchar
);

-- Rows an import could not accept, with why. One row per rejected row.
create table rejected_rows (
    import_id integer not null,
    file_name varchar not null,
    line_number integer not null,
    reason varchar not null,
    raw_text varchar
);

-- ---------- raw landing tables: what each file said, one row per item read
-- An agreement as listed by a partner list. One row per (file line, programme in that line).
create table raw.agreements (
    import_id integer not null,
    line_number integer not null,
    school_id varchar not null,
    partner_name varchar not null,
    partner_country_raw varchar,
    partner_country_iso2 varchar not null,
    partner_city varchar,
    partner_erasmus_code varchar,
    partner_url varchar,
    programme_raw varchar,
    agreement_type varchar not null,
    signatory_level varchar not null,
    first_academic_year varchar,
    last_academic_year varchar,
    is_synthetic boolean not null default false
);

-- A mobility of one participant. One row per mobility.
create table raw.mobilities (
    import_id integer not null,
    line_number integer not null,
    item_number integer not null default 1, -- several mobilities may come from one line ("2 échanges")
    school_id varchar not null,
    partner_name varchar not null,
    partner_country_iso2 varchar not null,
    partner_erasmus_code varchar,
    direction varchar not null,
    academic_year varchar not null,
    start_date date,
    end_date date,
    duration_months double,
    activity varchar not null,
    level varchar,
    field varchar,
    funding varchar,
    participant_id varchar,                 -- pseudonymised; never a name or an e-mail
    is_synthetic boolean not null default false
);

-- Coordinates of the cities named in the warehouse, from the offline gazetteer.
-- Rewritten at every write. One row per (country_iso2, city) as written.
create table geocoded_places (
    city varchar not null,
    country_iso2 varchar not null,
    matched_name varchar,
    latitude double,
    longitude double
);

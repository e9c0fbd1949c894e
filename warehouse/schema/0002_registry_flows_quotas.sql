-- Institution registry (EU charter list), EC mobility statistics, agreement quotas.

-- EWP identifies institutions by a "HEI id" (usually their web domain, 'uw.edu.pl').
alter table schools add column hei_id varchar;

-- ---------- institution registry
-- Erasmus Charter for Higher Education holders as listed by the European Commission.
-- One row per institution (Erasmus code) of the latest import of a registry file.
create table raw.institutions (
    import_id integer not null,
    line_number integer not null,
    erasmus_code varchar not null,          -- normalised ('F ALBI05')
    pic varchar,
    oid varchar,
    legal_name varchar not null,
    street varchar,
    postcode varchar,
    city varchar,
    country_iso2 varchar,
    website varchar,
    charter_start date,
    charter_end date
);

-- Partner spellings linked to a registry institution, written by the linker at every build.
-- One row per (country_iso2, spelling_key) that was examined.
create table partner_registry_links (
    country_iso2 varchar not null,
    spelling_key varchar not null,
    spelling varchar not null,
    erasmus_code varchar,                   -- null: no match good enough
    candidate_code varchar,                 -- best candidate, also when below the threshold
    candidate_name varchar,
    method varchar not null,                -- 'erasmus code' | 'name' | 'alias' | 'fuzzy' | 'none'
    score double
);

-- ---------- EC Erasmus student mobility statistics (all institutions, for benchmarks)
-- One row per student mobility of the EC open data, 2008-09 to 2012-13.
create table raw.ec_student_mobilities (
    import_id integer not null,
    line_number integer not null,           -- CSV record number in its file, header = 1
    sending_code varchar,                   -- normalised Erasmus code
    receiving_code varchar,                 -- normalised Erasmus code; empty for most placements
    sending_country_iso2 varchar,
    receiving_country_iso2 varchar,
    work_placement varchar,                 -- the employer of a placement, as written
    mobility_type varchar,                  -- 'S' study, 'P' placement, 'C' combined
    level_study varchar,
    start_month date,                       -- first day of the start month
    academic_year varchar,
    length_study_months double,
    length_work_months double,
    ects_total double,
    grant_eur double
);

-- ---------- quotas of agreements (cooperation conditions, places offered)
-- One row per cooperation condition: one direction, one mobility type.
create table raw.agreement_quotas (
    import_id integer not null,
    line_number integer not null,
    school_id varchar not null,
    partner_name varchar not null,
    partner_country_iso2 varchar not null,
    agreement_type varchar not null,
    signatory_level varchar not null,
    direction varchar not null,             -- 'outgoing' | 'incoming', seen from the school
    mobility_type varchar not null,         -- 'student_studies' | 'student_traineeship'
                                            -- | 'staff_teaching' | 'staff_training'
    mobilities_per_year double,
    months_per_year double,
    days_per_year double,
    subject_areas varchar,                  -- ISCED-F codes, '; '-separated
    eqf_levels varchar,                     -- '7; 8'
    language_requirements varchar,          -- 'en B1; no B1'
    first_academic_year varchar,
    last_academic_year varchar,
    is_synthetic boolean not null default false
);

alter table raw.agreements add column partner_hei_id varchar;

-- Country prefixes of Erasmus codes ('F' France, 'SF' Finland, 'UK' United Kingdom …).
-- Rewritten from warehouse/reference/erasmus_country_prefixes.csv at every write.
create table erasmus_country_prefixes (
    prefix varchar primary key,
    country_iso2 varchar not null
);

-- The European Commission's later open data: Erasmus+ KA1 mobility data (2014 onwards) and
-- flow tables (a count per country pair or institution pair).

-- ---------- EC Erasmus+ KA1 mobility data, 2014 onwards (all of Erasmus+: schools, VET, youth,
-- higher education). One row per file row; a row is an aggregate of `participants` similar
-- mobility periods. Nationality, gender, age, special needs and group leader are not stored.
create table raw.ec_ka1_mobilities (
    import_id integer not null,
    line_number integer not null,           -- CSV record number in its file, header = 1
    project_reference varchar,              -- '2014-1-FR01-KA103-000123'
    key_action varchar,                     -- read from the reference: 'KA103', 'KA131'…
    academic_year varchar,                  -- '2014-2015': the file's, else of the start month
    start_month date,                       -- first day of 'Mobility Start Month'
    end_month date,                         -- first day of 'Mobility End Month'
    duration_days double,                   -- 'Mobility Duration', calendar days
    activity_as_written varchar,            -- 'Activity (mob)'
    field_of_education varchar,
    education_level varchar,                -- 'ISCED-7 - Second cycle / Master’s …'
    participant_profile varchar,            -- 'Learner' | 'Staff'
    has_fewer_opportunities boolean,
    sending_country_iso2 varchar,           -- the row's country code, read ('EL' is GR)
    sending_city varchar,
    sending_name varchar,
    sending_code varchar,                   -- normalised Erasmus code; null for '-'
    sending_code_country_iso2 varchar,      -- the country of the code's prefix
    receiving_country_iso2 varchar,
    receiving_city varchar,
    receiving_name varchar,
    receiving_code varchar,
    receiving_code_country_iso2 varchar,
    participants integer not null           -- mobilities the row counts (1 … 10,000)
);

-- ---------- flow tables: a count per country pair or institution pair
-- One row per file row.
create table raw.ec_flow_counts (
    import_id integer not null,
    line_number integer not null,
    sending_code varchar,                   -- institution pairs: normalised Erasmus codes
    sending_country_iso2 varchar,
    receiving_code varchar,
    receiving_country_iso2 varchar,
    period varchar,                         -- the year column as written, when there is one
    academic_year varchar,                  -- '2014-2015', when the period is one
    count_mobilities integer not null,
    counts_students boolean not null        -- the count column names students
);

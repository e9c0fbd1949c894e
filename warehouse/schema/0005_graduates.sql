-- Graduate cohorts (for the compulsory stay abroad) and the thresholds they are measured by.

-- A graduate as listed by a school's graduates file. One row per (file line).
-- participant_id is the same keyed pseudonym as in raw.mobilities, so that a graduate joins to
-- their mobilities; names, e-mails and student numbers are never stored.
create table raw.graduates (
    import_id integer not null,
    line_number integer not null,
    school_id varchar not null,
    participant_id varchar not null,
    graduation_year integer not null,       -- calendar year of the diploma (2024 = 2023-2024)
    ects_abroad double,                     -- ECTS credits earned abroad, when the file says
    is_synthetic boolean not null default false
);

-- Thresholds of the compulsory stay abroad: the schools' rule and the EU learning-mobility
-- benchmark. Rewritten from warehouse/reference/compulsory_stay_rules.csv at every write.
-- One row per (rule, school); a null school_id holds for every school without its own row.
create table compulsory_stay_rules (
    rule varchar not null,                  -- 'school_rule' | 'eu_benchmark'
    school_id varchar,
    min_months double not null,             -- at least this many physical months abroad
    min_ects double,                        -- or at least this many ECTS earned abroad
    target_share double,                    -- share of graduates aimed at (EU: 0.23 by 2030)
    source varchar not null
);

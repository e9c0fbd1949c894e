-- Macros reading the European Commission's Erasmus+ KA1 mobility data (2014 onwards), shared by
-- its importer (which counts the rows of home schools) and the models (which make mobilities of
-- them). The values they read are described in warehouse/importers/ec_ka1.py.

-- The activity of a higher-education row ('Activity (mob)'), as this warehouse names it; null
-- for the other sectors' activities (schools, VET, adults, youth: 'Staff training abroad',
-- 'VET learners traineeships in companies abroad', 'Youth Exchanges - Programme Countries'…).
-- The 2014-2020 files write 'Student mobility for studies between Programme Countries' or
-- '… To/From Partner Countries'; later files write the Erasmus+ code first ('HE-SMS - …').
create or replace macro ka1_activity(activity_as_written) as
    case
        when regexp_matches(lower(trim(activity_as_written)),
                            '^(he-sms|student mobility for studies)') then 'study'
        when regexp_matches(lower(trim(activity_as_written)),
                            '^(he-smt|student mobility for traineeships)') then 'traineeship'
        when regexp_matches(lower(trim(activity_as_written)),
                            '^(he-sta|staff mobility for teaching)') then 'staff_teaching'
        when regexp_matches(lower(trim(activity_as_written)),
                            '^(he-stt|staff mobility for training)') then 'staff_training'
    end;

-- The Erasmus+ activity code when the row writes it ('HE-SMS - Student mobility for studies'
-- -> 'HE-SMS'); null for the 2014-2020 wording, which says none.
create or replace macro ka1_erasmus_activity(activity_as_written) as
    nullif(regexp_extract(upper(trim(activity_as_written)), '^HE-S[MT][ST]\b'), '');

-- The level of studies of 'Education Level' ('ISCED-7 - Second cycle / Master’s or equivalent
-- level (EQF-7)' -> 'master'); null for '??? - ? Unknown ?', which staff rows carry. The
-- short cycle is tested first: its name says 'within the first cycle'.
create or replace macro ka1_level(education_level) as
    case
        when regexp_matches(lower(education_level), 'isced-5|short-cycle') then 'short_cycle'
        when regexp_matches(lower(education_level), 'isced-6|first cycle') then 'bachelor'
        when regexp_matches(lower(education_level), 'isced-7|second cycle') then 'master'
        when regexp_matches(lower(education_level), 'isced-8|third cycle') then 'doctorate'
    end;

-- A cell the EC filled with its mark for "unknown" ('-', '? Unknown ?', '??? - ? Unknown ?',
-- 'Undefined') is null; any other cell is trimmed. No regular expression: it runs on every cell.
create or replace macro ec_known(text) as
    case
        when lower(trim(text, ' -?')) in ('', 'unknown', 'undefined') then null
        else trim(text)
    end;

-- Whether a row is higher education: an activity read as such, else a key action of higher
-- education (2014-2020 KA103 programme countries, KA107 partner countries, KA108 mobility
-- consortia; from 2021 KA130 consortia, KA131, KA171) or an 'HE-' code this version does not
-- know yet.
create or replace macro ka1_is_higher_education(activity_as_written, key_action) as
    ka1_activity(activity_as_written) is not null
    or coalesce(key_action in ('KA103', 'KA107', 'KA108', 'KA130', 'KA131', 'KA171'), false)
    or coalesce(upper(trim(activity_as_written)) like 'HE-%', false);

-- Macros used by the models and available to analysts in any SQL session on the warehouse.

-- A spelling-insensitive key for names: 'Universidad Politécnica  de Cartagena' and
-- 'UNIVERSIDAD POLITECNICA DE CARTAGENA' have the same key.
create or replace macro name_key(name) as
    trim(regexp_replace(lower(strip_accents(name)), '[^a-z0-9]+', ' ', 'g'));

-- The academic year a mobility starting on a date belongs to. For mobility, academic years
-- start on 1 August: many partners' autumn terms start in August, and a traineeship starting in
-- June or July closes the year that is ending. 2023-08-01 … 2024-07-31 is '2023-2024'.
create or replace macro academic_year_of(day) as
    case
        when month(day) >= 8 then year(day)::varchar || '-' || (year(day) + 1)::varchar
        else (year(day) - 1)::varchar || '-' || year(day)::varchar
    end;

create or replace macro current_academic_year() as academic_year_of(current_date);

-- First calendar year of an academic year: '2023-2024' -> 2023.
create or replace macro academic_year_start(academic_year) as
    try_cast(left(academic_year, 4) as integer);

-- One spelling per Erasmus code, as warehouse.codes.normalise_erasmus_code writes it:
-- 'F  ALBI05' and 'F\xa0 ALBI05' are 'F ALBI05'; three-letter prefixes take no space
-- ('IRL DUBLIN04' is 'IRLDUBLIN04').
create or replace macro normalise_erasmus_code(code) as
    case
        when trim(replace(coalesce(code, ''), chr(160), ' ')) = '' then null
        when position(' ' in trim(replace(code, chr(160), ' '))) = 0
            then upper(trim(replace(code, chr(160), ' ')))
        else
            split_part(upper(trim(replace(code, chr(160), ' '))), ' ', 1)
            || case
                when length(split_part(upper(trim(replace(code, chr(160), ' '))), ' ', 1)) >= 3
                    then ''
                else ' '
            end
            || replace(
                substr(
                    upper(trim(replace(code, chr(160), ' '))),
                    length(split_part(upper(trim(replace(code, chr(160), ' '))), ' ', 1)) + 1
                ),
                ' ',
                ''
            )
    end;


-- Macros used by the models and available to analysts in any SQL session on the warehouse.

-- A spelling-insensitive key for names: 'Universidad Politécnica  de Cartagena' and
-- 'UNIVERSIDAD POLITECNICA DE CARTAGENA' have the same key.
create or replace macro name_key(name) as
    trim(regexp_replace(lower(strip_accents(name)), '[^a-z0-9]+', ' ', 'g'));

-- The academic year a date falls in. Academic years start on 1 September:
-- 2023-09-01 … 2024-08-31 is '2023-2024'.
create or replace macro academic_year_of(day) as
    case
        when month(day) >= 9 then year(day)::varchar || '-' || (year(day) + 1)::varchar
        else (year(day) - 1)::varchar || '-' || year(day)::varchar
    end;

create or replace macro current_academic_year() as academic_year_of(current_date);

-- First calendar year of an academic year: '2023-2024' -> 2023.
create or replace macro academic_year_start(academic_year) as
    try_cast(left(academic_year, 4) as integer);

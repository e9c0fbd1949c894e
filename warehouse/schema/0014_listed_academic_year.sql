-- When a list was valid: the academic year its file says it describes or was published in (a
-- partner page's '2019/2020', a workbook's save date), else null: the import date's academic
-- year counts. Agreements listed without years run from this year on, never before.
alter table imports add column listed_academic_year varchar;

-- Every Erasmus+ rule check failed by the mobilities the selected schools report for one call
-- year, with its reason (the workbook's "Failed checks" sheet): at most $limit rows, the page
-- shows a few hundred; total_rows counts them all.
-- Grain: one row per (mobility_id, check_code).
-- Params: $schools (list, empty = all), $call_year (integer), $limit (null = all rows).
with

failures as (
    select rowid as failure_rowid, school, start_date, mobility_id, check_code,
    from marts.erasmus_check_failures
    where is_reported
      and call_year = $call_year
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
),

-- The first rows are chosen on their sort keys alone, then read whole: sorting the whole rows
-- of a call year (about a million failures at 10 million mobilities) to keep 500 took twice as
-- long.
first_rows as (
    select failure_rowid
    from failures
    order by school, start_date nulls last, mobility_id, check_code
    limit $limit
)

select
    failures.* exclude (call_year, is_reported),
    -- a scalar count, not count(*) over (): a window would hold every failure in memory
    (select count(*) from failures) as total_rows,
from marts.erasmus_check_failures as failures
where failures.rowid in (select failure_rowid from first_rows)
order by school, start_date nulls last, mobility_id, check_code

-- The Erasmus+ rule checks each mobility fails, one row per failed check, stored: at a national
-- agency's scale a call year has a million of them, too many to unnest on every page view.
-- Only what the failed-checks list filters and sorts on is stored, with the code of the rule
-- failed (its check is the text before the dot); the rest of a row, and the reason written from
-- the code, come from the mobility's row in marts.erasmus_mobilities, found by its
-- mobility_number. Storing those columns and the reasons here as well took 1.8 s of each
-- rebuild at a million mobilities failing two checks each; this takes 0.6 s.
-- In the order of marts.erasmus_mobilities (call year, school, start date), and each mobility's
-- failures in the order of its list: one call year and school are read together. The rows are
-- sorted into that order (by the mobility's number and the failure's place in its list) rather
-- than left in the order of the scan: unnesting in scan order wrote two full row groups and a
-- part-filled one per 122,880 mobilities, which the commit's checkpoint merged and wrote again.
-- The page's query sorts the rows it shows.
-- Grain: one row per (mobility, failed check).
with

failures as (
    select
        mobilities.mobility_number,
        mobilities.mobility_id,
        mobilities.school,
        mobilities.school_id,
        mobilities.call_year,
        mobilities.is_reported,
        mobilities.start_date,
        unnest(mobilities.failed_check_codes) as failed_check,
        generate_subscripts(mobilities.failed_check_codes, 1) as failure_number,
    from marts.erasmus_mobilities as mobilities
)

select
    failures.mobility_number,
    failures.mobility_id,
    failures.school,
    failures.school_id,
    failures.call_year,
    failures.is_reported,
    failures.start_date,
    failures.failed_check,
from failures
order by failures.mobility_number, failures.failure_number

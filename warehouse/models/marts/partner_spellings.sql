-- The spellings of partner names and the partner each was read as, stored: the partner page
-- lists them, the other marts join on them, and computing them means reading every imported
-- row (once per import, not once per mart).
-- Grain: one row per (country_iso2, spelling_key), as staging.int_partner_spellings.
select * from staging.int_partner_spellings

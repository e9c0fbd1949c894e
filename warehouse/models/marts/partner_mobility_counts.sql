-- The rows of marts.mobility_counts stored in partner order, for the pages about one partner:
-- in this order DuckDB's zone maps skip every row group but the one or two that hold the
-- partner (docs/performance.md), where the
-- school order of marts.mobility_counts makes it read them all. That order stays, for the school
-- filters of the other pages.
-- Grain: as marts.mobility_counts, one row per (school_id, partner_id, academic_year, direction,
-- activity, is_synthetic).
select *
from marts.mobility_counts
order by partner_id, school_id, academic_year

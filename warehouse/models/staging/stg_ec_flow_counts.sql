-- Flow tables: a count of mobilities per country pair or institution pair, as imported.
-- Grain: one row per file row.
select
    import_id,
    line_number,
    sending_code,
    sending_country_iso2,
    receiving_code,
    receiving_country_iso2,
    period,
    academic_year,
    count_mobilities,
    counts_students,
from raw.ec_flow_counts

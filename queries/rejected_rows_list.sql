-- Rejected rows of all imports, with why. Grain: one row per rejected row. (A replaced or
-- removed import's rejected rows went with its other rows.)
select
    import_id,
    file_name,
    line_number,
    reason,
    left(raw_text, 300) as raw_text,
from rejected_rows
order by import_id desc, line_number

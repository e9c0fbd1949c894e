-- The institution registry: one row per Erasmus code. When several charter lists name a code,
-- the latest charter wins (ECHE 2021-2027 over the 2007-2013 list).
-- Grain: one row per erasmus_code.
select
    * exclude (rank_in_code)
from (
    select
        institutions.*,
        row_number() over (
            partition by erasmus_code
            order by charter_start desc nulls last, import_id desc, line_number
        ) as rank_in_code,
    from staging.stg_institutions as institutions
)
where rank_in_code = 1

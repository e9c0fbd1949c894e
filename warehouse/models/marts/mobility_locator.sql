-- Where each mobility lies in marts.erasmus_mobilities, stored in mobility_id order: a page about
-- one mobility finds its call year and school in a row group or two (DuckDB's zone maps skip the
-- others), then reads that mobility from the Erasmus+ mart, stored by call year and school, in a
-- row group or two as well, instead of reading every mobility_id of both. Building it costs
-- about as much as copying these three columns (docs/performance.md).
-- Grain: one row per mobility (as marts.erasmus_mobilities).
select
    mobility_id,
    call_year,
    school_id,
from marts.erasmus_mobilities
order by mobility_id

-- Academic years with mobilities, oldest first; the year filter's choices.
-- Grain: one row per academic_year.
select distinct academic_year
from marts.mobility_counts_by_country
where academic_year is not null
order by academic_year

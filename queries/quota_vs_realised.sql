-- Quota versus realised: each cooperation condition that sets places, months or days a year,
-- next to the mobilities that used it, per academic year.
-- Grain: one row per (quota_id, academic_year), for the academic years of the range that the
-- warehouse has mobilities in and that the quota covers (an open-ended quota covers them all).
-- A mobility uses a quota when it is of the quota's school, partner and direction, in that
-- academic year, of its mobility type (quota_activity: studies are study stays, or double
-- degrees in a double-degree agreement; traineeships; staff teaching; staff training) and,
-- when the quota names EQF levels, of one of them (a mobility of unknown level counts).
-- Params: $schools, $regions (lists, empty = all), $direction, $year_from, $year_to. The
-- activity filter does not apply: the quota's type decides which activities count.
select *
from quota_use($schools::varchar[], $regions::varchar[], $direction, $year_from, $year_to)
order by academic_year, school, partner_name, direction desc, mobility_type, quota_id

-- Are agreements used? The agreements active in $year, per school, by use (agreement_use):
-- used in $year, unused in $year but used in the two years before, no flow for three years,
-- new and not used yet.
-- Grain: one row per (school_id, use_state).
-- Params: $schools, $regions (lists, empty = all), $year. Direction and activity filters do not
-- apply: a flow either way, of any activity, uses an agreement.
select
    school_id,
    school,
    use_state,
    count(*) as count_agreements,
    count(*) filter (where last_academic_year is null) as count_open_ended,
    count(*) filter (where is_synthetic) as count_synthetic,
from agreement_use($schools::varchar[], $regions::varchar[], $year)
where is_active
group by all
order by school, use_state

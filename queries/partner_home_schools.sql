-- The home schools a partner works with (agreements or mobilities), with their coordinates.
-- Grain: one row per school_id.
-- Params: $partner_id, $schools (list, empty = all).
with

linked as (
    select school_id, count(*) as count_agreements, 0 as count_mobilities
    from agreements
    where partner_id = $partner_id
    group by all
    union all
    select school_id, 0, sum(count_mobilities)
    from marts.partner_mobility_counts
    where partner_id = $partner_id
    group by all
),

final as (
    select
        schools.school_id,
        schools.name as school,
        schools.city,
        schools.latitude,
        schools.longitude,
        sum(linked.count_agreements)::bigint as count_agreements,
        sum(linked.count_mobilities)::bigint as count_mobilities,
    from linked
    join schools using (school_id)
    where len($schools::varchar[]) = 0 or list_contains($schools::varchar[], schools.school_id)
    group by all
)

select * from final
order by school

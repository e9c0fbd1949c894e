-- Home schools for the school filter, those with data first.
-- Grain: one row per school.
-- Params: $schools (list, empty = all): the schools the user may see.
with

counts as (
    select school_id, count(*) as count_rows from agreements group by all
    union all
    select school_id, sum(count_mobilities) from marts.mobility_counts_by_country group by all
),

final as (
    select
        schools.school_id,
        schools.name as school,
        schools.short_name,
        coalesce(sum(counts.count_rows), 0) as count_rows,
    from schools
    left join counts using (school_id)
    where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], schools.school_id))
    group by all
)

select * from final
order by count_rows = 0, school

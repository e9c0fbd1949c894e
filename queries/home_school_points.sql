-- Home schools to mark on the world map, where their coordinates are known.
-- Grain: one row per located home school: the selected ones, else every school with an
-- agreement or a mobility.
-- Params: $schools (list of school_id, empty = every school with data).
with

schools_with_data as (
    select school_id from agreements
    union
    select school_id from marts.mobility_counts_by_country
),

final as (
    select
        schools.school_id,
        schools.name as school,
        schools.city,
        schools.country_iso2,
        schools.latitude,
        schools.longitude,
    from schools
    where schools.latitude is not null
        and schools.longitude is not null
        and if(
            len($schools::varchar[]) > 0,
            list_contains($schools::varchar[], schools.school_id),
            schools.school_id in (select school_id from schools_with_data)
        )
)

select * from final
order by school

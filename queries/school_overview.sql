-- Partners, agreements and mobilities of each home school.
-- Grain: one row per school that has at least one agreement or mobility.
-- Params: $schools (list, empty = all).
with

agreement_counts as (
    select
        school,
        count(*) as count_agreements,
        count(*) filter (where status = 'active') as count_active_agreements,
        count(*) filter (where signatory_level = 'group') as count_group_agreements,
        count(distinct partner_id) as count_partners,
    from agreements
    where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    group by all
),

mobility_counts as (
    select
        schools.name as school,
        coalesce(sum(count_mobilities) filter (where direction = 'outgoing'), 0)::bigint
            as count_outgoing,
        coalesce(sum(count_mobilities) filter (where direction = 'incoming'), 0)::bigint
            as count_incoming,
        count(distinct academic_year) as count_academic_years,
    from marts.mobility_counts_by_country
    join schools using (school_id)
    where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    group by all
),

final as (
    select
        school,
        coalesce(agreement_counts.count_partners, 0) as count_partners,
        coalesce(agreement_counts.count_agreements, 0) as count_agreements,
        coalesce(agreement_counts.count_active_agreements, 0) as count_active_agreements,
        coalesce(agreement_counts.count_group_agreements, 0) as count_group_agreements,
        coalesce(mobility_counts.count_outgoing, 0) as count_outgoing,
        coalesce(mobility_counts.count_incoming, 0) as count_incoming,
        coalesce(mobility_counts.count_academic_years, 0) as count_academic_years,
    from agreement_counts
    full join mobility_counts using (school)
)

select * from final
order by school

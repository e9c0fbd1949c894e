-- A partner's agreements and mobilities split by home school: who works with it, and how much.
-- Agreements whatever their years (as the partner's agreements list); mobilities under the
-- school, year and activity filters, both directions (as the partner's flows: the direction and
-- region filters do not apply to one partner).
-- Grain: one row per school_id with an agreement or a mobility with the partner.
-- Params: $partner_id, $schools, $activities (lists, empty = all), $year_from, $year_to.
with

linked as (
    select school_id, count(*) as count_agreements, 0 as count_outgoing, 0 as count_incoming
    from agreements
    where partner_id = $partner_id
      and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    group by all
    union all
    select
        school_id,
        0,
        sum(count_mobilities) filter (where direction = 'outgoing'),
        sum(count_mobilities) filter (where direction = 'incoming'),
    from marts.partner_mobility_counts as counts
    where counts.partner_id = $partner_id
      and passes_filters(
        counts.school_id, counts.academic_year, counts.direction, counts.activity,
        counts.region_code, $schools::varchar[], $year_from, $year_to, 'all',
        $activities::varchar[], []::varchar[]
      )
    group by all
),

final as (
    select
        schools.school_id,
        schools.name as school,
        coalesce(sum(linked.count_agreements), 0)::bigint as count_agreements,
        coalesce(sum(linked.count_outgoing), 0)::bigint as count_outgoing,
        coalesce(sum(linked.count_incoming), 0)::bigint as count_incoming,
    from linked
    join schools using (school_id)
    group by all
)

select * from final
order by count_outgoing + count_incoming desc, count_agreements desc, school

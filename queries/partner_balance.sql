-- Incoming minus outgoing mobilities per partner, the partners most out of balance first.
-- Grain: one row per partner_id, the $limit partners with the largest absolute balance.
-- Params: $schools, $activities, $regions (lists, empty = all), $year_from, $year_to, $direction,
-- $limit. ratio_in_out is incoming / outgoing (empty when nobody went out).
with

summed as (
    select partner_id, count_outgoing, count_incoming,
    from partner_flow_totals(
        $schools::varchar[], $year_from, $year_to, $direction, $activities::varchar[],
        $regions::varchar[], []::varchar[]
    )
),

counted as (
    select
        summed.partner_id,
        partners.name as partner_name,
        partners.country_iso2,
        partners.country_name,
        partners.country_name_fr,
        summed.count_outgoing,
        summed.count_incoming,
    from summed
    join partners using (partner_id)
),

final as (
    select
        partner_id,
        partner_name,
        country_iso2,
        country_name,
        country_name_fr,
        count_outgoing,
        count_incoming,
        count_incoming - count_outgoing as balance,
        round(count_incoming / nullif(count_outgoing, 0), 2) as ratio_in_out,
    from counted
)

select * from final
order by abs(balance) desc, partner_name, partner_id
limit $limit

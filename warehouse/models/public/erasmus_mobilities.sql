-- PUBLIC VIEW. Every mobility under the Erasmus+ rules of its call year: action, activity type,
-- distance band, grant estimate and the rule checks it fails. See docs/erasmus.md.
-- Grain: one row per mobility (as the view mobilities).
-- Columns:
--   mobility_id: the mobility (see `mobilities`)
--   action: `KA131` or `KA171`
--   activity_type: `HE-SMS`, `HE-SMT`, `HE-STA`, `HE-STT`, `BIP`, `short-term doctoral`; null for activity `other`
--   is_long_term: student stay of more than 30 physical days; false for staff, BIP and short-term doctoral
--   distance_km: great-circle distance, one way, 0.1 km; null when an end has no located city
--   distance_band: `10–99 km` … `8,000 km and more`; null under 10 km or unknown
--   is_green_travel: the file said green travel
--   travel_grant_eur: travel grant estimate (0 for participants without one)
--   individual_support_eur: individual support estimate, travel days included
--   total_grant_eur: travel + individual support + top-ups; null when something is unknown
--   failed_checks: list of reasons, `code: readable reason`; empty when every check passes
--   school, school_id, partner_id, participant_id: who
--   call_year, rules_call_year: the call; the call whose rules were applied (nearest with rules)
--   direction, academic_year, activity, level, field, start_date, end_date: as in `mobilities`
--   physical_days, physical_months: duration, first and last day included; months as the grant counts them
--   is_blended, has_fewer_opportunities: inputs (false when the file did not say)
--   is_third_country_mobility: one end is not an EU Member State or associated country
--   is_erasmus_funded, is_reported: funding says Erasmus+ (or is unknown); the school reports it (outgoing, or KA171)
--   sending_organisation, sending_erasmus_code, sending_city, sending_country_iso2: sending end
--   receiving_organisation, receiving_erasmus_code, receiving_oid, receiving_city, receiving_country_iso2: receiving end
--   distance_band_number, has_travel_grant, funded_travel_days: band 1–7; whether a travel grant applies; days of support for travel
--   fewer_opportunities_top_up_eur, traineeship_top_up_eur, green_travel_top_up_eur: top-ups
--   count_failed_checks, is_synthetic, is_from_ec_statistics, source_file: checks count, lineage (`is_from_ec_statistics`: the EC's open data, 2008-13 statistics or KA1 data)
-- Columns are stable: later versions may add columns, never rename or remove them.
select
    mobilities.mobility_id,
    mobilities.action,
    mobilities.activity_type,
    mobilities.is_long_term,
    mobilities.distance_km,
    mobilities.distance_band,
    mobilities.is_green_travel,
    mobilities.travel_grant_eur,
    mobilities.individual_support_eur,
    mobilities.total_grant_eur,
    -- the reasons, written from the codes the mart stores
    list_transform(mobilities.failed_check_codes, lambda failed_check: erasmus_check_reason(
        failed_check, mobilities.activity, mobilities.activity_type, mobilities.physical_days,
        mobilities.physical_months, mobilities.start_date, mobilities.end_date,
        mobilities.call_year, mobilities.project_start_date, mobilities.project_end_date,
        mobilities.direction, mobilities.sending_organisation, mobilities.sending_country_iso2,
        mobilities.receiving_organisation, mobilities.receiving_country_iso2,
        mobilities.failed_duration_limit, mobilities.overlapping_mobilities
    )) as failed_checks,
    -- added columns
    mobilities.school,
    mobilities.school_id,
    mobilities.call_year,
    mobilities.participant_id,
    mobilities.partner_id,
    mobilities.direction,
    mobilities.academic_year,
    mobilities.activity,
    mobilities.level,
    mobilities.field,
    mobilities.start_date,
    mobilities.end_date,
    mobilities.physical_days,
    mobilities.physical_months,
    mobilities.is_blended,
    mobilities.has_fewer_opportunities,
    mobilities.is_third_country_mobility,
    mobilities.is_erasmus_funded,
    mobilities.is_reported,
    mobilities.sending_organisation,
    if(mobilities.direction = 'outgoing', schools.erasmus_code, partners.erasmus_code)
        as sending_erasmus_code,
    if(mobilities.direction = 'outgoing', schools.city, partners.city) as sending_city,
    mobilities.sending_country_iso2,
    mobilities.receiving_organisation,
    if(mobilities.direction = 'outgoing', partners.erasmus_code, schools.erasmus_code)
        as receiving_erasmus_code,
    if(mobilities.direction = 'outgoing', institutions.oid, null) as receiving_oid,
    if(mobilities.direction = 'outgoing', partners.city, schools.city) as receiving_city,
    mobilities.receiving_country_iso2,
    mobilities.distance_band_number,
    mobilities.has_travel_grant,
    mobilities.funded_travel_days,
    mobilities.fewer_opportunities_top_up_eur,
    mobilities.traineeship_top_up_eur,
    mobilities.green_travel_top_up_eur,
    mobilities.count_failed_checks,
    mobilities.rules_call_year,
    mobilities.is_synthetic,
    mobilities.is_from_ec_statistics,
    mobilities.source_file,
from marts.erasmus_mobilities as mobilities
-- the organisations' codes, cities and OID, as the mart had them: the same build writes them all
left join staging.stg_schools as schools using (school_id)
left join marts.partners as partners using (partner_id)
left join staging.int_institutions as institutions
    on institutions.erasmus_code = partners.erasmus_code

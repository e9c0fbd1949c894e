-- The Erasmus+ rule checks each mobility fails, one row per reason, stored: at a national
-- agency's scale a call year has a million of them, too many to unnest on every page view.
-- In the order of marts.erasmus_mobilities (call year, school, start date), which a scan and an
-- unnest keep: one call year and school are read together. Sorting again cost a second per
-- million mobilities; the page's query sorts the rows it shows.
-- Grain: one row per (mobility, failed check).
select
    mobilities.mobility_id,
    mobilities.school,
    mobilities.school_id,
    mobilities.call_year,
    mobilities.direction,
    mobilities.is_reported,
    mobilities.participant_id,
    mobilities.partner_id,
    case when mobilities.direction = 'outgoing' then mobilities.receiving_organisation
        else mobilities.sending_organisation end as partner_name,
    mobilities.action,
    mobilities.activity_type,
    mobilities.start_date,
    mobilities.end_date,
    split_part(failures.reason, ':', 1) as check_code,
    failures.reason,
from marts.erasmus_mobilities as mobilities, unnest(mobilities.failed_checks) as failures(reason)

-- Every agreement under the school and region filters, whatever its status, with its partner's
-- country and region and whether it runs in the academic year shown (the table's download).
-- Grain: one row per agreement.
-- Params: $schools, $regions (lists, empty = all), $year ('2024-2025').
select *
from listed_agreements($schools::varchar[], $regions::varchar[], $year)
order by school, partner_name, agreement_type, signatory_level, agreement_id

-- Countries under the Erasmus+ rules of each call year, a user's row replacing the shipped one.
-- A country not listed for a call year is a third country not associated to the Programme.
-- Grain: one row per (call_year, country_iso2).
select
    call_year,
    country_iso2,
    programme_status,
    programme_status in ('eu_member', 'associated') as is_programme_country,
    region,
    country_group,
    source,
    origin,
from (
    select
        countries.*,
        row_number() over (
            partition by call_year, country_iso2 order by origin = 'user' desc
        ) as rank_in_key,
    from main.erasmus_countries as countries
)
where rank_in_key = 1

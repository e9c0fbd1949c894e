-- Distance bands of the Erasmus+ travel grant in force: a user's row replaces the shipped row
-- of the same call year and band. A distance d is in a band when min_km <= d < max_km.
-- Grain: one row per (call_year, band).
select
    call_year,
    band,
    min_km,
    max_km,
    case
        when max_km is null then format('{:,} km and more', min_km::bigint)
        else format('{:,}–{:,} km', min_km::bigint, max_km::bigint - 1)
    end as band_label,
    standard_travel_eur,
    green_travel_eur,
    source,
    origin,
from (
    select
        bands.*,
        row_number() over (
            partition by call_year, band order by origin = 'user' desc
        ) as rank_in_key,
    from main.erasmus_distance_bands as bands
)
where rank_in_key = 1

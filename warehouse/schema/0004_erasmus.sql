-- Erasmus+ reporting: the inputs the Erasmus+ rules need on mobilities, and the rules themselves
-- (amounts, limits, distance bands, country classification) keyed by call year.

-- ---------- inputs on mobilities (null: the file did not say)
alter table raw.mobilities add column is_blended boolean;            -- physical + virtual component
alter table raw.mobilities add column is_green_travel boolean;       -- train, bus, car-sharing…
alter table raw.mobilities add column has_fewer_opportunities boolean;
-- 'HE-SMS' | 'HE-SMT' | 'HE-STA' | 'HE-STT' | 'BIP' | 'short-term doctoral', when the file says
alter table raw.mobilities add column erasmus_activity varchar;
-- 'KA131' | 'KA171', when the file says (outgoing KA131 mobility to a third country, say)
alter table raw.mobilities add column erasmus_action varchar;

-- ---------- Erasmus+ rules keyed by call year
-- Shipped rows (origin 'shipped') are rewritten from warehouse/reference/erasmus_*.csv at every
-- write; rows a user imports (`mobility erasmus rules import`, origin 'user') are kept and replace
-- the shipped row of the same key. `source` says where each figure comes from.

-- Amounts and limits. One row per (call_year, rule, origin).
create table erasmus_rules (
    call_year integer not null,
    rule varchar not null,                   -- 'student_long_term_min_months', …
    value double not null,
    unit varchar not null,                   -- 'EUR per month', 'days', 'share', 'flag' …
    source varchar not null,                 -- Programme Guide edition and section
    origin varchar not null                  -- 'shipped' | 'user'
);

-- Distance bands of the travel grant. One row per (call_year, band, origin).
create table erasmus_distance_bands (
    call_year integer not null,
    band integer not null,                   -- 1 = 10–99 km … 7 = 8,000 km and more
    min_km double not null,                  -- a distance d is in the band when
    max_km double,                           -- min_km <= d < max_km (null: no upper bound)
    standard_travel_eur double not null,
    green_travel_eur double,                 -- null: no green amount for this band
    source varchar not null,
    origin varchar not null
);

-- Countries under the Erasmus+ rules of a call. One row per (call_year, country_iso2, origin).
create table erasmus_countries (
    call_year integer not null,
    country_iso2 varchar not null,
    programme_status varchar not null,       -- 'eu_member' | 'associated' | 'third_country'
    region integer,                          -- third countries not associated: region 1–14
    country_group integer,                   -- 1, 2 or 3: living-cost group of individual support
    source varchar not null,
    origin varchar not null
);

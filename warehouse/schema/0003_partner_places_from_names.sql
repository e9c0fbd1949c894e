-- Cities read from partner names ('University of Trento' -> Trento) when no file or registry
-- gives one. Rewritten at every write. One row per (country_iso2, spelling_key) examined.
create table partner_name_places (
    country_iso2 varchar not null,
    spelling_key varchar not null,
    city varchar,
    latitude double,
    longitude double
);

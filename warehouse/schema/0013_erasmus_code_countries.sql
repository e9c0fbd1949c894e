-- The country of each Erasmus code the warehouse names (partners, charter holders, schools), by
-- its prefix: written at every build by geography.erasmus_code_country, the one resolver of
-- code prefixes, so that models read the same answer as the importers.
-- One row per code; country_iso2 null when the prefix names no country.
create table erasmus_code_countries (
    erasmus_code varchar primary key,
    country_iso2 varchar
);

-- Where located places (partners, home schools) lie on the world map's country shapes, measured
-- against each country a place is said to be in: the country its file gives and its Erasmus
-- code's country. Written by warehouse/places.py at every write, for the places not measured
-- yet; rows measured on other shapes (shapes_version) or for places no longer located go.
-- One row per (latitude, longitude, country_iso2).
create table place_checks (
    latitude double not null,
    longitude double not null,
    country_iso2 varchar not null,          -- the country the place is said to be in
    map_id varchar,                         -- the map's shape holding the point (ISO alpha-3,
                                            -- or an area the map gives no country, 'XJK');
                                            -- null at sea
    distance_km double,                     -- to that country's shapes; 0 inside; null when
                                            -- the map has no shape for the country
    shapes_version varchar not null         -- the shapes file and method that measured it
);

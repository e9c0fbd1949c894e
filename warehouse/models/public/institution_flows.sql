-- PUBLIC VIEW. Flows between all institutions and countries of the EC open data, to compare a
-- school with its peers: the Erasmus statistics 2008-09 to 2012-13 (source 'ec_statistics'),
-- the Erasmus+ KA1 mobility data from 2014 (source 'ec_ka1', every sector) and flow tables
-- (source 'ec_flow_table', a count per country or institution pair).
-- Grain: one row per (source, sending code, receiving code or placement country, academic
-- year, activity, level; for KA1 rows also organisation names, activity as written, key
-- action). receiving_code is empty for placements in companies and for country pairs.
-- Columns are stable: later versions may add columns, never rename or remove them.
select * from marts.institution_flows

-- PUBLIC VIEW. Student flows between all institutions in the EC Erasmus statistics
-- (2008-09 to 2012-13), to compare a school with its peers.
-- Grain: one row per (sending code, receiving code or placement country, academic year,
-- activity, level). receiving_code is empty for placements in companies.
-- Columns are stable: later versions may add columns, never rename or remove them.
select * from marts.institution_flows

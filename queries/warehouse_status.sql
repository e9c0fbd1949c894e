-- About the warehouse: is it the demo, when was the last import, how much is synthetic.
-- Grain: one row.
-- Params: $schools (list, empty = all): the mobilities and agreements counted, the imports
-- dated (those for these schools and those for no school).
select
    exists (select 1 from warehouse_info where key = 'is_demo') as is_demo,
    (
        select max(imported_at) from imports
        where school_id is null
           or (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    ) as last_import_at,
    -- counted from the pre-counted table: the same totals without reading every mobility
    (
        select coalesce(sum(count_mobilities), 0)::bigint from marts.mobility_counts_by_country
        where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    ) as count_mobilities,
    (
        select coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint
        from marts.mobility_counts_by_country
        where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    ) as count_synthetic_mobilities,
    (
        select count(*) from agreements
        where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    ) as count_agreements,
    (
        select count(*) from agreements
        where is_synthetic
          and (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
    ) as count_synthetic_agreements,

-- About the warehouse: is it the demo, when was the last import, how much is synthetic.
-- Grain: one row.
select
    exists (select 1 from warehouse_info where key = 'is_demo') as is_demo,
    (select max(imported_at) from imports) as last_import_at,
    -- counted from the pre-counted table: the same totals without reading every mobility
    (select coalesce(sum(count_mobilities), 0)::bigint from marts.mobility_counts_by_country)
        as count_mobilities,
    (select coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint
     from marts.mobility_counts_by_country) as count_synthetic_mobilities,
    (select count(*) from agreements) as count_agreements,
    (select count(*) from agreements where is_synthetic) as count_synthetic_agreements,

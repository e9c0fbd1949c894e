-- About the warehouse: is it the demo, when was the last import, how much is synthetic.
-- Grain: one row.
select
    exists (select 1 from warehouse_info where key = 'is_demo') as is_demo,
    (select max(imported_at) from imports) as last_import_at,
    (select count(*) from mobilities) as count_mobilities,
    (select count(*) from mobilities where is_synthetic) as count_synthetic_mobilities,
    (select count(*) from agreements) as count_agreements,
    (select count(*) from agreements where is_synthetic) as count_synthetic_agreements,

-- How much of each public view is synthetic (demo) data. Grain: one row per view.
select 'agreements' as view_name, count(*) as count_rows,
       count(*) filter (where is_synthetic) as count_synthetic
from agreements
union all
select 'mobilities', count(*), count(*) filter (where is_synthetic) from mobilities
union all
select 'agreement_quotas', count(*), count(*) filter (where is_synthetic) from agreement_quotas

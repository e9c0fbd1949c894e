-- How much of each public view is synthetic (demo) data. Grain: one row per view.
select 'agreements' as view_name, count(*) as count_rows,
       count(*) filter (where is_synthetic) as count_synthetic
from agreements
union all
select 'mobilities', coalesce(sum(count_mobilities), 0)::bigint,
       coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint
from marts.mobility_counts_by_country
union all
select 'agreement_quotas', count(*), count(*) filter (where is_synthetic) from agreement_quotas
union all
select 'graduates', count(*), count(*) filter (where is_synthetic) from graduates

-- How much of each public view is synthetic (demo) data. Grain: one row per view.
-- Params: $schools (list, empty = all).
select 'agreements' as view_name, count(*) as count_rows,
       count(*) filter (where is_synthetic) as count_synthetic
from agreements
where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
union all
select 'mobilities', coalesce(sum(count_mobilities), 0)::bigint,
       coalesce(sum(count_mobilities) filter (where is_synthetic), 0)::bigint
from marts.mobility_counts_by_country
where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
union all
select 'agreement_quotas', count(*), count(*) filter (where is_synthetic) from agreement_quotas
where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))
union all
select 'graduates', count(*), count(*) filter (where is_synthetic) from graduates
where (len($schools::varchar[]) = 0 or list_contains($schools::varchar[], school_id))

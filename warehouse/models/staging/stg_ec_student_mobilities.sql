-- EC Erasmus student mobility statistics, all institutions.
-- Grain: one row per student mobility of the EC open data.
select
    import_id,
    line_number,
    sending_code,
    receiving_code,
    sending_country_iso2,
    receiving_country_iso2,
    work_placement,
    mobility_type,
    case mobility_type when 'S' then 'study' when 'P' then 'traineeship' when 'C' then 'study' end
        as activity,
    case level_study
        when '1' then 'bachelor' when '2' then 'master' when '3' then 'doctorate'
        when 'S' then 'short_cycle'
    end as level,
    start_month,
    academic_year,
    coalesce(length_study_months, 0) + coalesce(length_work_months, 0) as duration_months,
    ects_total,
    grant_eur,
from raw.ec_student_mobilities

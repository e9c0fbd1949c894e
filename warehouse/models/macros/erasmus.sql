-- Macros of the Erasmus+ rules, available to analysts in any SQL session on the warehouse.

-- Great-circle distance in km between two points given in degrees, on a sphere of radius
-- 6,371 km: the Haversine formula of the European Commission's distance calculator. One way,
-- never doubled. warehouse.erasmus.haversine_km is the same formula in Python (tested to agree).
-- A missing coordinate gives null (least() alone would skip it and return a half circumference).
create or replace macro haversine_km(lat1, lon1, lat2, lon2) as
    case when lat1 is not null and lon1 is not null and lat2 is not null and lon2 is not null then
        2 * 6371.0 * asin(least(1.0, sqrt(
            pow(sin(radians(lat2 - lat1) / 2), 2)
            + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)
        )))
    end;

-- Complete calendar months from a first to a last day, both included: 2024-09-15 … 2024-10-14
-- is 1 month. The days left over count 1/30 of a month each (see erasmus_months).
create or replace macro erasmus_full_months(first_day, last_day) as
    (year(last_day + 1) - year(first_day)) * 12 + month(last_day + 1) - month(first_day)
    - case when day(last_day + 1) < day(first_day) then 1 else 0 end;

-- Duration in months as the Erasmus+ grant counts it: complete calendar months, plus the days
-- of the incomplete month at 1/30 of a month each. 2024-09-01 … 2024-10-06 is 1.2 months.
create or replace macro erasmus_months(first_day, last_day) as
    erasmus_full_months(first_day, last_day)
    + ((last_day + 1) - cast(first_day + to_months(erasmus_full_months(first_day, last_day)) as date))
    / 30.0;

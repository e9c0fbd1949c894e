-- The prefixes of Erasmus codes are read by one resolver, geography.erasmus_code_country, whose
-- answers the build writes into erasmus_code_countries: the copy of the prefix list that SQL
-- read with a rule of its own is gone.
drop table if exists erasmus_country_prefixes;

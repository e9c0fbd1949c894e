-- Former Erasmus codes a user took away from a school (`mobility schools edit --drop-former-code`).
-- The shipped former codes (reference/school_history.csv) are offered at every write: a code
-- listed here is not offered again, so the user's choice holds. One row per code.
create table dropped_school_codes (
    erasmus_code varchar primary key,
    school_id varchar not null,
    dropped_at timestamp not null default current_timestamp
);

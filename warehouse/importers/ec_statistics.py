"""The European Commission's Erasmus student mobility statistics (open data, 2008-09 to 2012-13).

One row per student: sending and receiving institutions as Erasmus codes, mobility type (S study,
P placement, C combined), lengths in months, start dates as MM-YYYY. Files are UTF-8,
';'-separated, and some quoted placement names hold newlines, so rows are counted by a CSV
parser, never by lines. At a million rows a file, they are read by DuckDB's CSV reader straight
into raw.ec_student_mobilities; rows the reader cannot parse are kept as rejects with their line.

Line numbers are CSV record numbers, the header being record 1: a placement name holding a
newline spans several physical lines but is one record.

Academic year: the files carry none. A mobility belongs to the academic year in which it starts,
academic years starting on 1 August (macro academic_year_of): a study period starting in
09-2008 or 08-2008 is 2008-2009, a placement starting in 07-2009 is still 2008-2009.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.errors import ImportFileError
from warehouse.importers.result import Reject

HEADER = (
    "home_institution;age;gender;nationality;level_study;years_prior;mobility_type;"
    "host_institution;work_placement;country_work_placement;length_study;length_work;"
    "short_duration_reason;study_start_date;work_start_date;ects_study;ects_work;ects_total;"
    "sn_supplement;study_grant;work_grant;previous_participation"
)
COLUMNS = HEADER.split(";")


def is_ec_statistics(first_line: str) -> bool:
    """Whether a file's first line is the EC statistics header."""
    return first_line.strip().lstrip("\ufeff").lower().startswith("home_institution;age;gender")


def load(
    con: duckdb.DuckDBPyConnection, path: Path, import_id: int
) -> tuple[int, int, list[Reject]]:
    """Load one file into raw.ec_student_mobilities; return rows read, accepted, rejects."""
    with open(path, encoding="utf-8", errors="replace") as file:
        first_line = file.readline()
    if not is_ec_statistics(first_line):
        raise ImportFileError(path, "not an EC mobility statistics file: unexpected header", line=1)
    columns = "{" + ", ".join(f"'{name}': 'varchar'" for name in COLUMNS) + "}"
    con.execute("drop table if exists temp.ec_rejects")
    con.execute("drop table if exists temp.ec_reject_scans")
    # Personal attributes (age, gender, nationality) are read but not stored.
    con.execute(
        f"""
        insert into raw.ec_student_mobilities
        with rows as (
            -- numbered as CSV records counting the header as 1, as DuckDB numbers its rejects
            select *, row_number() over () + 1 as line_number
            from read_csv(
                ?, delim = ';', quote = '"', escape = '"', header = true, auto_detect = false,
                columns = {columns}, store_rejects = true,
                rejects_table = 'ec_rejects', rejects_scan = 'ec_reject_scans'
            )
        ),
        coded as (
            select
                *,
                normalise_erasmus_code(home_institution) as sending_code,
                normalise_erasmus_code(host_institution) as receiving_code,
                coalesce(
                    strptime(nullif(trim(study_start_date), ''), '%m-%Y'),
                    strptime(nullif(trim(work_start_date), ''), '%m-%Y')
                )::date as start_month,
            from rows
        )
        select
            ? as import_id,
            line_number,
            sending_code,
            receiving_code,
            sending_prefix.country_iso2 as sending_country_iso2,
            coalesce(
                receiving_prefix.country_iso2,
                placement_prefix.country_iso2,
                placement_country.country_iso2
            ) as receiving_country_iso2,
            nullif(trim(work_placement), '') as work_placement,
            mobility_type,
            level_study,
            start_month,
            academic_year_of(start_month) as academic_year,
            try_cast(length_study as double) as length_study_months,
            try_cast(length_work as double) as length_work_months,
            try_cast(ects_total as double) as ects_total,
            coalesce(try_cast(study_grant as double), 0)
                + coalesce(try_cast(work_grant as double), 0) as grant_eur,
        from coded
        left join erasmus_country_prefixes as sending_prefix
            on sending_prefix.prefix = erasmus_code_prefix(sending_code)
        left join erasmus_country_prefixes as receiving_prefix
            on receiving_prefix.prefix = erasmus_code_prefix(receiving_code)
        left join erasmus_country_prefixes as placement_prefix
            on placement_prefix.prefix = upper(trim(country_work_placement))
        left join countries as placement_country
            on placement_country.country_iso2 = upper(trim(country_work_placement))
        order by line_number
        """,
        [str(path), import_id],
    )
    accepted = con.execute(
        "select count(*) from raw.ec_student_mobilities where import_id = ?", [import_id]
    ).fetchone()[0]
    rejects = [
        Reject(int(line), f"unreadable CSV row: {message}", (csv_line or "").rstrip("\r\n"))
        for line, message, csv_line in con.execute(
            """
            select line, first(error_message order by column_idx), first(csv_line)
            from temp.ec_rejects group by line order by line
            """
        ).fetchall()
    ]
    return accepted + len(rejects), accepted, rejects

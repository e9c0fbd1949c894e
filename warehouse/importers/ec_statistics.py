"""The European Commission's Erasmus student mobility statistics (open data, 2008-09 to 2012-13).

One row per student: sending and receiving institutions as Erasmus codes, mobility type (S study,
P placement, C combined), lengths in months, start dates as MM-YYYY. Files are UTF-8,
';'-separated, and some quoted placement names hold newlines, so rows are counted by a CSV
parser, never by lines. At a million rows a file, they are read by DuckDB's CSV reader straight
into raw.ec_student_mobilities; rows the reader cannot parse are kept as rejects with their line.

Line numbers are CSV record numbers, the header being record 1: a placement name holding a
newline spans several physical lines but is one record (see _ec_csv.read_numbered).

Academic year: the files carry none. A mobility belongs to the academic year in which it starts,
academic years starting on 1 August (macro academic_year_of): a study period starting in
09-2008 or 08-2008 is 2008-2009, a placement starting in 07-2009 is still 2008-2009.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from warehouse import geography
from warehouse.errors import ImportFileError
from warehouse.importers._ec_csv import first_line_of, read_numbered
from warehouse.importers._files import readable
from warehouse.importers.result import Reject

HEADER = (
    "home_institution;age;gender;nationality;level_study;years_prior;mobility_type;"
    "host_institution;work_placement;country_work_placement;length_study;length_work;"
    "short_duration_reason;study_start_date;work_start_date;ects_study;ects_work;ects_total;"
    "sn_supplement;study_grant;work_grant;previous_participation"
)
COLUMNS = HEADER.split(";")
# personal attributes (age, gender, nationality) are never read into the warehouse
_KEPT = [
    "home_institution", "host_institution", "work_placement", "country_work_placement",
    "mobility_type", "level_study", "length_study", "length_work", "ects_total", "study_grant",
    "work_grant", "study_start_date", "work_start_date",
]  # fmt: skip


def is_ec_statistics(first_line: str) -> bool:
    """Whether a file's first line is the EC statistics header."""
    return first_line.strip().lstrip("\ufeff").lower().startswith("home_institution;age;gender")


def load(
    con: duckdb.DuckDBPyConnection, path: Path, import_id: int
) -> tuple[int, int, list[Reject], list[str]]:
    """Load one file into raw.ec_student_mobilities; return rows read, accepted, rejects, notes
    (the institutions of unknown country: every other value of these files is read)."""
    first_line = first_line_of(path)
    if not is_ec_statistics(first_line):
        raise ImportFileError(path, "not an EC mobility statistics file: unexpected header", line=1)
    for table in ("ec_rows", "ec_code_countries"):
        con.execute(f"drop table if exists temp.{table}")
    rejects = read_numbered(con, readable(path), COLUMNS, "ec_read", keep=_KEPT)
    con.execute(
        """
        create temp table ec_rows as
        select
            line_number, work_placement, mobility_type, level_study, length_study, length_work,
            ects_total, study_grant, work_grant,
            normalise_erasmus_code(home_institution) as sending_code,
            normalise_erasmus_code(host_institution) as receiving_code,
            nullif(upper(trim(country_work_placement)), '') as placement_country,
            coalesce(
                strptime(nullif(trim(study_start_date), ''), '%m-%Y'),
                strptime(nullif(trim(work_start_date), ''), '%m-%Y')
            )::date as start_month,
        from temp.ec_read
        """
    )
    con.execute("drop table temp.ec_read")
    _resolve_countries(con)
    con.execute(
        """
        insert into raw.ec_student_mobilities
        select
            ? as import_id,
            line_number,
            sending_code,
            receiving_code,
            sending.country_iso2 as sending_country_iso2,
            -- a placement has no host code: its country is the one the row names
            coalesce(receiving.country_iso2, placement.country_iso2) as receiving_country_iso2,
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
        from temp.ec_rows
        left join temp.ec_code_countries as sending on sending.text = sending_code
        left join temp.ec_code_countries as receiving on receiving.text = receiving_code
        left join temp.ec_code_countries as placement on placement.text = placement_country
        order by line_number
        """,
        [import_id],
    )
    con.execute("drop table temp.ec_rows")
    accepted = con.execute(
        "select count(*) from raw.ec_student_mobilities where import_id = ?", [import_id]
    ).fetchone()[0]
    return accepted + len(rejects), accepted, rejects, _unknown_country_notes(con, import_id)


def _unknown_country_notes(con: duckdb.DuckDBPyConnection, import_id: int) -> list[str]:
    """Say which rows name an institution of unknown country: they are kept and counted, and
    their partner shows as "Unknown country" (unless the registry knows the code)."""
    rows = con.execute(
        """
        select coalesce(code, 'a placement naming no country') as what, count(*)
        from (
            select sending_code as code from raw.ec_student_mobilities
            where import_id = $1 and sending_country_iso2 is null
            union all
            select receiving_code from raw.ec_student_mobilities
            where import_id = $1 and receiving_country_iso2 is null
        )
        group by all order by 2 desc, 1
        """,
        [import_id],
    ).fetchall()
    if not rows:
        return []
    listed = ", ".join(f"{what} ({count})" for what, count in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return [
        f"{sum(count for _, count in rows)} rows name an institution whose country is not known: "
        f"{listed}{more}; kept and counted, shown as 'Unknown country' unless the registry "
        "knows the code"
    ]


def _resolve_countries(con: duckdb.DuckDBPyConnection) -> None:
    """temp.ec_code_countries: the country of each Erasmus code and placement country of the
    rows read, by the resolver every importer uses (geography.erasmus_code_country), once per
    distinct value: a part of 23,000 rows names a few thousand institutions."""
    codes = con.execute(
        "select sending_code from temp.ec_rows union select receiving_code from temp.ec_rows"
    ).fetchall()
    placements = con.execute(
        "select distinct placement_country from temp.ec_rows where placement_country is not null"
    ).fetchall()
    found: dict[str, str | None] = {}
    for (code,) in codes:
        if code:
            found[code] = geography.erasmus_code_country(code)
    for (text,) in placements:
        # the column holds country codes ('UK', 'CH'); a name or prefix would be read as well
        match = geography.resolve_country(text)
        found.setdefault(text, match.country.iso2 if match and match.method != "fuzzy" else None)
    frame = pl.DataFrame(
        {"text": list(found), "country_iso2": list(found.values())},
        schema={"text": pl.String, "country_iso2": pl.String},
    )
    # an Arrow stream, as for the raw rows (loading.insert_raw_rows): executemany inserts one
    # statement per row, and a part names thousands of codes
    con.register("code_countries", frame.__arrow_c_stream__())
    con.execute("create temp table ec_code_countries as select * from code_countries")
    con.unregister("code_countries")

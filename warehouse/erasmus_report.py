"""The Erasmus+ pre-flight workbook of one school and one call year (`mobility report erasmus`).

Three sheets, all over the same mobilities (the public view erasmus_mobilities, rows the school
reports: its outgoing mobility and KA171 both ways, funded by Erasmus+ or of unknown funding):

- Mobilities: one row per mobility in a Beneficiary-Module-like column layout. The layout is a
  versioned mapping file (reference/beneficiary_module_layout_v1.csv: output header, SQL
  expression over the view's columns, note), because the EU changes its template each release:
  a new template is a new file, passed with --layout, not a code change.
- Failed checks: one row per failed check of those mobilities, with its reason.
- Totals: counts, months and amounts by action and activity type, the total, and the share of
  the KA131 estimate going to third countries not associated to the Programme against its cap.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db, erasmus, exports
from warehouse.errors import WarehouseError
from warehouse.schools import find_school

DEFAULT_LAYOUT = erasmus.REFERENCE_DIR / "beneficiary_module_layout_v1.csv"

_REPORTED = """
    select * from erasmus_mobilities
    where school_id = $school_id and call_year = $call_year and is_reported
"""
_AMOUNTS = (
    "travel_grant_eur", "individual_support_eur", "fewer_opportunities_top_up_eur",
    "traineeship_top_up_eur", "green_travel_top_up_eur", "total_grant_eur",
)  # fmt: skip


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    school: str
    call_year: int
    mobilities: int
    failing_mobilities: int
    failed_checks: int
    total_grant_eur: float | None
    not_estimated: int
    layout: Path


def write_report(
    school_text: str, call_year: int, out: Path, layout: Path | None = None
) -> ReportSummary:
    """Write the workbook; return what it holds."""
    layout = Path(layout or DEFAULT_LAYOUT)
    columns = read_layout(layout)
    with db.reader() as con:
        school = find_school(con, school_text)
        params = {"school_id": school.school_id, "call_year": call_year}
        mobilities = _mobilities_sheet(con, columns, params, layout)
        checks = con.sql(
            f"""
            with reported as ({_REPORTED})
            select
                reported.mobility_id as "Mobility ID",
                reported.participant_id as "Participant ID",
                reported.activity_type as "Activity Type",
                reported.receiving_organisation as "Receiving Organisation",
                reported.start_date as "Start Date",
                reported.end_date as "End Date",
                split_part(failures.reason, ':', 1) as "Check",
                failures.reason as "Reason",
            from reported, unnest(reported.failed_checks) as failures(reason)
            order by reported.start_date, reported.mobility_id, "Check"
            """,
            params=params,
        ).pl()
        totals = _totals_sheet(con, params)
        count, total, not_estimated = con.sql(
            f"""
            select count(*), round(sum(total_grant_eur), 2), count(*) - count(total_grant_eur)
            from ({_REPORTED})
            """,
            params=params,
        ).fetchall()[0]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    exports.write_workbook(
        out,
        [("Mobilities", mobilities), ("Failed checks", checks), ("Totals", totals)],
        {
            "title": f"{school.name}, Erasmus+ call {call_year}",
            "comments": "Erasmus+ pre-flight, mobility",
        },
    )
    return ReportSummary(
        path=out,
        school=school.name,
        call_year=call_year,
        mobilities=count,
        failing_mobilities=checks["Mobility ID"].n_unique() if checks.height else 0,
        failed_checks=checks.height,
        total_grant_eur=total,
        not_estimated=not_estimated,
        layout=layout,
    )


def read_layout(path: Path) -> list[tuple[str, str]]:
    """(header, SQL expression) pairs of a layout file, in order."""
    if not path.is_file():
        raise WarehouseError(f"{path}: no such layout file")
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        if not {"header", "source"} <= set(reader.fieldnames or []):
            raise WarehouseError(f"{path}, line 1: a layout needs the columns header, source, note")
        columns = [
            (row["header"].strip(), row["source"].strip())
            for row in reader
            if (row["header"] or "").strip()
        ]
    if not columns:
        raise WarehouseError(f"{path}: the layout lists no column")
    return columns


def _mobilities_sheet(con, columns, params, layout: Path) -> pl.DataFrame:
    for line, (header, source) in enumerate(columns, start=2):
        if not source:
            raise WarehouseError(f"{layout}, line {line}: column {header!r} has no source")
        try:  # check each expression alone, so that an error names its line
            con.sql(f"select {source} from erasmus_mobilities limit 0").fetchall()
        except duckdb.Error as error:
            message = str(error).splitlines()[0]
            raise WarehouseError(f"{layout}, line {line}: {header!r}: {message}") from None
    select = ",\n".join(
        f'{source} as "{header.replace(chr(34), "")}"' for header, source in columns
    )
    return con.sql(
        f"""
        with reported as ({_REPORTED})
        select {select} from reported order by start_date, mobility_id
        """,
        params=params,
    ).pl()


def _totals_sheet(con, params) -> pl.DataFrame:
    # Amounts add up the mobilities with a complete estimate, so that the parts sum to the total.
    amounts = ",\n".join(
        f"round(sum({column}) filter (where total_grant_eur is not null), 2) as {column}"
        for column in _AMOUNTS
    )
    by_group = con.sql(
        f"""
        with reported as ({_REPORTED})
        select
            coalesce(action, 'total') as action,
            coalesce(activity_type, case when grouping(activity_type) = 1 then 'all' end)
                as activity_type,
            count(*) as mobilities,
            count(*) filter (where count_failed_checks > 0) as mobilities_failing_checks,
            count(*) - count(total_grant_eur) as mobilities_not_estimated,
            round(sum(physical_months) filter (where is_long_term), 2) as long_term_months,
            sum(physical_days) filter (where not is_long_term) as short_term_days,
            {amounts},
        from reported
        group by grouping sets ((action, activity_type), ())
        order by grouping(action), action, activity_type
        """,
        params=params,
    ).pl()
    cap = con.sql(
        """
        select ka131_grant_eur, ka131_third_country_grant_eur, ka131_third_country_share,
               ka131_third_country_share_max, is_above_third_country_cap
        from erasmus_grant_totals where school_id = $school_id and call_year = $call_year
        """,
        params=params,
    ).pl()
    if cap.height:
        row = cap.row(0, named=True)
        share, cap_share = row["ka131_third_country_share"], row["ka131_third_country_share_max"]
        note = (
            f"KA131 to third countries not associated: {row['ka131_third_country_grant_eur'] or 0}"
            f" EUR of {row['ka131_grant_eur'] or 0} EUR"
            + (f" = {share:.1%}" if share is not None else "")
            # the rules of a call year before 2022 are not shipped: no cap to compare with
            + (f" (cap {cap_share:.0%})" if cap_share is not None else " (no cap rule)")
            + (" ABOVE THE CAP" if row["is_above_third_country_cap"] else "")
        )
    else:
        note = "no mobility reported for this school and call year"
    extra = pl.DataFrame({"action": [note]}, schema={"action": pl.String})
    return pl.concat([by_group, extra], how="diagonal")

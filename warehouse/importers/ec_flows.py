"""Flow tables: a count of mobilities per country pair or institution pair.

The European Commission and others publish Erasmus flows as tables of counts rather than of
mobilities: `CountrySending; CountryReceiving; StudentOutgoingCount`, one row per country pair,
its cells padded with spaces to line the columns up (`FR            ; DE       ;   1234`), or
the same per institution pair with Erasmus codes. (The column names above are those of the
country-pair tables derived from the EC's 2013-14 open data, e.g. the VI13 course project
"Erasmus exchanges by country", whose columns are CountryHosting, CountryReceiving,
StudentIncomingCount, StudentOutgoingCount.)

A file is read as a flow table when its header names, and only names: a sending side, a
receiving side, one count, and optionally an academic year:
- sending: 'CountrySending', 'Sending Country', 'Home country', 'Country of origin', 'Sending
  Institution', 'Sending Erasmus code'… (a name holding sending/home/origin/from);
- receiving: 'CountryReceiving', 'CountryHosting', 'Host institution', 'Destination'…;
- a side naming a country holds country codes or names (EU codes EL and UK included), a side
  naming an institution, organisation, HEI or code holds Erasmus codes;
- the count: 'StudentOutgoingCount', 'Count', 'Participants', 'Number of students',
  'Mobilities'…; a table with two counts (outgoing and incoming) is refused, since one row
  would then hold two flows;
- the year: 'Academic Year', 'Year', 'Period' ('2014-2015', '2014/15').
A header with any other column is not a flow table (a school's own list has more to say).

Each row becomes a row of raw.ec_flow_counts, queryable in institution_flows (source
'ec_flow_table'). Counts are not mobilities: a flow table gives no home school's mobilities.
Rejected with their reason: a total row ('Total', 'Grand total': it would count its flows
twice), a count that is not a whole number of at least 0, a country that is none, an empty
side. Kept and said: an Erasmus code of unknown prefix (unknown country), a period that is not
an academic year (kept without one), pairs listed twice (their counts both count).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers._files import read_text_file
from warehouse.importers._limits import CELL_CHARS, COLUMNS
from warehouse.importers.ec_ka1 import academic_year, country_code
from warehouse.importers.result import NOT_KEPT, Reject

_SENDING = re.compile(r"sending|sender|home|origin|from|outbound")
_RECEIVING = re.compile(r"receiving|receiver|host|destination|inbound")
_INSTITUTION = re.compile(r"institution|organi[sz]ation|erasmus|code|hei|university")
_COUNT = re.compile(r"count|participants|students|mobilities|number|flows?$")
_PERIOD = re.compile(r"(academic)?year|period")
_TOTALS = {"total", "totals", "grandtotal", "sum", "all", "allcountries", "totalgeneral"}
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+")


@dataclass(frozen=True)
class Layout:
    """Where a flow table's sides, count and year are, and what the sides hold."""

    delimiter: str
    sending: int
    receiving: int
    count: int
    period: int | None
    sending_level: str  # 'country' | 'institution'
    receiving_level: str
    headers: tuple[str, ...]


def _key(cell: str) -> str:
    return re.sub(r"[^a-z0-9]", "", cell.strip().lstrip("\ufeff").lower())


def layout_of(first_line: str) -> Layout | None:
    """The layout a header announces, or None when it is not a flow table's header."""
    line = first_line.rstrip("\r\n").lstrip("\ufeff")
    delimiter = next((d for d in (";", "\t", ",") if d in line), None)
    if delimiter is None:
        return None
    headers = tuple(cell.strip() for cell in next(csv.reader([line], delimiter=delimiter)))
    roles: dict[str, list[int]] = {"sending": [], "receiving": [], "count": [], "period": []}
    for index, header in enumerate(headers):
        key = _key(header)
        # 'CountrySending' holds the letters 'count'
        if _COUNT.search(key.replace("country", "")):
            roles["count"].append(index)
        elif _SENDING.search(key):
            roles["sending"].append(index)
        elif _RECEIVING.search(key):
            roles["receiving"].append(index)
        elif _PERIOD.fullmatch(key):
            roles["period"].append(index)
        else:
            return None  # a column a flow table does not have
    if not (
        len(roles["sending"]) == len(roles["receiving"]) == 1
        and roles["count"]
        and len(roles["period"]) <= 1
    ):
        return None
    levels = []
    for side in ("sending", "receiving"):
        key = _key(headers[roles[side][0]])
        if "country" in key:
            levels.append("country")
        elif _INSTITUTION.search(key):
            levels.append("institution")
        else:
            return None
    return Layout(
        delimiter,
        roles["sending"][0],
        roles["receiving"][0],
        roles["count"][0] if len(roles["count"]) == 1 else -1,
        roles["period"][0] if roles["period"] else None,
        levels[0],
        levels[1],
        headers,
    )


def is_flow_table(first_line: str) -> bool:
    """Whether a file's first line is the header of a flow table (see the module's doc)."""
    return layout_of(first_line) is not None


def load(
    con: duckdb.DuckDBPyConnection, path: Path, import_id: int
) -> tuple[int, int, list[Reject], list[str]]:
    """Load one flow table into raw.ec_flow_counts; return rows read, accepted, rejects, notes."""
    text_file = read_text_file(path)
    lines = text_file.text.splitlines()
    layout = layout_of(lines[0])
    if layout is None:
        raise ImportFileError(path, "not a flow table: unexpected header", line=1)
    if layout.count < 0:
        counts = [h for h in layout.headers if _COUNT.search(_key(h).replace("country", ""))]
        raise ImportFileError(
            path,
            f"a flow table with {len(counts)} counts ({', '.join(map(repr, counts))}): "
            "keep one count column per file",
            line=1,
        )
    for number, line in enumerate(lines, start=1):
        # before the csv module reads them: its own limit says it in other words
        cells = line.split(layout.delimiter)
        COLUMNS.check(path, len(cells), f"{len(cells):,} cells", number)
        longest = max(map(len, cells))
        CELL_CHARS.check(path, longest, f"a cell of {longest:,} characters", number)
    rows, rejects, notes = [], [], []
    if text_file.encoding != "utf-8":
        notes.append(f"the file is not UTF-8: read as {text_file.encoding}")
    blank = 0
    reader = csv.reader(io.StringIO(text_file.text), delimiter=layout.delimiter)
    next(reader)
    line_number = reader.line_num + 1
    for cells in reader:
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            blank += 1
        else:
            row = _row(cells, layout)
            if isinstance(row, str):
                # every column of a flow table is read; a row with other cells is not kept
                shifted = len(cells) != len(layout.headers)
                raw_text = (
                    NOT_KEPT if shifted else "\n".join(lines[line_number - 1 : reader.line_num])
                )
                rejects.append(Reject(line_number, row, raw_text))
            else:
                rows.append({"line_number": line_number, **row})
        line_number = reader.line_num + 1
    if blank:
        notes.append(f"{blank} blank lines skipped")
    _insert(con, rows, import_id, "student" in _key(layout.headers[layout.count]))
    notes += _notes(con, rows, layout, import_id)
    return len(rows) + len(rejects), len(rows), rejects, notes


def _row(cells: list[str], layout: Layout) -> dict | str:
    """The raw row of a line's cells, or the reason it is rejected."""
    width = len(layout.headers)
    if len(cells) < width or any(cells[width:]):
        return f"{len(cells)} cells where the header has {width}"
    sending, receiving = cells[layout.sending], cells[layout.receiving]
    if _key(sending) in _TOTALS or _key(receiving) in _TOTALS:
        return "a total row, not a pair: adding it would count its flows twice"
    count = _count(cells[layout.count])
    if count is None:
        return f"count {cells[layout.count]!r} is not a whole number of at least 0"
    row = {"count_mobilities": count}
    for side, text, level in (
        ("sending", sending, layout.sending_level),
        ("receiving", receiving, layout.receiving_level),
    ):
        if not text or text == "-":
            return f"no {side} {level}"
        if level == "country":
            iso2 = country_code(text)
            if iso2 is None:
                return f"{side} country {text!r} is not a country"
            row |= {f"{side}_code": None, f"{side}_country_iso2": iso2}
        else:
            code = normalise_erasmus_code(text)
            row |= {f"{side}_code": code, f"{side}_country_iso2": _code_country(code)}
    period = cells[layout.period] if layout.period is not None else ""
    row |= {"period": period or None, "academic_year": academic_year(period) if period else None}
    return row


def _code_country(code: str) -> str | None:
    # the one resolver of an Erasmus code's country, which every importer uses
    return geography.erasmus_code_country(code)


def _count(text: str) -> int | None:
    """'1234', '1 234', '12.0' -> the whole number; None for anything else."""
    if _GROUPED_DIGITS.fullmatch(text):
        text = re.sub(r"\D", "", text)
    match = re.fullmatch(r"(\d+)(?:\.0*)?", text)
    return int(match.group(1)) if match else None


def _insert(con: duckdb.DuckDBPyConnection, rows: list[dict], import_id: int, students) -> None:
    columns = {
        "line_number": pl.Int32, "sending_code": pl.String, "sending_country_iso2": pl.String,
        "receiving_code": pl.String, "receiving_country_iso2": pl.String, "period": pl.String,
        "academic_year": pl.String, "count_mobilities": pl.Int32,
    }  # fmt: skip
    frame = (
        pl.DataFrame(rows, schema=columns, orient="row") if rows else pl.DataFrame(schema=columns)
    )
    con.register("flow_rows", frame.__arrow_c_stream__())
    con.execute(
        """
        insert into raw.ec_flow_counts by name
        select ? as import_id, *, ? as counts_students from flow_rows
        """,
        [import_id, students],
    )
    con.unregister("flow_rows")


def _notes(con, rows: list[dict], layout: Layout, import_id: int) -> list[str]:
    notes = []
    pairs = Counter(
        (r["sending_code"] or r["sending_country_iso2"], r["receiving_code"]
         or r["receiving_country_iso2"], r["period"])
        for r in rows
    )  # fmt: skip
    twice = {pair: n for pair, n in pairs.items() if n > 1}
    if twice:
        listed = ", ".join(f"{a} → {b}" + (f" ({p})" if p else "") for a, b, p in list(twice)[:5])
        notes.append(
            f"{sum(twice.values())} rows give a pair another row gives too ({listed}): "
            "every count counts"
        )
    unknown = Counter(
        r[f"{side}_code"]
        for r in rows
        for side in ("sending", "receiving")
        if r[f"{side}_code"] and r[f"{side}_country_iso2"] is None
    )
    if unknown:
        listed = ", ".join(f"{code!r} ({n})" for code, n in unknown.most_common(5))
        notes.append(
            f"{unknown.total()} cells name an Erasmus code without a known country prefix "
            f"({listed}): kept of unknown country"
        )
    periods = Counter(r["period"] for r in rows if r["period"] and r["academic_year"] is None)
    if periods:
        listed = ", ".join(f"{p!r} ({n})" for p, n in periods.most_common(5))
        notes.append(
            f"{periods.total()} rows give a period that is not an academic year ({listed}): "
            "kept without academic year"
        )
    if "institution" in (layout.sending_level, layout.receiving_level):
        named = con.execute(
            """
            select count(*) from raw.ec_flow_counts as flows
            where import_id = ? and exists (
                select 1 from main.school_erasmus_codes as codes
                where codes.erasmus_code in (flows.sending_code, flows.receiving_code)
            )
            """,
            [import_id],
        ).fetchone()[0]
        if named:
            notes.append(
                f"{named} rows name a home school: a flow table counts, it does not list "
                "mobilities, so they are not the school's mobilities (the KA1 data gives them)"
            )
    level = "country" if layout.sending_level == layout.receiving_level == "country" else "pair"
    what = "country pairs" if level == "country" else "institution pairs"
    notes.append(f"{len(rows)} {what}, queryable in institution_flows (source 'ec_flow_table')")
    return notes

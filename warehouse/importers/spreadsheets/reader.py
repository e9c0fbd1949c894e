"""Reading a list: the header found, its columns named, each row accepted or rejected.

The package's docstring (warehouse/importers/spreadsheets/__init__.py) says what a list may look
like; this module puts the pieces together: the table and its header (headers.py), the --map and
--set options, then partner and graduate lists row by row and mobility lists column-wise
(mobilities.py).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl

from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers.partner_lists import SchoolContext, agreement_type
from warehouse.importers.result import ParsedFile
from warehouse.importers.spreadsheets.cells import (
    Rejected,
    erasmus_action,
    erasmus_activity,
    graduation_year,
    is_total_row,
    read_academic_year,
    read_activity,
    read_country,
    read_date,
    read_direction,
    read_number,
    read_places,
    signatory_level_of,
    title_year,
    validity_year,
    yes_no,
)
from warehouse.importers.spreadsheets.headers import (
    FIELDS,
    Columns,
    declared_columns,
    find_columns,
    find_header,
)
from warehouse.importers.spreadsheets.mobilities import read_mobilities
from warehouse.importers.spreadsheets.places import (
    check_row_total,
    check_total_row,
    places_columns,
    quota_mobility_type,
)
from warehouse.importers.spreadsheets.pseudonyms import masked_text, pseudonym
from warehouse.importers.spreadsheets.tables import Body, Row, check_cells, shape_reason
from warehouse.text import clean


def read_spreadsheet(
    path: Path,
    kind: str,
    school: SchoolContext,
    *,
    column_map: dict[str, str] | None = None,
    set_values: dict[str, str] | None = None,
    pseudonym_key: bytes | None,
) -> ParsedFile:
    """Read a partner list (kind 'agreements'), a mobility list ('mobilities') or a graduate
    list ('graduates'); the lists of students need the pseudonym key."""
    if kind not in FIELDS:
        raise ValueError(f"kind must be one of {', '.join(FIELDS)}, not {kind!r}")
    if pseudonym_key is None and kind != "agreements":
        raise ValueError(f"a {kind} list is pseudonymised: it needs the pseudonym key")
    path = Path(path)
    column_map, set_values = dict(column_map or {}), dict(set_values or {})
    for option, given in (("--map", column_map), ("--set", set_values)):
        for field in given:
            if field not in FIELDS[kind]:
                raise ImportFileError(
                    path,
                    f"unknown field {field!r} in {option}; fields: {', '.join(FIELDS[kind])}",
                )
    set_values = {
        field: _set_value(path, kind, field, value, school) for field, value in set_values.items()
    }
    table, header_index = find_header(path, kind, column_map)
    check_cells(path, table.head[: header_index + 1])  # the body is checked as it is split
    header = table.head[header_index]
    columns = find_columns(path, header, kind, column_map, supplied=set_values)
    parsed = ParsedFile(table.file_format)
    if header.line_number > 1:
        parsed.notes.append(f"header on line {header.line_number}; the lines above it skipped")
    body = table.body(header_index, columns.width)
    if kind == "agreements":
        columns = places_columns(header, body, columns, declared_columns(column_map.get("places")))
        parsed.listed_academic_year = title_year(table.head[:header_index])
        if parsed.listed_academic_year:
            parsed.notes.append(
                f"the title names {parsed.listed_academic_year}: agreements without years run "
                "from then on"
            )
    parsed.notes.extend(columns.notes)
    body, columns = _with_set_values(path, header, body, columns, set_values, parsed)
    if kind == "mobilities":
        # Mobility lists run to a million rows: they are read column-wise (see read_mobilities)
        read_mobilities(body, columns, parsed, pseudonym_key)
        return parsed
    # Partner and graduate lists are a few hundred rows: read one by one, after the same
    # total-row and shape checks.
    rows = body.frame.with_columns(
        is_total=is_total_row(pl.col("first"), body.frame["first"]),
        shape_reason=shape_reason(pl.col("extra"), columns.width),
    )
    graduate_lines: dict[str, int] = {}  # pseudonym -> line it was first listed on
    totals: list[dict] = []  # total rows of a partner list with places, checked at the end
    for row in rows.iter_rows(named=True):
        line = row["line"]
        values = {field: _field_cell(row, columns, field) for field in FIELDS[kind]}
        try:
            if row["is_total"]:
                raise Rejected("total row")
            if row["shape_reason"]:
                raise Rejected(row["shape_reason"])
            if kind == "agreements":
                places = [(label, row[f"c{index}"]) for index, label in columns.places]
                agreement, quotas = _agreement(values, places, line, school, parsed)
                parsed.agreements.append(agreement)
                parsed.quotas.extend(quotas)
                if columns.row_total is not None:
                    check_row_total(row[f"c{columns.row_total}"], quotas, line, parsed)
            else:
                graduate = _graduate(values, line, graduate_lines, pseudonym_key)
                parsed.graduates.append(graduate)
        except Rejected as rejected:
            if kind == "agreements" and row["is_total"] and columns.places:
                totals.append(row)
            # the row as written is kept for rejected rows only: rebuilding it costs more than
            # reading it (a million-row file)
            raw_text = masked_text(body.row(line), columns, body.delimiter, pseudonym_key)
            parsed.reject(line, str(rejected), raw_text)
            continue
        parsed.accept()
    for total in totals:
        check_total_row(total, header, columns, parsed)
    return parsed


def _field_cell(row: dict, columns: Columns, field: str) -> str:
    """The cell of a field in a body row, '' when the file has no such column."""
    index = columns.fields.get(field)
    return row[f"c{index}"] if index is not None else ""


def _set_value(path: Path, kind: str, field: str, value: str, school: SchoolContext) -> str:
    """A --set value, checked by the reader of its column's cells: a value that a cell could
    not give (a direction that is neither way, a date that is none) is an error, not a reject
    on every row; so is a label that the cell reader would only file as 'other'."""
    cell = clean(value)

    def refused(problem: str) -> ImportFileError:
        return ImportFileError(path, f"--set {field}={value}: {problem}")

    if not cell:
        raise refused("empty value")
    if field == "student_id":
        raise refused("each row has its own student: name the column with --map student_id=…")
    try:
        if field == "country":
            read_country(cell, None)
        elif field == "direction":
            read_direction(cell)
        elif field in {"start_date", "end_date"}:
            read_date(cell, field.replace("_", " "))
        elif field == "graduation_year":
            graduation_year(cell)
    except Rejected as rejected:
        raise refused(str(rejected)) from None
    problem = None
    if field == "erasmus_code" and not normalise_erasmus_code(cell):
        problem = "no Erasmus code"
    elif field == "academic_year" and kind == "mobilities" and not read_academic_year(cell):
        problem = "not an academic year such as 2024-2025"
    elif field in {"first_academic_year", "last_academic_year"}:
        check = ParsedFile("")
        if validity_year(cell, field.split("_")[0], 0, check) is None:
            problem = "not an academic year, a year or a date"
    elif field in {"duration_months", "places", "ects_abroad"} and read_number(cell) is None:
        problem = "not a number"
    elif field == "activity" and not erasmus_activity(cell) and read_activity(cell) == "other":
        problem = "not understood (study, traineeship, staff teaching, staff training…)"
    elif field == "erasmus_activity" and not erasmus_activity(cell):
        problem = "not HE-SMS, HE-SMT, HE-STA, HE-STT, BIP or doctoral short-term"
    elif field == "erasmus_action" and erasmus_action(cell)[0] is None:
        problem = "not KA131 or KA171"
    elif field in {"is_blended", "is_green_travel", "has_fewer_opportunities"}:
        problem = yes_no(cell, "value")[1] and "not yes or no"
    if problem:
        raise refused(problem)
    return cell


def _with_set_values(
    path: Path,
    header: Row,
    body: Body,
    columns: Columns,
    set_values: dict[str, str],
    parsed: ParsedFile,
) -> tuple[Body, Columns]:
    """The body with one more column per --set field, holding its value on every row."""
    if not set_values:
        return body, columns
    fields, frame = dict(columns.fields), body.frame
    for offset, (field, value) in enumerate(set_values.items()):
        if field in fields:
            raise ImportFileError(
                path,
                f"--set {field}: the file has a {field} column ({header.cells[fields[field]]!r}); "
                f"drop --set, or --map {field} to another column",
                line=header.line_number,
            )
        index = columns.width + offset  # past the file's columns: no row's cell is read there
        fields[field] = index
        frame = frame.with_columns(pl.lit(value, pl.String).alias(f"c{index}"))
        parsed.notes.append(f"--set {field}={value}: every row's {field} (no column holds it)")
    return Body(frame, body.delimiter, body.row), dataclasses.replace(columns, fields=fields)


def _agreement(
    values: dict[str, str],
    places: list[tuple[str | None, str]],
    line: int,
    school: SchoolContext,
    parsed: ParsedFile,
) -> tuple[dict, list[dict]]:
    """The raw agreement of a partner row, and a quota per places column offering places
    (`places`: programme label and cell of each places column)."""
    code = normalise_erasmus_code(values["erasmus_code"])
    name = values["partner_name"] or code
    if not name:
        raise Rejected("no partner name")
    country, note = read_country(values["country"], code)
    if note:
        parsed.notes.append(f"line {line}: {note}")
    programme = values["programme"] or None
    kind = agreement_type(programme) if programme else "other"
    level = signatory_level_of(programme, school)
    first = validity_year(values["first_academic_year"], "first", line, parsed)
    last = validity_year(values["last_academic_year"], "last", line, parsed)
    agreement = {
        "line_number": line,
        "partner_name": name,
        "partner_country_raw": values["country"] or None,
        "partner_country_iso2": country,
        "partner_city": values["city"] or None,
        "partner_erasmus_code": code,
        "partner_url": values["website"] or None,
        "programme_raw": programme,
        "agreement_type": kind,
        "signatory_level": level,
        "first_academic_year": first,
        "last_academic_year": last,
    }
    quotas = []
    for programme, cell in places:
        count = read_places(cell, line, parsed, programme)
        if count is None:
            continue
        quotas.append(
            {
                "line_number": line,
                "partner_name": name,
                "partner_country_iso2": country,
                "agreement_type": kind,
                "signatory_level": level,
                "direction": "outgoing",  # places are what the partner offers our students
                "mobility_type": quota_mobility_type(programme),
                "programme": programme,
                "mobilities_per_year": count,
                "first_academic_year": first,
                "last_academic_year": last,
            }
        )
    return agreement, quotas


def _graduate(values: dict[str, str], line: int, seen: dict[str, int], key: bytes) -> dict:
    """The raw graduate of a row: a pseudonym, a graduation year, ECTS earned abroad if given."""
    student = values["student_id"]
    if not student:
        raise Rejected("no student id")
    participant = pseudonym(student, key)
    if participant in seen:
        raise Rejected(f"student already listed on line {seen[participant]}")
    year = graduation_year(values["graduation_year"])
    ects = None
    if values["ects_abroad"]:
        ects = read_number(values["ects_abroad"])
        if ects is None:
            raise Rejected(f"bad ECTS abroad {values['ects_abroad']!r}")
    seen[participant] = line
    return {
        "line_number": line,
        "participant_id": participant,
        "graduation_year": year,
        "ects_abroad": ects,
    }

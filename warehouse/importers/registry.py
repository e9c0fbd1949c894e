"""The EU's list of Erasmus charter holders (ECHE 2021-2027), as XLSX, XLS or CSV, and the older
Erasmus University Charter lists (EUC): 2007-2013 as JSON, and the EC's .xls workbooks of
2013-2014 ('Institutional code', 'Name of Organisation', 'Country', 'City', 'Code' the charter
type) and 2007-2013 ('Country', 'Charter type code', 'Organisation Name', 'Erasmus code',
'Street', 'Postcode', 'City'). Other spellings of the columns are named with --map FIELD=COLUMN;
a field no column holds can be given for every row with --set FIELD=VALUE.

The EC's CSV is Windows-1252, ';'-separated, with an empty first line and the header on line 2.
Its Erasmus codes carry a non-breaking space ('F\\xa0 ALBI05'), its OIDs '#N/A', and its charter
dates mix two spellings in one column: unpadded month-first ('11/1/2021', '12/31/2029', as US
Excel writes) and zero-padded day-first ('26/06/2024', '31/12/2029'). The workbook holds real
dates; both files give the same 5,912 institutions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from warehouse import geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers import _xls
from warehouse.importers._files import checked_cells, read_text_file, xlsx_sheets
from warehouse.importers._limits import CELL_CHARS, ROWS
from warehouse.importers.result import NOT_KEPT, ParsedFile
from warehouse.text import clean, fold

HEADER = {
    "erasmus code": "erasmus_code",
    "institutional code": "erasmus_code",  # EUC 2013-2014
    "pic": "pic",
    "oid": "oid",
    "legal name": "legal_name",
    "name of organisation": "legal_name",  # EUC 2013-2014
    "organisation name": "legal_name",  # EUC 2007-2013
    "street": "street",
    "post cd": "postcode",
    "postcode": "postcode",
    "city": "city",
    "country cd": "country_iso2",
    "country": "country_iso2",  # EUC lists: 'AT', 'UK'…
    "website url": "website",
    "erasmus eche start": "charter_start",
    "erasmus eche end": "charter_end",
}
FIELDS = tuple(dict.fromkeys(HEADER.values()))
REQUIRED = ("erasmus_code", "legal_name")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def read_registry(
    path: Path, column_map: dict[str, str] | None = None, set_values: dict[str, str] | None = None
) -> ParsedFile:
    """Read a charter list file into raw.institutions rows; `column_map` (--map) names columns,
    `set_values` (--set) gives a field the file lacks for every row."""
    path = Path(path)
    column_map, set_values = dict(column_map or {}), dict(set_values or {})
    for option, fields in (("--map", column_map), ("--set", set_values)):
        unknown = [field for field in fields if field not in FIELDS]
        if unknown:
            raise ImportFileError(
                path, f"unknown field {unknown[0]!r} in {option}; fields: {', '.join(FIELDS)}"
            )
    set_values = {field: _set_value(path, field, value) for field, value in set_values.items()}
    suffix = path.suffix.lower()
    if suffix == ".json":
        if column_map or set_values:
            raise ImportFileError(path, "--map and --set do not apply to the JSON charter list")
        return _read_euc_json(path)
    if path.is_file() and _xls.is_old_workbook(path):
        rows = _xls_rows(path, column_map)
        file_format = "charter_list_xls"
    elif suffix in {".xlsx", ".xlsm"}:
        rows = _xlsx_rows(path, column_map)
        file_format = "eche_xlsx"
    else:
        text = read_text_file(path)
        dialect = ";" if text.text.count(";") > text.text.count(",") else ","
        rows = _csv_rows(path, text.text, dialect)
        file_format = "eche_csv"
    return _read_rows(path, rows, file_format, column_map, set_values)


def _read_rows(
    path: Path,
    rows: list[tuple[int, list]],
    file_format: str,
    column_map: dict[str, str] | None = None,
    set_values: dict[str, object] | None = None,
) -> ParsedFile:
    column_map, set_values = column_map or {}, set_values or {}
    header_at = next(
        (i for i, (_, row) in enumerate(rows[:20]) if _is_header(row, column_map)), None
    )
    if header_at is None and "erasmus_code" in column_map:
        raise ImportFileError(
            path, f"--map erasmus_code={column_map['erasmus_code']}: no such column in the first "
            "20 rows",
        )  # fmt: skip
    if header_at is None:
        raise ImportFileError(
            path,
            "not a charter list: no header with 'Erasmus Code' and 'Legal Name' "
            "(or name them with --map FIELD=COLUMN)",
            line=1,
        )
    header_line, header = rows[header_at]
    parsed = ParsedFile(file_format)
    positions = _positions(path, header, header_line, column_map, set_values, parsed)
    missing = [name for name in REQUIRED if name not in positions and name not in set_values]
    if missing:
        raise ImportFileError(path, f"missing column(s) {', '.join(missing)}", line=header_line)
    for line_number, row in rows[header_at + 1 :]:
        if not any(_text(cell) for cell in row):
            continue
        raw_text = _kept_text(row, positions, len(header))
        values = {field: row[i] if i < len(row) else None for field, i in positions.items()}
        values.update(set_values)
        code = normalise_erasmus_code(_text(values.get("erasmus_code")))
        name = clean(_text(values.get("legal_name")))
        if not code:
            parsed.reject(line_number, "no Erasmus code", raw_text)
            continue
        if not name:
            parsed.reject(line_number, "no legal name", raw_text)
            continue
        try:
            start, end = _charter_dates(values.get("charter_start"), values.get("charter_end"))
        except ValueError as error:
            parsed.reject(line_number, str(error), raw_text)
            continue
        parsed.accept()
        parsed.institutions.append(
            {
                "line_number": line_number,
                "erasmus_code": code,
                "pic": _text(values.get("pic")) or None,
                "oid": _missing_to_none(_text(values.get("oid"))),
                "legal_name": name,
                "street": clean(_text(values.get("street"))) or None,
                "postcode": _text(values.get("postcode")) or None,
                "city": clean(_text(values.get("city"))) or None,
                "country_iso2": _country(values.get("country_iso2"), code),
                "website": _text(values.get("website")) or None,
                "charter_start": start,
                "charter_end": end,
            }
        )
    return parsed


def _read_euc_json(path: Path) -> ParsedFile:
    """The Erasmus University Charter list 2007-2013: names for the codes of that period."""
    try:
        records = json.loads(read_text_file(path).text)
    except json.JSONDecodeError as error:
        raise ImportFileError(path, f"not JSON: {error.msg}", line=error.lineno) from error
    except RecursionError:
        raise ImportFileError(path, "not JSON: nested too deeply") from None
    if (
        not isinstance(records, list)
        or not records
        or not isinstance(records[0], dict)
        or "institutional_code" not in records[0]
    ):
        raise ImportFileError(path, "not a charter list: expected records with institutional_code")
    ROWS.check(path, len(records), f"{len(records):,} records")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ImportFileError(path, f"record {number} is not an object with institutional_code")
        for key in ("institutional_code", "organisation_name", "country", "city"):
            if not isinstance(record.get(key), str | None):
                raise ImportFileError(path, f"record {number}: {key} is not text")
    parsed = ParsedFile("euc_json")
    for number, record in enumerate(records, start=1):
        code = normalise_erasmus_code(record.get("institutional_code"))
        name = clean(record.get("organisation_name") or "")
        if not code or not name:
            known = {key: record[key] for key in _EUC_KEYS if key in record}
            parsed.reject(number, "no Erasmus code or no name", json.dumps(known))
            continue
        parsed.accept()
        parsed.institutions.append(
            {
                "line_number": number,
                "erasmus_code": code,
                "legal_name": name,
                "city": clean(record.get("city") or "") or None,
                "country_iso2": _country(record.get("country"), code),
            }
        )
    return parsed


# the EUC list's keys; what is kept of a rejected record (any other key is left out)
_EUC_KEYS = (
    "institutional_code", "application_reference_number", "organisation_name", "country", "city",
    "code",
)  # fmt: skip


def _kept_text(row: list, positions: dict[str, int], width: int) -> str:
    """What is kept of a rejected row: its cells in the columns read, any other cell masked
    '…'; NOT_KEPT when it has cells beyond the header (they may be shifted)."""
    if any(_text(cell) for cell in row[width:]):
        return NOT_KEPT
    read = set(positions.values())
    return ";".join(
        _text(cell) if index in read or not _text(cell) else "…" for index, cell in enumerate(row)
    )


def _csv_rows(path: Path, text: str, delimiter: str) -> list[tuple[int, list]]:
    """The rows of a charter list CSV, numbered by line, within the column and cell limits."""
    csv.field_size_limit(max(csv.field_size_limit(), CELL_CHARS.value + 1))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            # counted by the reader: a row of a million separators is refused as it is read
            rows.append((number, checked_cells(path, number, row)))
    except csv.Error as error:
        raise ImportFileError(path, f"unreadable CSV ({error})", line=reader.line_num) from None
    return rows


def _is_header(row: list, column_map: dict[str, str]) -> bool:
    """A row naming the Erasmus code column, by its known names or by --map."""
    mapped = column_map.get("erasmus_code")
    return any(
        fold(mapped) == _header(cell) if mapped else HEADER.get(_header(cell)) == "erasmus_code"
        for cell in row
    )


def _positions(
    path: Path,
    header: list,
    line: int,
    column_map: dict[str, str],
    set_values: dict[str, object],
    parsed: ParsedFile,
) -> dict[str, int]:
    """Field -> index of its column: --map first, then the known names; notes say both."""
    keys = [_header(cell) for cell in header]
    positions = {}
    for field, column in column_map.items():
        if fold(column) not in keys:
            listed = ", ".join(repr(_text(cell)) for cell in header if _text(cell))
            raise ImportFileError(
                path,
                f"--map {field}={column}: no column {column!r} in the header; its columns: "
                f"{listed}",
                line=line,
            )
        positions[field] = keys.index(fold(column))
        parsed.notes.append(f"column {_text(header[positions[field]])!r} → {field} (--map)")
    for index, key in enumerate(keys):
        field = HEADER.get(key)
        if field and field not in positions and index not in positions.values():
            positions[field] = index
    for field, value in set_values.items():
        if field in positions:
            raise ImportFileError(
                path,
                f"--set {field}: the file has a {field} column "
                f"({_text(header[positions[field]])!r}); drop --set, or --map {field} to "
                "another column",
                line=line,
            )
        parsed.notes.append(f"--set {field}={value}: every row's {field} (no column holds it)")
    return positions


def _set_value(path: Path, field: str, value: str) -> object:
    """A --set value read as a cell of its column would be; a value that would be refused or
    left empty in a cell is an error here."""
    text = _text(value)
    problem = None
    if field == "erasmus_code":
        text = normalise_erasmus_code(text)
        problem = None if text else "no Erasmus code"
    elif field == "country_iso2":
        match = geography.resolve_country(text)
        problem = None if match and match.method != "fuzzy" else f"unknown country {text!r}"
        text = match.country.iso2 if problem is None else text
    elif field in {"charter_start", "charter_end"}:
        try:
            text = _date(text, day_first=True)
        except ValueError as error:
            problem = str(error)
    if problem or text in (None, ""):
        raise ImportFileError(path, f"--set {field}={value}: {problem or 'empty value'}")
    return text


def _xls_rows(path: Path, column_map: dict[str, str]) -> list[tuple[int, list]]:
    """The rows of the first sheet with a charter list header, numbered as Excel rows."""
    for _name, values in _xls.read_xls(path):
        rows = [(n, list(r)) for n, r in enumerate(values, 1)]
        if any(_is_header(row, column_map) for _, row in rows[:20]):
            return rows
    return []


def _xlsx_rows(path: Path, column_map: dict[str, str]) -> list[tuple[int, list]]:
    """The rows that hold something of the first sheet with a charter list header, numbered
    as Excel rows, within the limits (_files.xlsx_sheets)."""
    for _name, sheet_rows in xlsx_sheets(path):
        rows = list(sheet_rows)
        if any(_is_header(row, column_map) for _, row in rows[:20]):
            return rows
    return []


def _charter_dates(start, end) -> tuple[dt.date | None, dt.date | None]:
    """Both charter dates of a row, read in the same day/month order.

    A row's order is told by whichever date has a part above 12 ('12/31/2029' is month-first,
    '26/06/2024' day-first); when neither does, zero-padding tells it ('01/02/2024' day-first,
    as the EC's day-first rows are padded; '2/1/2024' month-first).
    """
    texts = [_text(v) if not isinstance(v, dt.date) else v for v in (start, end)]
    slashed = [_SLASHED.match(t) for t in texts if isinstance(t, str)]
    slashed = [m for m in slashed if m]
    day_first = None
    for match in slashed:
        first, second = int(match[1]), int(match[2])
        if first > 12:
            day_first = True
        elif second > 12:
            day_first = False
    if day_first is None and slashed:
        day_first = len(slashed[0][1]) == 2 and len(slashed[0][2]) == 2
    return _date(texts[0], day_first), _date(texts[1], day_first)


def _date(value, day_first: bool | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if match := _SLASHED.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (first, second) if day_first else (second, first)
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"impossible date {value!r}") from None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"unreadable date {value!r}") from None


def _country(cell, code: str) -> str | None:
    """The country a row gives ('FR'; the EC writes Greece 'EL'), else its code's prefix's."""
    match = geography.resolve_country(_text(cell)) if _text(cell) else None
    if match is not None and match.method != "fuzzy":
        return match.country.iso2
    return geography.erasmus_code_country(code)


def _header(cell) -> str:
    return fold(_text(cell))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u00a0", " ").strip()


def _missing_to_none(text: str) -> str | None:
    return None if text in {"", "#N/A", "N/A", "#NA"} else text

"""Header recognition: which row is the header, and which column holds which field.

The names a column goes by, in English, French and Spanish, are data: reference/
header_synonyms.csv, one row per (field, column name), compared without case, accents or
punctuation. The first three names of a field are the examples quoted in error messages. The
field `personal` lists columns about people (names, e-mails…): never read, never stored, masked
in the text kept of rejected rows ('Nombre Universidad' is a partner; 'Nombre' alone a person).

An office whose lists use other names adds them without touching the code: a file
`header_synonyms.csv` beside the warehouse, with the same two columns (field,column_name), is
read after the shipped one, and its rows win where both name the same column. The fields are the
ones below (FIELDS) and `personal`.
"""

from __future__ import annotations

import ast
import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from warehouse import settings
from warehouse.errors import ImportFileError
from warehouse.importers.result import ParsedFile
from warehouse.importers.spreadsheets.cells import match_key
from warehouse.importers.spreadsheets.tables import HEADER_SEARCH_ROWS, Row, Table, read_tables
from warehouse.text import clean

SYNONYMS_FILE = Path(__file__).resolve().parents[2] / "reference" / "header_synonyms.csv"
LOCAL_SYNONYMS_NAME = "header_synonyms.csv"

FIELDS_PARTNERS = (
    "partner_name", "country", "city", "erasmus_code", "website", "programme", "places",
    "first_academic_year", "last_academic_year",
)  # fmt: skip
FIELDS_MOBILITIES = (
    "partner_name", "country", "erasmus_code", "direction", "academic_year", "start_date",
    "end_date", "duration_months", "activity", "level", "field", "funding",
    # Erasmus+ inputs (mobility lists only); 'Tipo de actividad' names the Erasmus+ activity,
    # and a plain label there ('Estudios') is still read as the activity.
    "is_blended", "is_green_travel", "has_fewer_opportunities", "erasmus_activity",
    "erasmus_action",
    "student_id",
)  # fmt: skip
# Graduate lists (`mobility import graduates`): one graduate per row, for the compulsory stay
# abroad. The student number is pseudonymised exactly as in mobility lists, so that a graduate
# joins to their mobilities.
FIELDS_GRADUATES = ("student_id", "graduation_year", "ects_abroad")
FIELDS = {
    "agreements": FIELDS_PARTNERS,
    "mobilities": FIELDS_MOBILITIES,
    "graduates": FIELDS_GRADUATES,
}

# Either group of columns is enough; the Erasmus code stands for the name and gives the country.
REQUIRED = {
    "agreements": (("partner_name",), ("country", "erasmus_code")),
    "mobilities": (
        ("partner_name", "erasmus_code"),
        ("country", "erasmus_code"),
        ("direction",),
        ("academic_year", "start_date"),
    ),
    "graduates": (("student_id",), ("graduation_year",)),
}

PERSONAL = "dropped (personal data)"
_PERSONAL_FIELD = "personal"  # the field of personal columns in header_synonyms.csv


# ---------- the synonyms


def local_synonyms_path() -> Path:
    """An office's own column names: header_synonyms.csv beside the warehouse file."""
    return settings.db_path().parent / LOCAL_SYNONYMS_NAME


def _read_synonyms(path: Path) -> tuple[tuple[str, str], ...]:
    """(field, column name) per row of a synonyms file; a row that cannot be used is an error
    naming the file and its line."""
    known = {field for fields in FIELDS.values() for field in fields} | {_PERSONAL_FIELD}
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.reader(file)
            header = [clean(cell).lower() for cell in next(reader, [])]
            if header != ["field", "column_name"]:
                raise ImportFileError(path, "the header must be field,column_name", line=1)
            rows = []
            for cells in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != 2:
                    raise ImportFileError(path, f"{len(cells)} cells for 2 columns", line=line)
                field, name = clean(cells[0]), clean(cells[1])
                if field not in known:
                    raise ImportFileError(
                        path,
                        f"unknown field {field!r}; fields: {', '.join(sorted(known))}",
                        line=line,
                    )
                if not match_key(name):
                    raise ImportFileError(path, f"no column name for {field}", line=line)
                rows.append((field, name))
    except UnicodeDecodeError:
        raise ImportFileError(path, "not UTF-8 text") from None
    except OSError as error:
        raise ImportFileError(path, f"cannot be read ({error.strerror})") from None
    return tuple(rows)


@functools.cache
def _shipped() -> tuple[tuple[str, str], ...]:
    return _read_synonyms(SYNONYMS_FILE)


@functools.lru_cache(maxsize=4)
def _local(path: Path, _signature: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    return _read_synonyms(path)


def _local_rows() -> tuple[tuple[str, str], ...]:
    path = local_synonyms_path()
    try:
        stat = path.stat()
    except OSError:
        return ()
    return _local(path, (stat.st_mtime_ns, stat.st_size))  # an edited file is read again


def examples_of(field: str) -> tuple[str, ...]:
    """The first three shipped names of a field, quoted in error messages."""
    return tuple(name for of, name in _shipped() if of == field)[:3]


@functools.lru_cache(maxsize=16)
def _lookup_of(kind: str, local: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Header key -> field, or PERSONAL. A list's fields win over the personal names (shipped),
    and an office's rows over the shipped ones."""
    fields = FIELDS[kind]
    lookup = {match_key(n): PERSONAL for f, n in _shipped() if f == _PERSONAL_FIELD}
    lookup.update((match_key(n), f) for f, n in _shipped() if f in fields)
    for field, name in local:
        if field == _PERSONAL_FIELD:
            lookup[match_key(name)] = PERSONAL
        elif field in fields:
            lookup[match_key(name)] = field
    return lookup


def _lookup(kind: str) -> dict[str, str]:
    return _lookup_of(kind, _local_rows())


# ---------- the header row


def declared_columns(columns: str | list[str] | None) -> list[str]:
    """A --map value as a list: places may name several columns."""
    if columns is None:
        return []
    return [columns] if isinstance(columns, str) else list(columns)


_PARENTHESES = re.compile(r"\([^)]*\)")


_COLUMN_NOTE = re.compile(r"^column (?P<header>'.*?'|\".*?\") → (?P<meaning>.+)$")


@dataclass(frozen=True)
class Columns:
    fields: dict[str, int]  # field -> index of its column
    personal: frozenset[int]
    width: int
    notes: list[str]
    # places columns of a partner list: (index, programme label; None for a lone 'Places')
    places: tuple[tuple[int, str | None], ...] = ()
    row_total: int | None = None  # a 'Total' column of places per row, checked, not stored

    @property
    def read(self) -> frozenset[int]:
        """The file's columns that are read: the only ones a rejected row's text keeps."""
        indices = {*self.fields.values(), *(index for index, _label in self.places)}
        if self.row_total is not None:
            indices.add(self.row_total)
        return frozenset(index for index in indices if index < self.width)


def describe_columns(parsed: ParsedFile) -> list[tuple[str, str]]:
    """(column as written, how it was read) per header cell, from the file's notes."""
    matches = (_COLUMN_NOTE.match(note) for note in parsed.notes)
    return [(ast.literal_eval(m["header"]), m["meaning"]) for m in matches if m]


def find_header(path: Path, kind: str, column_map: dict[str, str]) -> tuple[Table, int]:
    """The file's rows (under the separator that makes sense) and the index of the header."""
    mapped = {
        match_key(column) for columns in column_map.values() for column in declared_columns(columns)
    }

    def known(cell: str) -> bool:
        return bool(cell) and (match_key(cell) in mapped or meaning_of(cell, kind) is not None)

    best: tuple[Table, int, int] | None = None
    for table in read_tables(path):
        for index, row in enumerate(table.head[:HEADER_SEARCH_ROWS]):
            score = sum(map(known, row.cells))
            if score >= 2:
                if best is None or score > best[2]:
                    best = (table, index, score)
                break
    if best is None:
        examples = [name for group in REQUIRED[kind] for name in examples_of(group[0])]
        raise ImportFileError(
            path,
            "no header row recognised: expected columns such as "
            f"{', '.join(map(repr, examples))} (or name them with --map FIELD=COLUMN)",
            line=1,
        )
    return best[0], best[1]


# ---------- columns


def meaning_of(header: str, kind: str) -> str | None:
    """The field a header names, PERSONAL, or None; 'Duration (months)' is 'duration months'."""
    lookup = _lookup(kind)
    meaning = lookup.get(match_key(header))
    if meaning is None and "(" in header:
        meaning = lookup.get(match_key(_PARENTHESES.sub(" ", header)))
    return meaning


def find_columns(
    path: Path, header: Row, kind: str, column_map: dict[str, str], supplied=()
) -> Columns:
    """Which column holds which field; the user's --map first, then the known names. A field
    `supplied` by --set counts as present."""
    keys = [match_key(cell) for cell in header.cells]
    fields: dict[str, int] = {}
    declared_places: set[int] = set()  # --map places=… (repeatable): read by places_columns
    for field, columns in column_map.items():
        for column in declared_columns(columns):
            if match_key(column) not in keys:
                listed = ", ".join(repr(cell) for cell in header.cells if cell)
                raise ImportFileError(
                    path,
                    f"--map {field}={column}: no column {column!r} in the header; "
                    f"its columns: {listed}",
                    line=header.line_number,
                )
            if field == "places":
                declared_places.add(keys.index(match_key(column)))
            else:
                fields[field] = keys.index(match_key(column))
    personal, notes = set(), []
    for index, cell in enumerate(header.cells):
        if not cell:
            continue
        mapped = [field for field, at in fields.items() if at == index]
        mapped += ["places"] if index in declared_places else []
        meaning = meaning_of(cell, kind)
        if mapped:
            notes.append(f"column {cell!r} → {', '.join(mapped)} (--map)")
        elif meaning == PERSONAL:
            personal.add(index)
            notes.append(f"column {cell!r} → {PERSONAL}")
        elif meaning is None:
            notes.append(f"column {cell!r} → ignored")
        elif meaning in fields or (meaning == "places" and declared_places):
            at = fields[meaning] if meaning in fields else min(declared_places)
            first = header.cells[at]
            notes.append(f"column {cell!r} → ignored ({first!r} is read as {meaning})")
        else:
            fields[meaning] = index
            notes.append(f"column {cell!r} → {meaning}")
    missing = [
        group for group in REQUIRED[kind] if not any(f in fields or f in supplied for f in group)
    ]
    if missing:
        described = "; ".join(
            f"{' or '.join(group)} (such as {', '.join(map(repr, examples_of(group[0])))})"
            for group in missing
        )
        raise ImportFileError(
            path,
            f"missing column(s) {described}; name them with --map FIELD=COLUMN, or give a "
            "value for every row with --set FIELD=VALUE",
            line=header.line_number,
        )
    width = max(index for index, cell in enumerate(header.cells) if cell) + 1
    return Columns(fields, frozenset(personal), width, notes)

"""Partner lists and mobility lists kept as spreadsheets: CSV, TSV or XLSX, in EN, FR or ES.

International offices keep these lists by hand, so the reader is forgiving about their shape
and strict about their meaning:

- Text files (.csv, .tsv, .txt) are decoded like every other text import (UTF-8 with or without
  BOM, else Windows-1252); their separator (tab, semicolon or comma) is the one under which a
  header row is recognised. Workbooks (XLSX, and old XLS through calamine) are read cell by
  cell from the first sheet holding data; line numbers are Excel row numbers.
- The header is the first of the first 15 rows in which at least two cells are known column
  names (English, French or Spanish, compared without case, accents or punctuation), so title
  rows above it are skipped. `column_map` (the CLI's --map FIELD=COLUMN) names the others;
  `set_values` (--set FIELD=VALUE) gives every row a field no column holds, read as its cell
  would be (a value its column would refuse is an error; a field the file has is an error too,
  so that a column and --set never disagree silently).
- Blank rows are not rows. A footer 'Total' row is read and rejected. Every other row is
  accepted or rejected with a reason, and the notes say how each column was understood.
- Partner lists: one agreement per row; a positive 'Places' cell also gives a quota of
  outgoing student places. A list with places per programme, degree or level (one column each:
  'Plazas Grado', 'Máster', 'Doctorado'…) gives one quota per agreement and column, labelled by
  the column: columns are places columns when their header says so ('Places …', 'Plazas …'),
  when --map places=COLUMN names them (repeatable), or when the header has several columns of
  numbers only, right of the partner's, named like programmes, degrees, levels or kinds of
  place (others are not taken on a guess). A 'Total' column is checked
  against the row's places, a total row against the column sums; a difference is said.
  Validity columns take academic years ('2021/22'), dates (a start date gives the academic
  year it falls in, an end date the year it closes) or bare years ('from 2021' = 2021-2022,
  'until 2027' = 2026-2027); what cannot be read is left empty with a note, as is a 'Places'
  cell that is not a number.
- Mobility lists: one mobility per row; a missing academic year comes from the start date
  (the academic year starts on 1 August); a missing activity means study. Optional Erasmus+
  columns: blended mobility, green travel and fewer opportunities (yes/no, oui/non, sí/no, 1/0,
  x), the Erasmus+ activity (HE-SMS, HE-SMT, HE-STA, HE-STT, BIP, doctoral short-term) and the
  action (KA131, KA171); a value not understood is left empty with a note.
- Graduate lists: one graduate per row, a student number and a graduation year ('2024',
  '2023-2024' = 2024, or a date), optionally the ECTS credits earned abroad; a student listed
  twice in one file is rejected the second time.

Personal data stays out of the warehouse: columns of names, e-mails and the like are dropped,
student numbers become keyed pseudonyms (HMAC-SHA256), and the text kept of a rejected row holds
the columns read only (any other cell masked), never a row whose cells are shifted.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import functools
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl

from warehouse import geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers import _xls
from warehouse.importers._files import read_text_file, readable, xlsx_sheets
from warehouse.importers._limits import CELL_CHARS, COLUMNS
from warehouse.importers.partner_lists import (
    _SIGNATORY_SUFFIX,
    SchoolContext,
    _signatory_level,
    agreement_type,
)
from warehouse.importers.result import NOT_KEPT, ParsedFile
from warehouse.text import clean, fold

# ---------- column names
# Each field's names, English first, then French, then Spanish: the first three of a field are
# the examples quoted in error messages.

_PARTNER_NAMES = (
    "institution", "établissement", "universidad",
    "host institution", "partner institution", "institution name", "partner", "partner name",
    "university", "partner university", "host university", "university name",
    "établissement partenaire", "établissement d'accueil", "nom de l'établissement",
    "université", "université partenaire", "université d'accueil", "partenaire",
    "nombre universidad", "nombre de la universidad", "universidad socia",
    "universidad de destino", "institución", "institución socia",
)  # fmt: skip
_COUNTRIES = (
    "country", "pays", "país",
    "host country", "partner country", "destination country",
    "pays partenaire", "pays de destination", "pais", "país de destino",
)  # fmt: skip
_ERASMUS_CODES = (
    "erasmus code", "code erasmus", "código erasmus",
    "erasmus id", "código", "codigo", "code",
)  # fmt: skip

_PARTNER_HEADERS: dict[str, tuple[str, ...]] = {
    "partner_name": _PARTNER_NAMES,
    "country": _COUNTRIES,
    "city": ("city", "ville", "ciudad", "town", "localidad"),
    "erasmus_code": _ERASMUS_CODES,
    "website": (
        "website", "site web", "sitio web",
        "web site", "url", "web", "site internet", "página web",
    ),
    "programme": (
        "programme", "type d'accord", "convenio",
        "program", "exchange programme", "exchange program", "agreement", "agreement type",
        "type", "accord", "convention", "type de convention",
        "tipo de convenio", "programa", "acuerdo", "tipo de acuerdo",
    ),
    "places": (
        "places", "nombre de places", "plazas",
        "seats", "number of places", "quota", "places offertes", "número de plazas",
    ),
    "first_academic_year": (
        "first academic year", "début", "desde",
        "start", "from", "start year", "valid from", "année de début", "inicio",
    ),
    "last_academic_year": (
        "last academic year", "fin", "hasta",
        "end", "until", "end year", "valid until", "année de fin",
    ),
}  # fmt: skip

_MOBILITY_HEADERS: dict[str, tuple[str, ...]] = {
    "partner_name": _PARTNER_NAMES,
    "country": _COUNTRIES,
    "erasmus_code": _ERASMUS_CODES,
    "direction": (
        "direction", "sens", "sentido",
        "mobility direction", "in/out", "incoming/outgoing", "outgoing/incoming",
        "sortant/entrant", "entrant/sortant", "tipo de movilidad",
        "saliente/entrante", "entrante/saliente",
    ),
    "academic_year": (
        "academic year", "année universitaire", "año académico",
        "year", "année", "année académique", "curso", "curso académico", "año",
    ),
    "start_date": (
        "start date", "date de début", "fecha de inicio",
        "start", "from", "début", "fecha inicio", "inicio", "desde",
    ),
    "end_date": (
        "end date", "date de fin", "fecha de fin",
        "end", "until", "fin", "fecha fin", "hasta",
    ),
    "duration_months": (
        "duration", "durée", "duración",
        "duration months", "months", "durée mois", "mois", "duración meses", "meses",
    ),
    "activity": (
        "activity", "type de mobilité", "actividad",
        "mobility type", "type", "activité",
    ),
    "level": ("level", "niveau", "nivel", "study level", "eqf level", "niveau d'études", "cycle"),
    "field": (
        "field", "domaine", "área",
        "field of study", "subject area", "isced", "isced code", "discipline", "campo de estudio",
    ),
    "funding": ("funding", "financement", "financiación", "grant", "bourse", "beca"),
    # Erasmus+ inputs (mobility lists only); 'Tipo de actividad' names the Erasmus+ activity,
    # and a plain label there ('Estudios') is still read as the activity.
    "is_blended": (
        "blended", "hybride", "combinada",
        "blended mobility", "mobilité hybride", "movilidad combinada", "mixta", "movilidad mixta",
    ),
    "is_green_travel": (
        "green travel", "voyage vert", "viaje ecológico",
        "green", "sustainable travel", "voyage durable", "transport durable", "mobilité verte",
        "viaje sostenible", "viaje verde",
    ),
    "has_fewer_opportunities": (
        "fewer opportunities", "moins d'opportunités", "menos oportunidades",
        "participant with fewer opportunities", "fewer opportunities top-up",
        "moins d'opportunités (oui/non)", "complément inclusion", "inclusion",
        "participante con menos oportunidades",
    ),
    "erasmus_activity": (
        "activity type", "type d'activité", "tipo de actividad",
        "erasmus activity", "erasmus+ activity", "activité erasmus", "activité erasmus+",
        "actividad erasmus", "activity code", "code activité", "código de actividad",
    ),
    "erasmus_action": (
        "key action", "action clé", "acción clave",
        "erasmus action", "erasmus+ action", "action erasmus", "action erasmus+",
        "acción erasmus",
    ),
    "student_id": (
        "student id", "numéro étudiant", "nia",
        "student number", "n° étudiant", "numéro d'étudiant", "matricule", "id", "ine",
    ),
}  # fmt: skip

# Columns about people: never read, never stored, masked in reject texts. 'Nombre Universidad'
# is a partner; 'Nombre' alone is a person.
_PERSONAL_HEADERS = (
    "name", "first name", "last name", "surname", "given name", "family name", "full name",
    "student", "student name", "email", "e-mail", "email address", "mail", "phone", "telephone",
    "mobile", "date of birth", "birth date", "address", "passport",
    "contact", "contact name", "contact email", "contact person", "coordinator",
    "nom", "prénom", "nom prénom", "prénom nom", "nom de famille", "nom de l'étudiant",
    "étudiant", "étudiante", "courriel", "adresse mail", "adresse e-mail", "téléphone",
    "portable", "date de naissance", "adresse", "passeport", "coordinateur", "coordinatrice",
    "nombre", "apellidos", "apellido", "nombre y apellidos", "nombre completo", "alumno",
    "alumna", "estudiante", "correo", "correo electrónico", "teléfono", "fecha de nacimiento",
    "dirección", "pasaporte", "dni", "contacto", "coordinador",
)  # fmt: skip

_HEADERS = {"agreements": _PARTNER_HEADERS, "mobilities": _MOBILITY_HEADERS}
FIELDS_PARTNERS = tuple(_PARTNER_HEADERS)
FIELDS_MOBILITIES = tuple(_MOBILITY_HEADERS)
_FIELDS = {"agreements": FIELDS_PARTNERS, "mobilities": FIELDS_MOBILITIES}

# Either group of columns is enough; the Erasmus code stands for the name and gives the country.
_REQUIRED = {
    "agreements": (("partner_name",), ("country", "erasmus_code")),
    "mobilities": (
        ("partner_name", "erasmus_code"),
        ("country", "erasmus_code"),
        ("direction",),
        ("academic_year", "start_date"),
    ),
}

# Graduate lists (`mobility import graduates`): one graduate per row, for the compulsory stay
# abroad. The student number is pseudonymised exactly as in mobility lists, so that a graduate
# joins to their mobilities.
_GRADUATE_HEADERS: dict[str, tuple[str, ...]] = {
    "student_id": _MOBILITY_HEADERS["student_id"],
    "graduation_year": (
        "graduation year", "année de diplomation", "año de graduación",
        "year of graduation", "graduation", "graduation date", "date of graduation", "cohort",
        "diplomation", "année du diplôme", "année d'obtention du diplôme", "date du diplôme",
        "promotion", "promo", "cohorte", "año de titulación", "promoción", "año de egreso",
        "year", "année", "año",
    ),
    "ects_abroad": (
        "ects abroad", "ects à l'étranger", "créditos ects en el extranjero",
        "ects earned abroad", "ects credits abroad", "credits abroad", "ects",
        "crédits ects à l'étranger", "crédits à l'étranger", "ects en mobilité",
        "créditos en el extranjero", "créditos ects",
    ),
}  # fmt: skip
FIELDS_GRADUATES = tuple(_GRADUATE_HEADERS)
_HEADERS["graduates"] = _GRADUATE_HEADERS
_FIELDS["graduates"] = FIELDS_GRADUATES
_REQUIRED["graduates"] = (("student_id",), ("graduation_year",))

PERSONAL = "dropped (personal data)"
_HEADER_SEARCH_ROWS = 15
_DELIMITERS = ("\t", ";", ",")

# ---------- cell values

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_TOTAL = re.compile(r"^(?:grand total|sous total|subtotal|total|totaux|totales|suma|somme)\b")
_COLUMN_NOTE = re.compile(r"^column (?P<header>'.*?'|\".*?\") → (?P<meaning>.+)$")

_DIRECTIONS = {
    **dict.fromkeys(
        ("outgoing", "out", "outbound", "sortant", "sortante", "sortants", "sortantes",
         "saliente", "salientes", "salida"),
        "outgoing",
    ),
    **dict.fromkeys(
        ("incoming", "in", "inbound", "entrant", "entrante", "entrants", "entrantes",
         "entrada"),
        "incoming",
    ),
}  # fmt: skip

# Activity labels (compared as lower-case ASCII words) -> activity, first match wins: a staff
# mobility before a student one, a double degree before the internship it may include.
_ACTIVITIES = (
    ("staff_teaching", re.compile(r"staff.*teach|teaching|enseignement|docencia|\bsta\b")),
    ("staff_training", re.compile(r"staff.*train|\bformation|\bformacion|\bstt\b")),
    ("double_degree", re.compile(r"double|dual|doble|bi ?diplom")),
    ("traineeship", re.compile(r"stage|\binterns?(hip)?\b|trainee|placement|practica|\bsmp\b")),
    ("study", re.compile(r"stud|etude|estudio|semest|exchange|echange|intercambio|\bsms\b")),
)

_YEAR_PAIR = re.compile(r"^(\d{4}|\d{2})\s*[-/]\s*(\d{4}|\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
# Oracle's DD-MON-YYYY HH.MI.SS, as the EC's Mobility Tool exports write dates: 02-JUN-2014 00.00.00
_ORACLE_DATE = re.compile(
    r"^(\d{1,2})-([A-Za-z]{3})-(\d{4}|\d{2})(?:[ T]\d{1,2}[.:]\d{2}(?:[.:]\d{2}(?:[.,]\d+)?)?)?$"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_EXCEL_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 counting Excel's phantom 29 Feb 1900
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)(?:\s*[^\d\s].*)?$")  # '5', '4,5', '5 mois'


class _Rejected(Exception):
    """A row that cannot be accepted; the message is the reason."""


@dataclass(frozen=True)
class _Row:
    line_number: int
    cells: list[str]
    text: str | None  # the line(s) as written, for text files


@dataclass(frozen=True)
class _Table:
    file_format: str
    rows: list[_Row]
    delimiter: str | None  # None for XLSX

    @property
    def head(self) -> list[_Row]:
        """The first rows, where the header is looked for."""
        return self.rows[:_HEADER_SEARCH_ROWS]

    def body(self, header_index: int, width: int) -> _Body:
        """The rows under the header, column-wise."""
        return _Body.of_rows(self.rows[header_index + 1 :], width, self.delimiter)


@dataclass(frozen=True)
class _Columns:
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


# ---------- reading a file


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
    if kind not in _HEADERS:
        raise ValueError(f"kind must be one of {', '.join(_HEADERS)}, not {kind!r}")
    if pseudonym_key is None and kind != "agreements":
        raise ValueError(f"a {kind} list is pseudonymised: it needs the pseudonym key")
    path = Path(path)
    column_map, set_values = dict(column_map or {}), dict(set_values or {})
    for option, given in (("--map", column_map), ("--set", set_values)):
        for field in given:
            if field not in _FIELDS[kind]:
                raise ImportFileError(
                    path,
                    f"unknown field {field!r} in {option}; fields: {', '.join(_FIELDS[kind])}",
                )
    set_values = {
        field: _set_value(path, kind, field, value, school) for field, value in set_values.items()
    }
    table, header_index = _table_and_header(path, kind, column_map)
    check_cells(path, table.head[: header_index + 1])  # the body is checked as it is split
    header = table.head[header_index]
    columns = _columns(path, header, kind, column_map, supplied=set_values)
    parsed = ParsedFile(table.file_format)
    if header.line_number > 1:
        parsed.notes.append(f"header on line {header.line_number}; the lines above it skipped")
    body = table.body(header_index, columns.width)
    if kind == "agreements":
        columns = _places_columns(header, body, columns, _declared(column_map.get("places")))
        parsed.listed_academic_year = _title_year(table.head[:header_index])
        if parsed.listed_academic_year:
            parsed.notes.append(
                f"the title names {parsed.listed_academic_year}: agreements without years run "
                "from then on"
            )
    parsed.notes.extend(columns.notes)
    body, columns = _with_set_values(path, header, body, columns, set_values, parsed)
    if kind == "mobilities":
        # Mobility lists run to a million rows: they are read column-wise (see _read_mobilities)
        _read_mobilities(body, columns, parsed, pseudonym_key)
        return parsed
    # Partner and graduate lists are a few hundred rows: read one by one, after the same
    # total-row and shape checks.
    rows = body.frame.with_columns(
        is_total=_is_total(pl.col("first"), body.frame["first"]),
        shape_reason=_shape_reason(pl.col("extra"), columns.width),
    )
    graduate_lines: dict[str, int] = {}  # pseudonym -> line it was first listed on
    totals: list[dict] = []  # total rows of a partner list with places, checked at the end
    for row in rows.iter_rows(named=True):
        line = row["line"]
        values = {field: _field_cell(row, columns, field) for field in _FIELDS[kind]}
        try:
            if row["is_total"]:
                raise _Rejected("total row")
            if row["shape_reason"]:
                raise _Rejected(row["shape_reason"])
            if kind == "agreements":
                places = [(label, row[f"c{index}"]) for index, label in columns.places]
                agreement, quotas = _agreement(values, places, line, school, parsed)
                parsed.agreements.append(agreement)
                parsed.quotas.extend(quotas)
                if columns.row_total is not None:
                    _check_row_total(row[f"c{columns.row_total}"], quotas, line, parsed)
            else:
                graduate = _graduate(values, line, graduate_lines, pseudonym_key)
                parsed.graduates.append(graduate)
        except _Rejected as rejected:
            if kind == "agreements" and row["is_total"] and columns.places:
                totals.append(row)
            # the row as written is kept for rejected rows only: rebuilding it costs more than
            # reading it (a million-row file)
            raw_text = _raw_text(body.row(line), columns, body.delimiter, pseudonym_key)
            parsed.reject(line, str(rejected), raw_text)
            continue
        parsed.accept()
    for total in totals:
        _check_total_row(total, header, columns, parsed)
    return parsed


def _field_cell(row: dict, columns: _Columns, field: str) -> str:
    """The cell of a field in a body row, '' when the file has no such column."""
    index = columns.fields.get(field)
    return row[f"c{index}"] if index is not None else ""


def _shape_reason(extra: pl.Expr, width: int) -> pl.Expr:
    """Why a text row with more cells than the header is refused (a separator inside a cell
    shifts it); null for the others."""
    shape = f" cells for {width} columns (a separator inside an unquoted cell?)"
    return pl.when(extra > 0).then((extra + width).cast(pl.String) + shape)


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
            _country(cell, None)
        elif field == "direction":
            _direction(cell)
        elif field in {"start_date", "end_date"}:
            _date(cell, field.replace("_", " "))
        elif field == "graduation_year":
            _graduation_year(cell)
    except _Rejected as rejected:
        raise refused(str(rejected)) from None
    problem = None
    if field == "erasmus_code" and not normalise_erasmus_code(cell):
        problem = "no Erasmus code"
    elif field == "academic_year" and kind == "mobilities" and not _academic_year(cell):
        problem = "not an academic year such as 2024-2025"
    elif field in {"first_academic_year", "last_academic_year"}:
        check = ParsedFile("")
        if _validity_year(cell, field.split("_")[0], 0, check) is None:
            problem = "not an academic year, a year or a date"
    elif field in {"duration_months", "places", "ects_abroad"} and _number(cell) is None:
        problem = "not a number"
    elif field == "activity" and not _erasmus_activity(cell) and _activity(cell) == "other":
        problem = "not understood (study, traineeship, staff teaching, staff training…)"
    elif field == "erasmus_activity" and not _erasmus_activity(cell):
        problem = "not HE-SMS, HE-SMT, HE-STA, HE-STT, BIP or doctoral short-term"
    elif field == "erasmus_action" and _erasmus_action(cell)[0] is None:
        problem = "not KA131 or KA171"
    elif field in {"is_blended", "is_green_travel", "has_fewer_opportunities"}:
        problem = _yes_no(cell, "value")[1] and "not yes or no"
    if problem:
        raise refused(problem)
    return cell


def _with_set_values(
    path: Path,
    header: _Row,
    body: _Body,
    columns: _Columns,
    set_values: dict[str, str],
    parsed: ParsedFile,
) -> tuple[_Body, _Columns]:
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
    return _Body(frame, body.delimiter, body.row), dataclasses.replace(columns, fields=fields)


def describe_columns(parsed: ParsedFile) -> list[tuple[str, str]]:
    """(column as written, how it was read) per header cell, from the file's notes."""
    matches = (_COLUMN_NOTE.match(note) for note in parsed.notes)
    return [(ast.literal_eval(m["header"]), m["meaning"]) for m in matches if m]


def pseudonym(student_id: str, key: bytes) -> str:
    """'p-' and 16 hex digits: one student, one pseudonym under a key; no way back without it.

    The HMAC-SHA256 of the folded id under `key`, as hmac.new(key, id, "sha256") gives it."""
    inner, outer = _keyed_sha256(key)
    inner = inner.copy()
    inner.update(fold(student_id).encode())
    outer = outer.copy()
    outer.update(inner.digest())
    return f"p-{outer.hexdigest()[:16]}"


@functools.lru_cache(maxsize=4)
def _keyed_sha256(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """The inner and outer SHA-256 of HMAC (RFC 2104) under `key`, nothing hashed yet. Copying
    them skips preparing the key again for each student, and the hmac module's Python layer: a
    million-row list of 430,000 students took 0.95 s with hmac.digest(), 0.68 s with copies of an
    hmac object, 0.42 s so. Students are pseudonymised once per distinct id (see _per_value), so
    no cache of pseudonyms either: one cost 0.35 s more there, and memory for every student."""
    block = hashlib.sha256(key).digest() if len(key) > _SHA256_BLOCK else key
    block = block.ljust(_SHA256_BLOCK, b"\0")
    return (
        hashlib.sha256(bytes(byte ^ 0x36 for byte in block)),
        hashlib.sha256(bytes(byte ^ 0x5C for byte in block)),
    )


_SHA256_BLOCK = 64  # bytes


def _table_and_header(path: Path, kind: str, column_map: dict[str, str]) -> tuple[_Table, int]:
    """The file's rows (under the separator that makes sense) and the index of the header."""
    mapped = {_key(column) for columns in column_map.values() for column in _declared(columns)}

    def known(cell: str) -> bool:
        return bool(cell) and (_key(cell) in mapped or _meaning(cell, kind) is not None)

    best: tuple[_Table, int, int] | None = None
    for table in _tables(path):
        for index, row in enumerate(table.head[:_HEADER_SEARCH_ROWS]):
            score = sum(map(known, row.cells))
            if score >= 2:
                if best is None or score > best[2]:
                    best = (table, index, score)
                break
    if best is None:
        examples = [name for group in _REQUIRED[kind] for name in _HEADERS[kind][group[0]][:3]]
        raise ImportFileError(
            path,
            "no header row recognised: expected columns such as "
            f"{', '.join(map(repr, examples))} (or name them with --map FIELD=COLUMN)",
            line=1,
        )
    return best[0], best[1]


def _tables(path: Path) -> list[_Table | _LazyTable]:
    """A workbook's (XLSX, XLS) first sheet with data, or a text file split by each separator."""
    source = readable(path)
    if source.is_file():
        with open(source, "rb") as file:
            magic = file.read(4)
        if magic == b"PK\x03\x04":
            return [_read_xlsx(path)]
        if magic == _xls.OLE_SIGNATURE:
            return [_read_xls(path)]
    # Anything else is text, whatever its extension: some tools write CSV into '.xls' files.
    text = read_text_file(path).text
    if "\r" in text:  # looking for '\r\n' in the 88 MB of a million-row list took 0.08 s
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_LazyTable(path, text, d) for d in _DELIMITERS]


class _LazyTable:
    """A text file split by one separator: its first rows at once (enough to find the header),
    all of them only if this separator is the one chosen (a million-row file is split once)."""

    def __init__(self, path: Path, text: str, delimiter: str):
        self.file_format = "spreadsheet_tsv" if delimiter == "\t" else "spreadsheet_csv"
        self.delimiter = delimiter
        self._path, self._text = path, text
        head = _first_lines(text, _HEADER_SEARCH_ROWS * 4)
        for number, line in enumerate(head.split("\n"), start=1):
            # counted before splitting: a line of a million separators would be a million cells
            _check_width(path, line.count(delimiter) + 1, number)
        self._head = self._split(head)
        self._rows: list[_Row] | None = None

    def _split(self, text: str) -> list[_Row]:
        # Cells are measured once the separator is known (check_cells): under another one, a
        # whole line is one cell. The csv module's own size limit would refuse it first.
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        try:
            rows = _split(text, self.delimiter)
        except csv.Error as error:  # a NUL byte, say
            raise ImportFileError(self._path, f"unreadable text ({clean(str(error))})") from None
        for row in rows:
            _check_width(self._path, len(row.cells), row.line_number)
        return rows

    @property
    def rows(self) -> list[_Row]:
        if self._rows is None:
            self._rows = self._split(self._text)
            check_cells(self._path, self._rows)
        return self._rows

    @property
    def head(self) -> list[_Row]:
        return self._head

    def body(self, header_index: int, width: int) -> _Body:
        """The rows under the header, column-wise: split by polars when every row is one line
        (a million rows in a second), else by the csv module row by row."""
        header = self._head[header_index]
        first_line = header.line_number + header.text.count("\n") + 1
        lines = self._text.split("\n")[first_line - 1 :]
        _check_lines(self._path, lines, first_line, self.delimiter)
        body = _Body.of_lines(lines, first_line, width, self.delimiter)
        if body is None:
            body = _Body.of_rows(self.rows[header_index + 1 :], width, self.delimiter)
        return body


def check_cells(path: Path, rows: list[_Row]) -> None:
    """Refuse rows holding a cell beyond the cell limit (the rows of the separator chosen)."""
    for row in rows:
        longest = max(map(len, row.cells), default=0)
        CELL_CHARS.check(path, longest, f"a cell of {longest:,} characters", row.line_number)


def _check_width(path: Path, cells: int, line: int) -> None:
    COLUMNS.check(path, cells, f"{cells:,} cells", line)


def _check_lines(path: Path, lines: list[str], first_line: int, delimiter: str) -> None:
    """Refuse a body whose lines have more cells than the column limit (counted as separators
    before any split) or hold a cell beyond the cell limit (its longest run between two
    separators: a quoted cell holding the separator is counted in parts, never more)."""
    text = pl.Series("text", lines, dtype=pl.String)
    cells = text.str.count_matches(delimiter, literal=True) + 1
    if (cells.max() or 0) > COLUMNS.value:
        at = int((cells > COLUMNS.value).arg_true()[0])
        _check_width(path, int(cells[at]), first_line + at)
    # only a line longer than the cell limit can hold such a cell: few lines, split alone
    for at in (text.str.len_bytes() > CELL_CHARS.value).arg_true().to_list():
        size = max(len(cell) for cell in lines[at].split(delimiter))
        CELL_CHARS.check(path, size, f"a cell of {size:,} characters", first_line + at)


def _first_lines(text: str, count: int) -> str:
    """The first `count` lines of a text (all of it when shorter), found without splitting the
    rest: text.split("\n", count) copied the remaining 88 MB of a million-row list, three times
    (one per separator tried), 0.14 s."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def _split(text: str, delimiter: str) -> list[_Row]:
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, end = [], 0
    for cells in reader:
        # A quoted cell may span lines: the row starts after the previous one ended.
        start, end = end + 1, reader.line_num
        rows.append(_Row(start, [clean(cell) for cell in cells], "\n".join(lines[start - 1 : end])))
    return rows


# Python's str.split() whitespace (what clean() collapses): Unicode's, plus the four separators
# \x1c-\x1f that Python counts as space and Unicode does not.
_SPACE = r"[\s\x1c-\x1f]"
# What clean() changes in a cell: a space at either end, a run of them, or one that is not ' '.
_UNCLEAN = rf"^{_SPACE}|{_SPACE}$|{_SPACE}{{2}}|[^\S ]|[\x1c-\x1f]"


def _cleaned(cell: pl.Expr) -> pl.Expr:
    """clean(), column-wise. Only the cells it changes are rewritten: rewriting every cell of a
    million-row list took 0.38 s, finding the few to rewrite 0.15 s."""
    rewritten = cell.str.replace_all(f"{_SPACE}+", " ").str.strip_chars(" ")
    return pl.when(cell.str.contains(_UNCLEAN)).then(rewritten).otherwise(cell)


@dataclass(frozen=True)
class _Body:
    """The rows under the header, column-wise, blank rows left out: `line` (where the row
    starts), `c0`, `c1`… (cleaned cells, '' when the row stops short), `extra` (cells filled
    beyond the header's width in a text file, where they mean a shifted row; in a workbook they
    are notes beside the table and count 0), `first` (the row's first filled cell)."""

    frame: pl.DataFrame
    delimiter: str | None
    row: Callable[[int], _Row]  # the row starting on a line, for the texts of rejected rows

    @staticmethod
    def of_rows(rows: list[_Row], width: int, delimiter: str | None) -> _Body:
        rows = [row for row in rows if any(row.cells)]
        columns: dict[str, list] = {"line": [row.line_number for row in rows]}
        for index in range(width):
            columns[f"c{index}"] = [_cell(row, index) for row in rows]
        columns["extra"] = [
            sum(1 for cell in row.cells[width:] if cell) if delimiter is not None else 0
            for row in rows
        ]
        columns["first"] = [next(cell for cell in row.cells if cell) for row in rows]
        schema = {name: pl.String for name in columns} | {"line": pl.Int64, "extra": pl.Int64}
        by_line = {row.line_number: row for row in rows}
        return _Body(pl.DataFrame(columns, schema=schema), delimiter, by_line.__getitem__)

    @staticmethod
    def of_lines(lines: list[str], first_line: int, width: int, delimiter: str) -> _Body | None:
        """The rows of text lines, split by polars; None when a quoted cell may span lines (or
        exceeds the csv module's size limit), which only the csv module reads right."""
        text = pl.Series("text", lines, dtype=pl.String)
        if (text.str.len_chars().max() or 0) > csv.field_size_limit():
            return None
        frame = text.to_frame().with_row_index("line", offset=first_line)
        is_quoted = pl.col("text").str.contains('"', literal=True)
        # A line without quotes is its cells joined by the separator; a line with quotes is read
        # by the csv module, alone, and must end where it ends.
        quoted = frame.filter(is_quoted)
        records = _one_record_per_line(quoted["text"].to_list(), delimiter)
        if records is None:
            return None
        names = [f"c{index}" for index in range(width)]
        plain = (
            frame.filter(~is_quoted)
            .select("line", cells=pl.col("text").str.splitn(delimiter, width + 1))
            .unnest("cells")
        )
        plain.columns = ["line", *names, "rest"]
        plain = plain.with_columns(rest=pl.col("rest").str.split(delimiter))
        quoted = pl.DataFrame(
            {
                "line": quoted["line"],
                **{
                    name: [_cell_of(cells, index) for cells in records]
                    for index, name in enumerate(names)
                },
                "rest": [cells[width:] or None for cells in records],
            },
            schema={
                "line": pl.UInt32,
                **dict.fromkeys(names, pl.String),
                "rest": pl.List(pl.String),
            },
        )
        rest = pl.col("rest").list.eval(_cleaned(pl.element()))
        filled = [pl.when(pl.col(name) != "").then(name) for name in names]
        frame = (
            pl.concat([plain, quoted])
            .sort("line")
            .with_columns(
                pl.col("line").cast(pl.Int64),
                *(_cleaned(pl.col(name).fill_null("")) for name in names),
                rest=rest,
            )
            .with_columns(
                extra=pl.col("rest").list.eval(pl.element() != "").list.sum().fill_null(0),
                first=pl.coalesce(
                    *filled,
                    pl.col("rest").list.eval(pl.element().filter(pl.element() != "")).list.first(),
                    pl.lit(""),
                ),
            )
            .filter(pl.col("first") != "")
            .drop("rest")
        )
        frame = frame.with_columns(pl.col("extra").cast(pl.Int64))

        def row(line: int) -> _Row:
            written = lines[line - first_line]
            cells = next(csv.reader([written], delimiter=delimiter), [])
            return _Row(line, [clean(cell) for cell in cells], written)

        return _Body(frame, delimiter, row)


def _cell_of(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _one_record_per_line(lines: list[str], delimiter: str) -> list[list[str]] | None:
    """Each line read by the csv module as one row; None if a line does not end its row."""
    reader = csv.reader([*lines, "end"], delimiter=delimiter)
    records = []
    try:
        for number, cells in enumerate(reader, start=1):
            if reader.line_num != number:  # this row took the next line in
                return None
            records.append(cells)
    except csv.Error:
        return None
    return records[:-1]


def _read_xlsx(path: Path) -> _Table:
    """The first sheet with data, its rows that hold something (line numbers are Excel row
    numbers), within the limits (_files.xlsx_sheets)."""
    # openpyxl rather than calamine: calamine starts at the first used row and column, which
    # would shift line numbers away from Excel's row numbers.
    for _name, sheet_rows in xlsx_sheets(path):
        rows = [
            _Row(number, [_cell_text(value) for value in values], None)
            for number, values in sheet_rows
        ]
        if any(any(row.cells) for row in rows):
            return _Table("spreadsheet_xlsx", rows, None)
    raise ImportFileError(path, "the workbook holds no data")


def _read_xls(path: Path) -> _Table:
    """An old workbook's first sheet with data; line numbers are Excel row numbers."""
    for _name, values in _xls.read_xls(path):
        rows = [
            _Row(number, [_cell_text(value) for value in cells], None)
            for number, cells in enumerate(values, start=1)
        ]
        if any(any(row.cells) for row in rows):
            return _Table("spreadsheet_xls", rows, None)
    raise ImportFileError(path, "the workbook holds no data")


def _cell_text(value: object) -> str:
    """A cell as text: real dates as ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))


# ---------- columns


@functools.lru_cache(maxsize=65_536)
def _key(text: str) -> str:
    """Comparison form of a header: 'N° Étudiant' -> 'n etudiant'."""
    return " ".join(_NON_ALNUM.sub(" ", fold(text)).split())


@functools.cache
def _lookup(kind: str) -> dict[str, str]:
    """Header key -> field, or PERSONAL."""
    lookup = dict.fromkeys(map(_key, _PERSONAL_HEADERS), PERSONAL)
    for field, names in _HEADERS[kind].items():
        lookup.update(dict.fromkeys(map(_key, names), field))
    return lookup


def _meaning(header: str, kind: str) -> str | None:
    """The field a header names, PERSONAL, or None; 'Duration (months)' is 'duration months'."""
    lookup = _lookup(kind)
    meaning = lookup.get(_key(header))
    if meaning is None and "(" in header:
        meaning = lookup.get(_key(_PARENTHESES.sub(" ", header)))
    return meaning


def _columns(
    path: Path, header: _Row, kind: str, column_map: dict[str, str], supplied=()
) -> _Columns:
    """Which column holds which field; the user's --map first, then the known names. A field
    `supplied` by --set counts as present."""
    keys = [_key(cell) for cell in header.cells]
    fields: dict[str, int] = {}
    declared_places: set[int] = set()  # --map places=… (repeatable): read by _places_columns
    for field, columns in column_map.items():
        for column in _declared(columns):
            if _key(column) not in keys:
                listed = ", ".join(repr(cell) for cell in header.cells if cell)
                raise ImportFileError(
                    path,
                    f"--map {field}={column}: no column {column!r} in the header; "
                    f"its columns: {listed}",
                    line=header.line_number,
                )
            if field == "places":
                declared_places.add(keys.index(_key(column)))
            else:
                fields[field] = keys.index(_key(column))
    personal, notes = set(), []
    for index, cell in enumerate(header.cells):
        if not cell:
            continue
        mapped = [field for field, at in fields.items() if at == index]
        mapped += ["places"] if index in declared_places else []
        meaning = _meaning(cell, kind)
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
        group for group in _REQUIRED[kind] if not any(f in fields or f in supplied for f in group)
    ]
    if missing:
        described = "; ".join(
            f"{' or '.join(group)} (such as {', '.join(map(repr, _HEADERS[kind][group[0]][:3]))})"
            for group in missing
        )
        raise ImportFileError(
            path,
            f"missing column(s) {described}; name them with --map FIELD=COLUMN, or give a "
            "value for every row with --set FIELD=VALUE",
            line=header.line_number,
        )
    width = max(index for index, cell in enumerate(header.cells) if cell) + 1
    return _Columns(fields, frozenset(personal), width, notes)


def _cell(row: _Row, index: int | None) -> str:
    """The cell of a column, '' when the file has no such column or the row stops short."""
    return row.cells[index] if index is not None and index < len(row.cells) else ""


def _raw_text(row: _Row, columns: _Columns, delimiter: str | None, key: bytes) -> str:
    """The row as written, the columns read only: the cells of any other column (names,
    e-mails, comments…) masked '…', the student id pseudonymised. A text row with cells beyond
    the header is not kept (NOT_KEPT): a separator inside a cell shifts the cells after it,
    and which of them is a name or an e-mail cannot be told."""
    if delimiter is not None and any(row.cells[columns.width :]):
        return NOT_KEPT
    read, student = columns.read, columns.fields.get("student_id")
    hidden = [i for i, cell in enumerate(row.cells) if cell and (i not in read or i == student)]
    if not hidden:
        return row.text if row.text is not None else _joined(row.cells)
    # A text row is split again, so that the cells it keeps are the cells as written.
    if row.text is None:
        cells = list(row.cells)
    else:
        cells = next(csv.reader(io.StringIO(row.text), delimiter=delimiter))
    for index in hidden:
        cells[index] = pseudonym(row.cells[index], key) if index == student else "…"
    if row.text is None:
        return _joined(cells)
    line = io.StringIO()
    csv.writer(line, delimiter=delimiter, lineterminator="").writerow(cells)
    return line.getvalue()


def _joined(cells: list[str]) -> str:
    """A workbook row as text: its cells up to the last one filled, joined by ' | '."""
    cells = list(cells)
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


# ---------- rows


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
        raise _Rejected("no partner name")
    country, note = _country(values["country"], code)
    if note:
        parsed.notes.append(f"line {line}: {note}")
    programme = values["programme"] or None
    kind = agreement_type(programme) if programme else "other"
    level = _signatory(programme, school)
    first = _validity_year(values["first_academic_year"], "first", line, parsed)
    last = _validity_year(values["last_academic_year"], "last", line, parsed)
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
        count = _places(cell, line, parsed, programme)
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
                "mobility_type": _quota_mobility_type(programme),
                "programme": programme,
                "mobilities_per_year": count,
                "first_academic_year": first,
                "last_academic_year": last,
            }
        )
    return agreement, quotas


def _read_mobilities(body: _Body, columns: _Columns, parsed: ParsedFile, key: bytes) -> None:
    """The raw mobilities of a mobility list; names and e-mails were never read, student ids
    are pseudonymised.

    Column-wise: each reader of a cell (a date, a direction, a country…) runs once per distinct
    value, then the rows take their results by a join. A row is rejected for the first check it
    fails, in this order: total row, shape, partner name, country, direction, start date, end
    date, dates reversed, academic year, duration.
    """
    width = columns.width

    def cell(field: str) -> pl.Expr:
        index = columns.fields.get(field)
        return (pl.col(f"c{index}") if index is not None else pl.lit("")).alias(field)

    rows = body.frame.select("line", "extra", "first", *map(cell, FIELDS_MOBILITIES))
    rows = rows.with_columns(is_total=_is_total(pl.col("first"), rows["first"]))
    rows = _per_value(rows, ["erasmus_code"], normalise_erasmus_code, {"code": pl.String})
    rows = rows.with_columns(
        name=pl.when(pl.col("partner_name") != "").then("partner_name").otherwise("code")
    )
    rows = _per_value(
        rows, ["country", "code"], _attempt(_country, 2),
        {"iso2": pl.String, "country_note": pl.String, "country_reason": pl.String},
    )  # fmt: skip
    rows = _per_value(
        rows, ["direction"], _attempt(_direction, 1),
        {"direction_read": pl.String, "direction_reason": pl.String},
    )  # fmt: skip
    for end in ("start", "end"):
        rows = _per_value(
            rows, [f"{end}_date"], _attempt(functools.partial(_dated, what=f"{end} date"), 2),
            {f"{end}": pl.Date, f"{end}_text": pl.String, f"{end}_reason": pl.String},
        )  # fmt: skip
    rows = _per_value(
        rows, ["academic_year"], _academic_year_or_reason,
        {"year_of_cell": pl.String, "year_reason": pl.String},
    )  # fmt: skip
    rows = _per_value(
        rows, ["duration_months"], _duration_or_reason,
        {"duration": pl.Float64, "duration_reason": pl.String},
    )  # fmt: skip
    reason = pl.coalesce(
        pl.when("is_total").then(pl.lit("total row")),
        _shape_reason(pl.col("extra"), width),
        pl.when(pl.col("name").is_null()).then(pl.lit("no partner name")),
        "country_reason",
        "direction_reason",
        "start_reason",
        "end_reason",
        pl.when(pl.col("end") < pl.col("start")).then(
            pl.format("end date {} before start date {}", "end_text", "start_text")
        ),
        "year_reason",
        pl.when(pl.col("academic_year") == "", pl.col("start").is_null()).then(
            pl.lit("no academic year and no start date")
        ),
        "duration_reason",
    )
    # The year a start date falls in: an academic year runs from 1 August.
    start_year = pl.col("start").dt.year() - (pl.col("start").dt.month() < 8).cast(pl.Int32)
    rows = rows.with_columns(
        reason=reason,
        year=pl.when(pl.col("academic_year") != "")
        .then("year_of_cell")
        .otherwise(pl.format("{}-{}", start_year, start_year + 1)),
    )
    rows = rows.with_columns(
        # the country is read (and its note written) once name, shape and total checks pass
        reached_country=~pl.col("is_total") & (pl.col("extra") == 0) & pl.col("name").is_not_null()
    )
    _reject_rows(rows.filter(pl.col("reason").is_not_null()), body, columns, parsed, key)
    accepted = rows.filter(pl.col("reason").is_null())
    accepted = _per_value(
        accepted, ["student_id"], lambda student: pseudonym(student, key) if student else None,
        {"participant_id": pl.String},
    )  # fmt: skip
    accepted = _per_value(
        accepted, ["activity", "erasmus_activity"], _activities,
        {"activity_read": pl.String, "erasmus_activity_read": pl.String,
         "activity_note": pl.String},
    )  # fmt: skip
    flags = {
        "is_blended": "blended",
        "is_green_travel": "green travel",
        "has_fewer_opportunities": "fewer opportunities",
    }
    for field, what in flags.items():
        accepted = _per_value(
            accepted, [field], functools.partial(_yes_no, what=what),
            {f"{field}_read": pl.Boolean, f"{field}_note": pl.String},
        )  # fmt: skip
    accepted = _per_value(
        accepted, ["erasmus_action"], _erasmus_action,
        {"erasmus_action_read": pl.String, "erasmus_action_note": pl.String},
    )  # fmt: skip

    def text_or_null(field: str) -> pl.Expr:
        return pl.when(pl.col(field) != "").then(field).alias(field)

    parsed.mobilities = accepted.select(
        line_number="line",
        partner_name="name",
        partner_country_iso2="iso2",
        partner_erasmus_code="code",
        direction="direction_read",
        academic_year="year",
        start_date="start",
        end_date="end",
        duration_months="duration",
        activity="activity_read",
        level=text_or_null("level"),
        field=text_or_null("field"),
        funding=text_or_null("funding"),
        participant_id="participant_id",
        is_blended="is_blended_read",
        is_green_travel="is_green_travel_read",
        has_fewer_opportunities="has_fewer_opportunities_read",
        erasmus_activity="erasmus_activity_read",
        erasmus_action="erasmus_action_read",
    )
    parsed.accept(accepted.height)
    # Notes in the order the rows were read: the country's when it was reached, the others on
    # accepted rows only (they are read after every check).
    notes = pl.concat(
        [
            rows.filter("reached_country").select("line", order=0, note="country_note"),
            *(
                accepted.select("line", order=pl.lit(order), note=note)
                for order, note in enumerate(
                    ["activity_note", *(f"{field}_note" for field in flags), "erasmus_action_note"],
                    start=1,
                )
            ),
        ]  # fmt: skip
    )
    notes = notes.filter(pl.col("note").is_not_null()).sort("line", "order")
    parsed.notes.extend(
        f"line {line}: {note}" for line, note in notes.select("line", "note").iter_rows()
    )


def _per_value(
    rows: pl.DataFrame, inputs: list[str], function: Callable, outputs: dict[str, pl.DataType]
) -> pl.DataFrame:
    """`rows` with the `outputs` of `function`, called once per distinct value of `inputs`."""
    distinct = rows.select(inputs).unique()
    if len(inputs) == 1:
        results = list(map(function, distinct.to_series().to_list()))
    else:
        results = [function(*values) for values in distinct.iter_rows()]
    # column by column: a frame of 430,000 one-value rows (the students of a million-row list)
    # took 0.13 s to build, its column 0.02 s
    if len(outputs) == 1:
        columns = [results]
    else:
        columns = [[result[at] for result in results] for at in range(len(outputs))]
    found = [
        pl.Series(name, column, dtype)
        for (name, dtype), column in zip(outputs.items(), columns, strict=True)
    ]
    if distinct.height == 1:
        # one value in every row (a column the file lacks reads as ''): no join to make
        return rows.with_columns(
            pl.lit(series[0], series.dtype).alias(series.name) for series in found
        )
    return rows.join(
        distinct.hstack(found), on=inputs, how="left", nulls_equal=True, maintain_order="left"
    )


def _attempt(function: Callable, width: int) -> Callable:
    """`function`'s result (a value, or a tuple of `width`) and None; or Nones and the reason
    it rejected the row."""

    def attempt(*cells):
        try:
            result = function(*cells)
        except _Rejected as rejected:
            return (None,) * width + (str(rejected),)
        return (*result, None) if width > 1 else (result, None)

    return attempt


def _dated(cell: str, what: str) -> tuple[date | None, str | None]:
    day = _date(cell, what)
    return day, str(day) if day else None


def _academic_year_or_reason(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, None
    year = _academic_year(cell)
    return year, None if year else f"bad academic year {cell!r}"


def _duration_or_reason(cell: str) -> tuple[float | None, str | None]:
    if not cell:
        return None, None
    duration = _number(cell)
    return duration, None if duration is not None else f"bad duration {cell!r}"


def _is_total(first: pl.Expr, firsts: pl.Series) -> pl.Expr:
    """Whether a row's first filled cell starts with 'Total', 'Sous-total'… (see _TOTAL).

    Each distinct cell is looked at once (a million rows repeat a few thousand partners: 0.2 s
    when every row was, 0.02 s so). ASCII cells are compared column-wise (their comparison form
    is their lower case with runs of other characters as one space); the others, few, one by one.
    """
    cells = firsts.unique()
    is_ascii = cells.str.contains(r"^[\x00-\x7f]*$")
    key = cells.str.to_lowercase().str.replace_all("[^a-z0-9]+", " ").str.strip_chars(" ")
    totals = cells.filter(is_ascii & key.str.contains(_TOTAL.pattern)).to_list()
    totals += [cell for cell in cells.filter(~is_ascii).to_list() if _TOTAL.match(_key(cell))]
    return first.is_in(totals)


def _reject_rows(
    rejected: pl.DataFrame, body: _Body, columns: _Columns, parsed: ParsedFile, key: bytes
) -> None:
    for line, reason in rejected.select("line", "reason").iter_rows():
        row = body.row(line)
        parsed.reject(line, reason, _raw_text(row, columns, body.delimiter, key))


# A file names a few countries on many rows: each spelling is resolved once.
_resolve_country = functools.lru_cache(maxsize=4096)(geography.resolve_country)


def _country(cell: str, code: str | None) -> tuple[str, str | None]:
    """ISO alpha-2 of the country cell, else of the Erasmus code's prefix; and a note when the
    cell was read as a close spelling."""
    if cell:
        match = _resolve_country(cell)
        if match is None:
            raise _Rejected(f"unknown country {cell!r}")
        if match.method == "fuzzy":
            note = f"country {cell!r} read as {match.country.name_en} (close spelling)"
            return match.country.iso2, note
        return match.country.iso2, None
    if not code:
        raise _Rejected("no country and no Erasmus code")
    iso2 = geography.erasmus_code_country(code)
    if iso2 is None:
        raise _Rejected(f"no country, and Erasmus code {code!r} has an unknown country prefix")
    return iso2, None


def _signatory(programme: str | None, school: SchoolContext) -> str:
    """'group' for 'Erasmus+ - IMT' when IMT is the school's group; else 'school'."""
    suffix = _SIGNATORY_SUFFIX.match(programme or "")
    # Another suffix ('Erasmus+ - KA131') is part of the label, not a signatory.
    return (_signatory_level(suffix["signatory"], school) if suffix else None) or "school"


@functools.lru_cache(maxsize=65_536)
def _direction(cell: str) -> str:
    key = _key(cell)
    if not key:
        raise _Rejected("no direction")
    direction = _DIRECTIONS.get(key) or _DIRECTIONS.get(key.split()[0])  # 'Outgoing students'
    if direction is None:
        raise _Rejected(f"unknown direction {cell!r}")
    return direction


_YES = frozenset({"yes", "y", "oui", "o", "si", "true", "vrai", "verdadero", "1", "x"})
_NO = frozenset({"no", "n", "non", "false", "faux", "falso", "0"})

# Erasmus+ activity codes and labels (compared as lower-case ASCII words) -> (code, activity).
_ERASMUS_ACTIVITIES = (
    ("HE-SMS", "study", re.compile(r"^(?:ka1[37]1 )?(?:he )?sms$")),
    ("HE-SMT", "traineeship", re.compile(r"^(?:ka1[37]1 )?(?:he )?sm[tp]$")),
    ("HE-STA", "staff_teaching", re.compile(r"^(?:ka1[37]1 )?(?:he )?sta$")),
    ("HE-STT", "staff_training", re.compile(r"^(?:ka1[37]1 )?(?:he )?stt$")),
    ("BIP", "study", re.compile(r"^(?:he )?bip\b|blended intensive")),
    (
        "short-term doctoral",
        "study",
        re.compile(r"doctoral short|short term doctoral|doctorale? courte|doctoral corta"),
    ),
)
_ERASMUS_ACTION = re.compile(r"^ka ?1([37])1\b")


def _yes_no(cell: str, what: str) -> tuple[bool | None, str | None]:
    """yes/no, oui/non, sí/no, true/false, 1/0, x: a flag; empty is unknown (None). A note
    says when a value is neither."""
    key = _key(cell)
    if not key:
        return None, None
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, f"{what} {cell!r} is not yes or no, left empty"


@functools.lru_cache(maxsize=65_536)
def _erasmus_activity(cell: str) -> tuple[str, str] | None:
    """('HE-SMS', 'study') for 'HE-SMS', 'SMS', 'KA131-HE-SMS'; None for anything else."""
    key = _key(cell)
    return next(
        (
            (code, activity)
            for code, activity, pattern in _ERASMUS_ACTIVITIES
            if pattern.search(key)
        ),
        None,
    )


def _activities(activity_cell: str, erasmus_cell: str) -> tuple[str, str | None, str | None]:
    """The activity and the Erasmus+ activity of a row, from either column or both; and a note
    when the Erasmus+ activity column says something else.

    An Erasmus+ code in the activity column gives both; a plain label in the Erasmus+ activity
    column ('Estudios' under 'Tipo de actividad') is read as the activity when there is no other.
    """
    from_activity = _erasmus_activity(activity_cell)
    from_erasmus = _erasmus_activity(erasmus_cell)
    erasmus = from_erasmus or from_activity
    note = None
    if activity_cell:
        activity = from_activity[1] if from_activity else _activity(activity_cell)
    elif erasmus:
        activity = erasmus[1]
    else:
        activity = _activity(erasmus_cell)
        if erasmus_cell and activity == "other":
            note = (
                f"Erasmus+ activity {erasmus_cell!r} not understood, left empty "
                "(HE-SMS, HE-SMT, HE-STA, HE-STT, BIP or doctoral short-term)"
            )
    return activity, erasmus[0] if erasmus else None, note


def _erasmus_action(cell: str) -> tuple[str | None, str | None]:
    """'KA131' or 'KA171' ('KA131-HED', 'ka 171'); else None, with a note for a value."""
    if not cell:
        return None, None
    match = _ERASMUS_ACTION.match(_key(cell).replace("ka 1", "ka1"))
    if match:
        return f"KA1{match[1]}1", None
    return None, f"Erasmus+ action {cell!r} is not KA131 or KA171, left empty"


@functools.lru_cache(maxsize=65_536)
def _activity(cell: str) -> str:
    key = _key(cell)
    if not key:
        return "study"  # a list of exchanges that does not say is a list of study exchanges
    return next((kind for kind, pattern in _ACTIVITIES if pattern.search(key)), "other")


@functools.lru_cache(maxsize=65_536)
def _date(cell: str, what: str) -> date | None:
    """01/09/2024, 1/9/24 (day first), 2024-09-01, 01-SEP-2024 00.00.00 (Oracle's, English
    months), or an Excel serial number such as 45536."""
    if not cell:
        return None
    try:
        if match := _ISO_DATE.match(cell):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST_DATE.match(cell):
            return date(_full_year(match[3]), int(match[2]), int(match[1]))
        if (match := _ORACLE_DATE.match(cell)) and match[2].lower() in _MONTHS:
            return date(_full_year(match[3]), _MONTHS[match[2].lower()], int(match[1]))
        if _EXCEL_SERIAL.match(cell) and 10_000 <= float(cell) < 80_000:  # 1927 to 2119
            return _EXCEL_EPOCH + timedelta(days=int(float(cell)))
    except ValueError:
        pass  # 31/02/2024: the shape of a date, not a date
    raise _Rejected(f"bad {what} {cell!r}")


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 4:
        return year
    return 1900 + year if year >= 70 else 2000 + year


@functools.lru_cache(maxsize=65_536)
def _academic_year(cell: str) -> str | None:
    """'2024-2025', '2024/2025', '2024/25', '24-25' -> '2024-2025'; None otherwise."""
    match = _YEAR_PAIR.match(cell)
    if match is None:
        return None
    start = _full_year(match[1])
    end = int(match[2]) if len(match[2]) == 4 else start // 100 * 100 + int(match[2])
    if end == start - 99:  # '1999/00'
        end += 100
    return f"{start}-{end}" if end == start + 1 else None


def _academic_year_of(day: date) -> str:
    """The warehouse rule: an academic year runs from 1 August."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def _validity_year(cell: str, which: str, line: int, parsed: ParsedFile) -> str | None:
    """First or last academic year of an agreement, from a year, a date or an academic year."""
    if not cell:
        return None
    if academic_year := _academic_year(cell):
        return academic_year
    if re.fullmatch(r"(?:19|20)\d\d", cell):
        year = int(cell) if which == "first" else int(cell) - 1
        return f"{year}-{year + 1}"
    try:
        day = _date(cell, "date")
    except _Rejected:
        parsed.notes.append(
            f"line {line}: {which} academic year {cell!r} not understood, left empty"
        )
        return None
    # An end date closes the year it falls at the end of: 31/08/2028 ends 2027-2028.
    return _academic_year_of(day if which == "first" else day - timedelta(days=31))


_TITLE_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[-/]\s*((?:19|20)?\d\d)\b")


def _title_year(title_rows: list[_Row]) -> str | None:
    """The academic year a partner list's title rows name ('Plazas … curso 2024/2025'): the
    year the list describes, from which its agreements without years run."""
    for row in title_rows:
        for cell in row.cells:
            for start, end in _TITLE_YEAR.findall(cell):
                year = _academic_year(f"{start}-{end}")
                if year:
                    return year
    return None


def _places(cell: str, line: int, parsed: ParsedFile, programme: str | None) -> float | None:
    if not cell:
        return None
    places = _number(cell)
    if places is None:
        where = f" ({programme})" if programme else ""
        parsed.notes.append(
            f"line {line}: places{where} {cell!r} is not a number, no quota recorded"
        )
        return None
    return places if places > 0 else None


# ---------- places per programme

_PLAIN_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
# A header with one of these words holds a total ('Total', 'Total Erasmus', 'Nº total de
# plazas'): checked against the places, never read as a programme's.
_TOTAL_WORDS = frozenset({"total", "totaux", "totales", "somme", "suma", "sum"})
# Words by which a column of numbers names a programme, a degree, a level or a kind of place:
# such columns, two or more, are read as places. Others ('Postcode', 'QS ranking', 'Students
# 2023') are not taken on a guess.
_PROGRAMME_WORDS = re.compile(
    r"\b(?:grado|grade|licen[cs]e|bachelors?|bsc|beng|masters?|msc|meng|mba|doctora\w*|"
    r"doctorat|phd|ing|ingenier\w*|engineer\w*|diplom\w*|cycle|undergraduate|postgraduate|"
    r"posgrado|level|niveau|nivel|eqf|isced|programm?e?s?|programa|titulacion\w*|degrees?|"
    r"carrera|pdi|pas|staff|personnel|personal|teaching|training|docencia|formacion|"
    r"traineeships?|practicas|stages?|semestres?|semesters?)\b"
)
# Spanish lists name staff places by the staff's category: PDI teaches, PAS is trained.
_STAFF_LABELS = (
    ("staff_teaching", re.compile(r"\bpdi\b|\bsta\b|teach|enseign|docen")),
    ("staff_training", re.compile(r"\bpas\b|\bstt\b|staff|personnel|personal")),
)


def _declared(columns: str | list[str] | None) -> list[str]:
    """A --map value as a list: places may name several columns."""
    if columns is None:
        return []
    return [columns] if isinstance(columns, str) else list(columns)


def _places_columns(header: _Row, body: _Body, columns: _Columns, declared: list[str]) -> _Columns:
    """The places columns of a partner list, with the notes saying how each column was read.

    Declared columns (--map places=…) are the places columns. Otherwise: columns whose header
    names places ('Places', 'Plazas Grado'), and, when there are two or more places columns in
    all, columns holding only numbers, right of the partner's name, whose header names a
    programme, a degree, a level or a kind of place and nothing the reader knows ('Grado',
    'Máster', 'Doctorado', 'PDI'). Other columns of numbers are not taken on a guess: the note
    says how to declare them. A header with a total word holds a total, never a programme.
    """
    keys = [_key(cell) for cell in header.cells]
    unread = [
        index
        for index, cell in enumerate(header.cells)
        if cell and _meaning(cell, "agreements") is None
    ]
    numeric: list[int] = []
    if declared:
        chosen = [keys.index(_key(column)) for column in declared]
    else:
        named = [
            index
            for index, cell in enumerate(header.cells)
            if cell
            and not _is_total_header(keys[index])
            and (_meaning(cell, "agreements") == "places" or _places_label(cell))
        ]
        partner = columns.fields.get("partner_name", columns.fields.get("erasmus_code", -1))
        numeric = [
            index
            for index in unread
            if index > partner
            and index not in named
            and not _is_total_header(keys[index])
            and _holds_numbers_only(body, index)
        ]
        programmes = [index for index in numeric if _PROGRAMME_WORDS.search(keys[index])]
        chosen = sorted(named + (programmes if len(named) + len(programmes) >= 2 else []))
    hints = {
        index: f"ignored (numbers: --map places={header.cells[index]!r} reads them as places)"
        for index in numeric
        if index not in chosen
    }
    if not chosen:
        return _with_notes(columns, header, hints)
    several = len(chosen) > 1
    places = tuple(
        (index, _places_label(header.cells[index]) or header.cells[index] if several else None)
        for index in chosen
    )
    # a 'Total' column adds up every places column: it checks nothing when the user chose some
    totals = [index for index in unread if _is_total_header(keys[index]) and index not in chosen]
    row_total = totals[0] if totals and not declared else None
    by = " (--map)" if declared else ""
    readings = {index: (f"places ({label})" if label else "places") + by for index, label in places}
    readings |= hints
    if row_total is not None:
        readings[row_total] = "checked against the row's places (not stored)"
    columns = _Columns(
        {field: at for field, at in columns.fields.items() if field != "places"},
        columns.personal, columns.width, columns.notes, places, row_total,
    )  # fmt: skip
    return _with_notes(columns, header, readings)


def _is_total_header(key: str) -> bool:
    return not _TOTAL_WORDS.isdisjoint(key.split())


def _places_label(header: str) -> str | None:
    """'Plazas Grado' -> 'Grado': the programme a places header names after the word places."""
    words = header.split()
    for size in (3, 2, 1):
        if len(words) > size and _meaning(" ".join(words[:size]), "agreements") == "places":
            return " ".join(words[size:])
    return None


def _holds_numbers_only(body: _Body, index: int) -> bool:
    """Whether a column's cells are numbers or empty, one at least filled (total rows aside)."""
    cells = body.frame.filter(~_is_total(pl.col("first"), body.frame["first"]))[f"c{index}"]
    filled = cells.filter(cells != "")
    return filled.len() > 0 and bool(filled.str.contains(_PLAIN_NUMBER.pattern).all())


def _with_notes(columns: _Columns, header: _Row, readings: dict[int, str]) -> _Columns:
    """`columns` with the notes of some columns rewritten: how each was read in the end."""
    notes = list(columns.notes)
    for index, reading in readings.items():
        prefix = f"column {header.cells[index]!r} → "
        at = next(i for i, note in enumerate(notes) if note.startswith(prefix))
        notes[at] = prefix + reading
    return _Columns(
        columns.fields, columns.personal, columns.width, notes, columns.places, columns.row_total
    )


def _quota_mobility_type(programme: str | None) -> str:
    """Places of a column labelled for staff are staff places; the others are students'."""
    if not programme:
        return "student_studies"
    key = _key(programme)
    kind = next((kind for kind, pattern in _STAFF_LABELS if pattern.search(key)), None)
    if kind:
        return kind
    return "student_traineeship" if _activity(programme) == "traineeship" else "student_studies"


def _check_row_total(cell: str, quotas: list[dict], line: int, parsed: ParsedFile) -> None:
    """Say when a row's 'Total' differs from the places it lists."""
    if not cell:
        return
    total = _number(cell)
    listed = sum(quota["mobilities_per_year"] for quota in quotas)
    if total is None:
        parsed.notes.append(f"line {line}: total {cell!r} is not a number, not checked")
    elif total != listed:
        parsed.notes.append(
            f"line {line}: total {_figure(total)} but the places columns add up to "
            f"{_figure(listed)}"
        )


def _check_total_row(total: dict, header: _Row, columns: _Columns, parsed: ParsedFile) -> None:
    """A total row is rejected as such, and its figures checked against the column sums."""
    differences = []
    for index, label in columns.places:
        cell = total[f"c{index}"]
        if not cell:
            continue
        summed = sum(
            quota["mobilities_per_year"] for quota in parsed.quotas if quota["programme"] == label
        )
        stated = _number(cell)
        if stated is None or stated != summed:
            differences.append(
                f"{header.cells[index]!r} says {cell} where the accepted rows add up to "
                f"{_figure(summed)}"
            )
    if columns.row_total is not None and total[f"c{columns.row_total}"]:
        cell = total[f"c{columns.row_total}"]
        summed = sum(quota["mobilities_per_year"] for quota in parsed.quotas)
        if _number(cell) != summed:
            differences.append(
                f"{header.cells[columns.row_total]!r} says {cell} where the accepted rows add up "
                f"to {_figure(summed)}"
            )
    line = total["line"]
    if differences:
        parsed.notes.append(f"line {line}: the total row differs: {'; '.join(differences)}")
    else:
        parsed.notes.append(f"line {line}: the total row matches the places columns' sums")


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _number(cell: str) -> float | None:
    match = _NUMBER.match(cell)
    return float(match[1].replace(",", ".")) if match else None


def _graduate(values: dict[str, str], line: int, seen: dict[str, int], key: bytes) -> dict:
    """The raw graduate of a row: a pseudonym, a graduation year, ECTS earned abroad if given."""
    student = values["student_id"]
    if not student:
        raise _Rejected("no student id")
    participant = pseudonym(student, key)
    if participant in seen:
        raise _Rejected(f"student already listed on line {seen[participant]}")
    year = _graduation_year(values["graduation_year"])
    ects = None
    if values["ects_abroad"]:
        ects = _number(values["ects_abroad"])
        if ects is None:
            raise _Rejected(f"bad ECTS abroad {values['ects_abroad']!r}")
    seen[participant] = line
    return {
        "line_number": line,
        "participant_id": participant,
        "graduation_year": year,
        "ects_abroad": ects,
    }


def _graduation_year(cell: str) -> int:
    """'2024'; '2023-2024' or '2023/24' (the year it closes); a date (its year)."""
    if not cell:
        raise _Rejected("no graduation year")
    if re.fullmatch(r"(?:19|20)\d\d", cell):
        return int(cell)
    if academic_year := _academic_year(cell):
        return int(academic_year[-4:])
    try:
        return _date(cell, "graduation year").year
    except _Rejected:
        raise _Rejected(f"bad graduation year {cell!r}") from None

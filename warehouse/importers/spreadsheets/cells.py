"""Cell readers: what one cell of a partner, mobility or graduate list says.

Each reader takes the cell as written (cleaned of stray spaces) and returns its value, or raises
`Rejected` with the reason the row is refused; the readers of optional columns return a note
instead, and the row keeps an empty value. Readers are pure and cached, and `per_value` runs them
once per distinct cell of a column: a mobility list repeats a few thousand partners, dates and
years over up to a million rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import polars as pl

from warehouse import geography
from warehouse.importers.partner_lists import SchoolContext, label_signatory, signatory_level
from warehouse.importers.result import ParsedFile
from warehouse.text import fold

if TYPE_CHECKING:
    from warehouse.importers.spreadsheets.tables import Row

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


_TOTAL = re.compile(r"^(?:grand total|sous total|subtotal|total|totaux|totales|suma|somme)\b")


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


class Rejected(Exception):
    """A row that cannot be accepted; the message is the reason."""


@functools.lru_cache(maxsize=65_536)
def match_key(text: str) -> str:
    """Comparison form of a header or a cell: 'N° Étudiant' -> 'n etudiant'."""
    return " ".join(_NON_ALNUM.sub(" ", fold(text)).split())


def per_value(
    rows: pl.DataFrame, inputs: list[str], function: Callable, outputs: dict[str, pl.DataType]
) -> pl.DataFrame:
    """`rows` with the `outputs` of `function`, called once per distinct value of `inputs`."""
    distinct = rows.select(inputs).unique()
    if len(inputs) == 1:
        results = list(map(function, distinct.to_series().to_list()))
    else:
        results = [function(*values) for values in distinct.iter_rows()]
    # one column per output rather than a frame of one-value rows: hundreds of thousands of
    # distinct students make rows the slow way to build it (docs/performance.md)
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


def attempted(function: Callable, width: int) -> Callable:
    """`function`'s result (a value, or a tuple of `width`) and None; or Nones and the reason
    it rejected the row."""

    def attempt(*cells):
        try:
            result = function(*cells)
        except Rejected as rejected:
            return (None,) * width + (str(rejected),)
        return (*result, None) if width > 1 else (result, None)

    return attempt


def dated(cell: str, what: str) -> tuple[date | None, str | None]:
    day = read_date(cell, what)
    return day, str(day) if day else None


def academic_year_or_reason(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, None
    year = read_academic_year(cell)
    return year, None if year else f"bad academic year {cell!r}"


def duration_or_reason(cell: str) -> tuple[float | None, str | None]:
    if not cell:
        return None, None
    duration = read_number(cell)
    return duration, None if duration is not None else f"bad duration {cell!r}"


def is_total_row(first: pl.Expr, firsts: pl.Series) -> pl.Expr:
    """Whether a row's first filled cell starts with 'Total', 'Sous-total'… (see _TOTAL).

    Each distinct cell is looked at once: a million rows repeat a few thousand partners. ASCII
    cells are compared column-wise (their comparison form
    is their lower case with runs of other characters as one space); the others, few, one by one.
    """
    cells = firsts.unique()
    is_ascii = cells.str.contains(r"^[\x00-\x7f]*$")
    key = cells.str.to_lowercase().str.replace_all("[^a-z0-9]+", " ").str.strip_chars(" ")
    totals = cells.filter(is_ascii & key.str.contains(_TOTAL.pattern)).to_list()
    totals += [cell for cell in cells.filter(~is_ascii).to_list() if _TOTAL.match(match_key(cell))]
    return first.is_in(totals)


# A file names a few countries on many rows: each spelling is resolved once.
_resolve_country = functools.lru_cache(maxsize=4096)(geography.resolve_country)


def read_country(cell: str, code: str | None) -> tuple[str, str | None]:
    """ISO alpha-2 of the country cell, else of the Erasmus code's prefix; and a note when the
    cell was read as a close spelling."""
    if cell:
        match = _resolve_country(cell)
        if match is None:
            raise Rejected(f"unknown country {cell!r}")
        if match.method == "fuzzy":
            note = f"country {cell!r} read as {match.country.name_en} (close spelling)"
            return match.country.iso2, note
        return match.country.iso2, None
    if not code:
        raise Rejected("no country and no Erasmus code")
    iso2 = geography.erasmus_code_country(code)
    if iso2 is None:
        raise Rejected(f"no country, and Erasmus code {code!r} has an unknown country prefix")
    return iso2, None


def signatory_level_of(programme: str | None, school: SchoolContext) -> str:
    """'group' for 'Erasmus+ - IMT' when IMT is the school's group; else 'school'."""
    _label, signatory = label_signatory(programme or "")
    # Another suffix ('Erasmus+ - KA131') is part of the label, not a signatory.
    return (signatory_level(signatory, school) if signatory else None) or "school"


@functools.lru_cache(maxsize=65_536)
def read_direction(cell: str) -> str:
    key = match_key(cell)
    if not key:
        raise Rejected("no direction")
    direction = _DIRECTIONS.get(key) or _DIRECTIONS.get(key.split()[0])  # 'Outgoing students'
    if direction is None:
        raise Rejected(f"unknown direction {cell!r}")
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


def yes_no(cell: str, what: str) -> tuple[bool | None, str | None]:
    """yes/no, oui/non, sí/no, true/false, 1/0, x: a flag; empty is unknown (None). A note
    says when a value is neither."""
    key = match_key(cell)
    if not key:
        return None, None
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, f"{what} {cell!r} is not yes or no, left empty"


@functools.lru_cache(maxsize=65_536)
def erasmus_activity(cell: str) -> tuple[str, str] | None:
    """('HE-SMS', 'study') for 'HE-SMS', 'SMS', 'KA131-HE-SMS'; None for anything else."""
    key = match_key(cell)
    return next(
        (
            (code, activity)
            for code, activity, pattern in _ERASMUS_ACTIVITIES
            if pattern.search(key)
        ),
        None,
    )


def read_activities(activity_cell: str, erasmus_cell: str) -> tuple[str, str | None, str | None]:
    """The activity and the Erasmus+ activity of a row, from either column or both; and a note
    when the Erasmus+ activity column says something else.

    An Erasmus+ code in the activity column gives both; a plain label in the Erasmus+ activity
    column ('Estudios' under 'Tipo de actividad') is read as the activity when there is no other.
    """
    from_activity = erasmus_activity(activity_cell)
    from_erasmus = erasmus_activity(erasmus_cell)
    erasmus = from_erasmus or from_activity
    note = None
    if activity_cell:
        activity = from_activity[1] if from_activity else read_activity(activity_cell)
    elif erasmus:
        activity = erasmus[1]
    else:
        activity = read_activity(erasmus_cell)
        if erasmus_cell and activity == "other":
            note = (
                f"Erasmus+ activity {erasmus_cell!r} not understood, left empty "
                "(HE-SMS, HE-SMT, HE-STA, HE-STT, BIP or doctoral short-term)"
            )
    return activity, erasmus[0] if erasmus else None, note


def erasmus_action(cell: str) -> tuple[str | None, str | None]:
    """'KA131' or 'KA171' ('KA131-HED', 'ka 171'); else None, with a note for a value."""
    if not cell:
        return None, None
    match = _ERASMUS_ACTION.match(match_key(cell).replace("ka 1", "ka1"))
    if match:
        return f"KA1{match[1]}1", None
    return None, f"Erasmus+ action {cell!r} is not KA131 or KA171, left empty"


@functools.lru_cache(maxsize=65_536)
def read_activity(cell: str) -> str:
    key = match_key(cell)
    if not key:
        return "study"  # a list of exchanges that does not say is a list of study exchanges
    return next((kind for kind, pattern in _ACTIVITIES if pattern.search(key)), "other")


@functools.lru_cache(maxsize=65_536)
def read_date(cell: str, what: str) -> date | None:
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
    raise Rejected(f"bad {what} {cell!r}")


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 4:
        return year
    return 1900 + year if year >= 70 else 2000 + year


@functools.lru_cache(maxsize=65_536)
def read_academic_year(cell: str) -> str | None:
    """'2024-2025', '2024/2025', '2024/25', '24-25' -> '2024-2025'; None otherwise."""
    match = _YEAR_PAIR.match(cell)
    if match is None:
        return None
    start = _full_year(match[1])
    end = int(match[2]) if len(match[2]) == 4 else start // 100 * 100 + int(match[2])
    if end == start - 99:  # '1999/00'
        end += 100
    return f"{start}-{end}" if end == start + 1 else None


def academic_year_of(day: date) -> str:
    """The warehouse rule: an academic year runs from 1 August."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def validity_year(cell: str, which: str, line: int, parsed: ParsedFile) -> str | None:
    """First or last academic year of an agreement, from a year, a date or an academic year."""
    if not cell:
        return None
    if academic_year := read_academic_year(cell):
        return academic_year
    if re.fullmatch(r"(?:19|20)\d\d", cell):
        year = int(cell) if which == "first" else int(cell) - 1
        return f"{year}-{year + 1}"
    try:
        day = read_date(cell, "date")
    except Rejected:
        parsed.notes.append(
            f"line {line}: {which} academic year {cell!r} not understood, left empty"
        )
        return None
    # An end date closes the year it falls at the end of: 31/08/2028 ends 2027-2028.
    return academic_year_of(day if which == "first" else day - timedelta(days=31))


_TITLE_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[-/]\s*((?:19|20)?\d\d)\b")


def title_year(title_rows: list[Row]) -> str | None:
    """The academic year a partner list's title rows name ('Plazas … curso 2024/2025'): the
    year the list describes, from which its agreements without years run."""
    for row in title_rows:
        for cell in row.cells:
            for start, end in _TITLE_YEAR.findall(cell):
                year = read_academic_year(f"{start}-{end}")
                if year:
                    return year
    return None


def read_places(cell: str, line: int, parsed: ParsedFile, programme: str | None) -> float | None:
    if not cell:
        return None
    places = read_number(cell)
    if places is None:
        where = f" ({programme})" if programme else ""
        parsed.notes.append(
            f"line {line}: places{where} {cell!r} is not a number, no quota recorded"
        )
        return None
    return places if places > 0 else None


def read_number(cell: str) -> float | None:
    match = _NUMBER.match(cell)
    return float(match[1].replace(",", ".")) if match else None


def graduation_year(cell: str) -> int:
    """'2024'; '2023-2024' or '2023/24' (the year it closes); a date (its year)."""
    if not cell:
        raise Rejected("no graduation year")
    if re.fullmatch(r"(?:19|20)\d\d", cell):
        return int(cell)
    if academic_year := read_academic_year(cell):
        return int(academic_year[-4:])
    try:
        return read_date(cell, "graduation year").year
    except Rejected:
        raise Rejected(f"bad graduation year {cell!r}") from None

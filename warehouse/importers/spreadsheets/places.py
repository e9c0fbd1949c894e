"""Places per programme: the columns of a partner list that give quotas of places.

A list may give one 'Places' column, or one column per programme, degree or level ('Plazas
Grado', 'Máster', 'Doctorado'…), each giving a quota labelled by its column. A 'Total' column is
checked against the row's places, a total row against the column sums; a difference is said in
the notes, never stored.
"""

from __future__ import annotations

import re

import polars as pl

from warehouse.importers.result import ParsedFile
from warehouse.importers.spreadsheets.cells import (
    is_total_row,
    match_key,
    read_activity,
    read_number,
)
from warehouse.importers.spreadsheets.headers import Columns, meaning_of
from warehouse.importers.spreadsheets.tables import Body, Row

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


def places_columns(header: Row, body: Body, columns: Columns, declared: list[str]) -> Columns:
    """The places columns of a partner list, with the notes saying how each column was read.

    Declared columns (--map places=…) are the places columns. Otherwise: columns whose header
    names places ('Places', 'Plazas Grado'), and, when there are two or more places columns in
    all, columns holding only numbers, right of the partner's name, whose header names a
    programme, a degree, a level or a kind of place and nothing the reader knows ('Grado',
    'Máster', 'Doctorado', 'PDI'). Other columns of numbers are not taken on a guess: the note
    says how to declare them. A header with a total word holds a total, never a programme.
    """
    keys = [match_key(cell) for cell in header.cells]
    unread = [
        index
        for index, cell in enumerate(header.cells)
        if cell and meaning_of(cell, "agreements") is None
    ]
    numeric: list[int] = []
    if declared:
        chosen = [keys.index(match_key(column)) for column in declared]
    else:
        named = [
            index
            for index, cell in enumerate(header.cells)
            if cell
            and not _is_total_header(keys[index])
            and (meaning_of(cell, "agreements") == "places" or _places_label(cell))
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
    columns = Columns(
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
        if len(words) > size and meaning_of(" ".join(words[:size]), "agreements") == "places":
            return " ".join(words[size:])
    return None


def _holds_numbers_only(body: Body, index: int) -> bool:
    """Whether a column's cells are numbers or empty, one at least filled (total rows aside)."""
    cells = body.frame.filter(~is_total_row(pl.col("first"), body.frame["first"]))[f"c{index}"]
    filled = cells.filter(cells != "")
    return filled.len() > 0 and bool(filled.str.contains(_PLAIN_NUMBER.pattern).all())


def _with_notes(columns: Columns, header: Row, readings: dict[int, str]) -> Columns:
    """`columns` with the notes of some columns rewritten: how each was read in the end."""
    notes = list(columns.notes)
    for index, reading in readings.items():
        prefix = f"column {header.cells[index]!r} → "
        at = next(i for i, note in enumerate(notes) if note.startswith(prefix))
        notes[at] = prefix + reading
    return Columns(
        columns.fields, columns.personal, columns.width, notes, columns.places, columns.row_total
    )


def quota_mobility_type(programme: str | None) -> str:
    """Places of a column labelled for staff are staff places; the others are students'."""
    if not programme:
        return "student_studies"
    key = match_key(programme)
    kind = next((kind for kind, pattern in _STAFF_LABELS if pattern.search(key)), None)
    if kind:
        return kind
    return "student_traineeship" if read_activity(programme) == "traineeship" else "student_studies"


def check_row_total(cell: str, quotas: list[dict], line: int, parsed: ParsedFile) -> None:
    """Say when a row's 'Total' differs from the places it lists."""
    if not cell:
        return
    total = read_number(cell)
    listed = sum(quota["mobilities_per_year"] for quota in quotas)
    if total is None:
        parsed.notes.append(f"line {line}: total {cell!r} is not a number, not checked")
    elif total != listed:
        parsed.notes.append(
            f"line {line}: total {figure(total)} but the places columns add up to {figure(listed)}"
        )


def check_total_row(total: dict, header: Row, columns: Columns, parsed: ParsedFile) -> None:
    """A total row is rejected as such, and its figures checked against the column sums."""
    differences = []
    for index, label in columns.places:
        cell = total[f"c{index}"]
        if not cell:
            continue
        summed = sum(
            quota["mobilities_per_year"] for quota in parsed.quotas if quota["programme"] == label
        )
        stated = read_number(cell)
        if stated is None or stated != summed:
            differences.append(
                f"{header.cells[index]!r} says {cell} where the accepted rows add up to "
                f"{figure(summed)}"
            )
    if columns.row_total is not None and total[f"c{columns.row_total}"]:
        cell = total[f"c{columns.row_total}"]
        summed = sum(quota["mobilities_per_year"] for quota in parsed.quotas)
        if read_number(cell) != summed:
            differences.append(
                f"{header.cells[columns.row_total]!r} says {cell} where the accepted rows add up "
                f"to {figure(summed)}"
            )
    line = total["line"]
    if differences:
        parsed.notes.append(f"line {line}: the total row differs: {'; '.join(differences)}")
    else:
        parsed.notes.append(f"line {line}: the total row matches the places columns' sums")


def figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)

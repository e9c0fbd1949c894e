"""Personal data in a list: student numbers become keyed pseudonyms, other cells stay out.

A pseudonym is the HMAC-SHA256 of the student number (folded: case, accents and spacing do not
make two students) under the warehouse's pseudonym key (warehouse/keys.py): one student, one
pseudonym under a key, and no way back without it. The same function serves mobility lists,
graduate lists and the Mobility Tool's exports, so that a graduate joins to their mobilities.
"""

from __future__ import annotations

import csv
import hmac
import io

from warehouse.importers.result import NOT_KEPT
from warehouse.importers.spreadsheets.headers import Columns
from warehouse.importers.spreadsheets.tables import Row
from warehouse.text import fold


def pseudonym(student_id: str, key: bytes) -> str:
    """'p-' and 16 hex digits: the first 64 bits of HMAC-SHA256(key, folded id)."""
    return f"p-{hmac.digest(key, fold(student_id).encode(), 'sha256').hex()[:16]}"


def masked_text(row: Row, columns: Columns, delimiter: str | None, key: bytes) -> str:
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

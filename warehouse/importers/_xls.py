"""Old Excel workbooks (.xls, Excel 97-2003 BIFF8), read with calamine (python-calamine).

The EU published its charter lists of 2007-2013 and 2013-2014 and many Mobility Tool exports as
.xls, and offices still keep lists in that format: every reader of workbooks takes them (partner,
mobility and graduate lists, charter lists, Mobility Tool+ exports). Rows are read from cell A1,
so that line numbers stay Excel's row numbers: calamine's own default starts at the first used
row and column. Date cells come back as dates; error cells (#N/A, #DIV/0!) come back empty, as
calamine gives no other value for them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from warehouse.errors import ImportFileError
from warehouse.importers._files import checked_cells, readable
from warehouse.importers._limits import COLUMNS, ROWS, column_name
from warehouse.text import clean

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the compound-file container of .xls (and .doc, .ppt…)


def is_old_workbook(path: Path) -> bool:
    """Whether the file starts as an .xls does (whatever its extension)."""
    with open(readable(path), "rb") as file:
        return file.read(4) == OLE_SIGNATURE


def read_xls(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Each sheet's name and rows, from A1: rows[n - 1] is Excel row n, cells[0] column A;
    a row's trailing empty cells left out. Within the row, column and cell limits: a cell far
    down or right is refused before the rows up to it are made (calamine's to_python would
    make every cell of the rectangle)."""
    import python_calamine  # only .xls files need it

    try:
        with _quiet_panics():
            workbook = python_calamine.CalamineWorkbook.from_path(str(readable(path)))
            try:
                return [
                    (name, _rows(path, workbook.get_sheet_by_name(name)))
                    for name in workbook.sheet_names
                ]
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except python_calamine.PasswordError:
        raise ImportFileError(
            path, "the workbook is password-protected: save it without a password"
        ) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # calamine's Rust panics are BaseExceptions
        if type(error).__name__ == "PanicException":  # its message is about Rust's slices
            reason = "damaged or truncated file"
        else:
            reason = clean(str(error)).removeprefix("Cfb error: ") or type(error).__name__
        raise ImportFileError(path, f"not a readable Excel workbook ({reason})") from None


def _rows(path: Path, sheet) -> list[list[object]]:
    if sheet.end is None:  # an empty sheet
        return []
    (first_row, first_column), (last_row, last_column) = sheet.start, sheet.end
    COLUMNS.check(
        path, last_column + 1, f"a cell in column {column_name(last_column)} ({last_column + 1:,})"
    )
    ROWS.check(path, last_row + 1, f"a cell on row {last_row + 1:,}")
    rows: list[list[object]] = [[] for _ in range(first_row)]
    for number, values in enumerate(sheet.iter_rows(), start=first_row + 1):
        rows.append(checked_cells(path, number, [None] * first_column + list(values)))
    return rows


@contextlib.contextmanager
def _quiet_panics():
    """Keep what calamine's Rust code writes on stderr when it panics (a truncated file does)
    off the terminal: the panic comes back as an exception, reported as one line."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to redirect
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)

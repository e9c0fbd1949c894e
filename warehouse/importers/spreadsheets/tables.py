"""Tables: the rows of a spreadsheet, as cells of text, wherever they were written.

A workbook (XLSX, or old XLS through calamine) gives its first sheet holding data, its line
numbers Excel's row numbers. A text file is decoded like every other text import and split under
each separator in turn (tab, semicolon, comma) lazily: the header is looked for in the first rows
of each, and only the separator chosen splits the whole file. The rows under the header become a
`Body`, one column per header cell, split by polars when every row is one line and by the csv
module when a quoted cell spans lines. The column and cell limits are checked before any split
could be made to cost too much.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import polars as pl

from warehouse.errors import ImportFileError
from warehouse.importers import _xls
from warehouse.importers._files import read_text_file, readable, xlsx_sheets
from warehouse.importers._limits import CELL_CHARS, COLUMNS
from warehouse.text import clean

HEADER_SEARCH_ROWS = 15
_DELIMITERS = ("\t", ";", ",")


@dataclass(frozen=True)
class Row:
    line_number: int
    cells: list[str]
    text: str | None  # the line(s) as written, for text files


@dataclass(frozen=True)
class Table:
    file_format: str
    rows: list[Row]
    delimiter: str | None  # None for XLSX

    @property
    def head(self) -> list[Row]:
        """The first rows, where the header is looked for."""
        return self.rows[:HEADER_SEARCH_ROWS]

    def body(self, header_index: int, width: int) -> Body:
        """The rows under the header, column-wise."""
        return Body.of_rows(self.rows[header_index + 1 :], width, self.delimiter)


def shape_reason(extra: pl.Expr, width: int) -> pl.Expr:
    """Why a text row with more cells than the header is refused (a separator inside a cell
    shifts it); null for the others."""
    shape = f" cells for {width} columns (a separator inside an unquoted cell?)"
    return pl.when(extra > 0).then((extra + width).cast(pl.String) + shape)


def read_tables(path: Path) -> list[Table | LazyTable]:
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
    if "\r" in text:  # a test first: most files have no '\r', and replacing copies the text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [LazyTable(path, text, d) for d in _DELIMITERS]


class LazyTable:
    """A text file split by one separator: its first rows at once (enough to find the header),
    all of them only if this separator is the one chosen (a million-row file is split once)."""

    def __init__(self, path: Path, text: str, delimiter: str):
        self.file_format = "spreadsheet_tsv" if delimiter == "\t" else "spreadsheet_csv"
        self.delimiter = delimiter
        self._path, self._text = path, text
        head = _first_lines(text, HEADER_SEARCH_ROWS * 4)
        for number, line in enumerate(head.split("\n"), start=1):
            # counted before splitting: a line of a million separators would be a million cells
            _check_width(path, line.count(delimiter) + 1, number)
        self._head = self._split(head)
        self._rows: list[Row] | None = None

    def _split(self, text: str) -> list[Row]:
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
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = self._split(self._text)
            check_cells(self._path, self._rows)
        return self._rows

    @property
    def head(self) -> list[Row]:
        return self._head

    def body(self, header_index: int, width: int) -> Body:
        """The rows under the header, column-wise: split by polars when every row is one line
        (a million rows in a second), else by the csv module row by row."""
        header = self._head[header_index]
        first_line = header.line_number + header.text.count("\n") + 1
        lines = self._text.split("\n")[first_line - 1 :]
        _check_lines(self._path, lines, first_line, self.delimiter)
        body = Body.of_lines(lines, first_line, width, self.delimiter)
        if body is None:
            body = Body.of_rows(self.rows[header_index + 1 :], width, self.delimiter)
        return body


def check_cells(path: Path, rows: list[Row]) -> None:
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
    rest: text.split("\n", count) would copy the whole remainder of the file, once per separator
    tried, to look at a few lines."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def _split(text: str, delimiter: str) -> list[Row]:
    lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, end = [], 0
    for cells in reader:
        # A quoted cell may span lines: the row starts after the previous one ended.
        start, end = end + 1, reader.line_num
        rows.append(Row(start, [clean(cell) for cell in cells], "\n".join(lines[start - 1 : end])))
    return rows


# Python's str.split() whitespace (what clean() collapses): Unicode's, plus the four separators
# \x1c-\x1f that Python counts as space and Unicode does not.
_SPACE = r"[\s\x1c-\x1f]"
# What clean() changes in a cell: a space at either end, a run of them, or one that is not ' '.
_UNCLEAN = rf"^{_SPACE}|{_SPACE}$|{_SPACE}{{2}}|[^\S ]|[\x1c-\x1f]"


def cleaned(cell: pl.Expr) -> pl.Expr:
    """clean(), column-wise. Only the cells it changes are rewritten: finding the few that need
    it is cheaper than rewriting every cell of a long list."""
    rewritten = cell.str.replace_all(f"{_SPACE}+", " ").str.strip_chars(" ")
    return pl.when(cell.str.contains(_UNCLEAN)).then(rewritten).otherwise(cell)


@dataclass(frozen=True)
class Body:
    """The rows under the header, column-wise, blank rows left out: `line` (where the row
    starts), `c0`, `c1`… (cleaned cells, '' when the row stops short), `extra` (cells filled
    beyond the header's width in a text file, where they mean a shifted row; in a workbook they
    are notes beside the table and count 0), `first` (the row's first filled cell)."""

    frame: pl.DataFrame
    delimiter: str | None
    row: Callable[[int], Row]  # the row starting on a line, for the texts of rejected rows

    @staticmethod
    def of_rows(rows: list[Row], width: int, delimiter: str | None) -> Body:
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
        return Body(pl.DataFrame(columns, schema=schema), delimiter, by_line.__getitem__)

    @staticmethod
    def of_lines(lines: list[str], first_line: int, width: int, delimiter: str) -> Body | None:
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
        rest = pl.col("rest").list.eval(cleaned(pl.element()))
        filled = [pl.when(pl.col(name) != "").then(name) for name in names]
        frame = (
            pl.concat([plain, quoted])
            .sort("line")
            .with_columns(
                pl.col("line").cast(pl.Int64),
                *(cleaned(pl.col(name).fill_null("")) for name in names),
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

        def row(line: int) -> Row:
            written = lines[line - first_line]
            cells = next(csv.reader([written], delimiter=delimiter), [])
            return Row(line, [clean(cell) for cell in cells], written)

        return Body(frame, delimiter, row)


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


def _read_xlsx(path: Path) -> Table:
    """The first sheet with data, its rows that hold something (line numbers are Excel row
    numbers), within the limits (_files.xlsx_sheets)."""
    # openpyxl rather than calamine: calamine starts at the first used row and column, which
    # would shift line numbers away from Excel's row numbers.
    for _name, sheet_rows in xlsx_sheets(path):
        rows = [
            Row(number, [_cell_text(value) for value in values], None)
            for number, values in sheet_rows
        ]
        if any(any(row.cells) for row in rows):
            return Table("spreadsheet_xlsx", rows, None)
    raise ImportFileError(path, "the workbook holds no data")


def _read_xls(path: Path) -> Table:
    """An old workbook's first sheet with data; line numbers are Excel row numbers."""
    for _name, values in _xls.read_xls(path):
        rows = [
            Row(number, [_cell_text(value) for value in cells], None)
            for number, cells in enumerate(values, start=1)
        ]
        if any(any(row.cells) for row in rows):
            return Table("spreadsheet_xls", rows, None)
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


def _cell(row: Row, index: int | None) -> str:
    """The cell of a column, '' when the file has no such column or the row stops short."""
    return row.cells[index] if index is not None and index < len(row.cells) else ""

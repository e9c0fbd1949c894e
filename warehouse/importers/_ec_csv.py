"""Reading the European Commission's ';'-separated open data files with DuckDB's CSV reader.

The files run to hundreds of thousands of rows, so they are read by DuckDB, not row by row in
Python. Rows the reader cannot parse (an unterminated quote, a column too many) are kept as
rejects with their CSV record number, the header being record 1 (their text is not kept): a
quoted newline makes one record of several physical lines, and DuckDB numbers its rejects the
same way.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse.importers._files import readable
from warehouse.importers._limits import COLUMNS
from warehouse.importers.result import NOT_KEPT, Reject


def first_line_of(path: Path) -> str:
    """A file's header line (at most 64 kB: a file without line breaks is not read whole),
    within the column limit."""
    with open(readable(path), encoding="utf-8", errors="replace") as file:
        line = file.readline(1 << 16)
    cells = line.count(";") + 1
    COLUMNS.check(path, cells, f"{cells:,} cells", line=1)
    return line


def literal(path: Path) -> str:
    """A path as DuckDB's readers take it literally: '*', '?', '[' and ']' are patterns to
    them ('ka1 [2014].csv' would read 'ka1 2.csv'); each is escaped as a one-character class."""
    return re.sub(r"([*?\[\]])", r"[\1]", str(path))


def read_numbered(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    columns: list[str],
    table: str,
    keep: list[str] | None = None,
) -> list[Reject]:
    """temp.<table>: the rows of a file whose header is `columns` (every column varchar), only
    the columns to `keep` (all by default), with line_number, their CSV record number; the rows
    the reader could not parse, as rejects. Columns left out are never held in memory.

    DuckDB leaves rejected rows out, so numbering the rows read 2, 3, … would give each row after
    a rejected one the number of the row before it. The k-th row read is record k + 1 plus the
    rejected records before it; with rejected records r_1 < r_2 < …, the j-th comes before the
    k-th row read exactly when r_j - j <= k, that is r_j - j + 1 <= k + 1.
    """
    # DuckDB draws a progress bar over a query of more than 2 s: the import prints its report
    con.execute("set enable_progress_bar = false")
    for name in (table, f"{table}_rejects", f"{table}_reject_scans"):
        con.execute(f"drop table if exists temp.{name}")
    spec = "{" + ", ".join(f"'{_sql(name)}': 'varchar'" for name in columns) + "}"
    con.execute(
        f"""
        create temp table {table} as
        select {", ".join(f'"{name}"' for name in keep or columns)},
            row_number() over () + 1 as line_number,
        from read_csv(
            ?, delim = ';', quote = '"', escape = '"', header = true, auto_detect = false,
            columns = {spec}, store_rejects = true,
            rejects_table = '{table}_rejects', rejects_scan = '{table}_reject_scans'
        )
        """,
        [literal(path)],
    )
    if con.execute(f"select count(*) from temp.{table}_rejects").fetchone()[0]:
        # renumbered only when needed: a copy of a million rows costs memory and a second
        con.execute(
            f"""
            create or replace temp table {table} as
            with skipped as (
                select line - row_number() over (order by line) as threshold,
                       row_number() over (order by line) as count_before,
                from (select distinct line from temp.{table}_rejects)
            ),
            thresholds as (
                select threshold + 1 as threshold, max(count_before) as count_before,
                from skipped group by threshold
            )
            select rows.* replace (
                rows.line_number + coalesce(thresholds.count_before, 0) as line_number
            ),
            from temp.{table} as rows
            asof left join thresholds on rows.line_number >= thresholds.threshold
            """
        )
    # the line as written is not kept: its cells could not be told apart, and the EC's files
    # hold age, gender and nationality
    return [
        Reject(int(line), f"unreadable CSV row: {message}", NOT_KEPT)
        for line, message in con.execute(
            f"""
            select line, first(error_message order by column_idx)
            from temp.{table}_rejects group by line order by line
            """
        ).fetchall()
    ]


@contextlib.contextmanager
def as_utf8(path: Path) -> Iterator[tuple[Path, str | None]]:
    """The file itself when it is UTF-8, else a UTF-8 copy read as Windows-1252 (what Excel
    writes in western Europe), with a note saying so; the copy is removed afterwards.

    DuckDB reads UTF-8 only: each row holding another encoding's accented letter would be
    rejected, when the whole file is in that encoding.
    """
    if _is_utf8(path):
        yield path, None
        return
    folder = Path(tempfile.mkdtemp(prefix="mobility-"))
    try:
        copy = folder / path.name
        with (
            open(path, encoding="cp1252", errors="replace", newline="") as source,
            open(copy, "w", encoding="utf-8", newline="") as target,
        ):
            shutil.copyfileobj(source, target, 1 << 20)
        yield copy, "the file is not UTF-8: read as Windows-1252"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sql(text: str) -> str:
    return text.replace("'", "''")

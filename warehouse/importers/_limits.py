"""Limits on what one import may read, so that no file, however small, exhausts the machine.

Files are untrusted, and a few bytes can ask for a lot: a 286-byte markdown page counting
'99999999999999999999 échanges' once asked for 10^20 mobilities; a 20 kB workbook with a cell in
column XFD made every row 16,384 cells wide; a zipped workbook can unpack to gigabytes. Each
reader checks what it reads against these limits and refuses the file in one line naming the
limit, its value and the environment variable that raises it (settings.import_limit, read at
call time). The values leave room for real files: the EC's open data parts, the 1-million-row
mobility list of `mobility bench`, the charter list of 5,912 institutions.

Counts inside a row (a partner's exchanges, a KA1 aggregate's participants) are checked by their
readers: a count above its cap rejects the row, with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse import settings
from warehouse.errors import ImportFileError


@dataclass(frozen=True)
class Limit:
    name: str  # the environment variable is MOBILITY_MAX_<NAME>
    default: int
    unit: str  # what the value counts, e.g. 'columns'

    @property
    def value(self) -> int:
        return settings.import_limit(self.name, self.default)

    @property
    def variable(self) -> str:
        return f"MOBILITY_MAX_{self.name.upper()}"

    def error(self, path: Path, found: str, line: int | None = None) -> ImportFileError:
        """The one-line refusal: what was found, the limit and how to raise it."""
        return ImportFileError(
            path,
            f"{found}, above the limit of {self.value:,} {self.unit} ({self.variable} raises it)",
            line=line,
        )

    def check(self, path: Path, count: int, found: str, line: int | None = None) -> None:
        if count > self.value:
            raise self.error(path, found, line)


# Files read into memory by Python (spreadsheets, lists, workbooks once unpacked, XML, JSON):
# the 1-million-row list of the bench is 88 MB and its import peaks at 1.7 GB, so 256 MB (three
# times that list) stays within about 5 GB.
FILE_MB = Limit("file_mb", 256, "MB")
# The EC's open data, read by DuckDB within its memory budget (MOBILITY_MEMORY_LIMIT): a year
# of KA1 data is a few hundred MB.
EC_FILE_MB = Limit("ec_file_mb", 4096, "MB")
# Rows of one file, and rows one file may add (a markdown page's exchanges): twice the bench.
ROWS = Limit("rows", 2_000_000, "rows")
# Columns of a row: the widest real files have a few dozen (the KA1 data 24, Mobility Tool 27).
COLUMNS = Limit("columns", 1_000, "columns")
# Characters of one cell: Excel's own limit.
CELL_CHARS = Limit("cell_chars", 32_767, "characters")

# Exchanges one line of a markdown partner page may count (a school sends a few to a partner
# each year): a larger count rejects the line as a mistake. Not configurable.
MAX_EXCHANGES = 1_000


def column_name(index: int) -> str:
    """Excel's name of a column: 0 -> 'A', 16383 -> 'XFD'."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name

"""Files people open in a spreadsheet: no cell may run as a formula.

A text cell starting with `=`, `+`, `-` or `@` is a formula to Excel and LibreOffice when they
open a CSV file; one starting with a tab or a carriage return can hide such a start. Partner
names, reject texts and query results come from users' files, so such a cell could run a
formula (a DDE command, a link that sends data out) on the machine of the officer who opens the
export. Every CSV the product writes goes through here: text cells get a leading apostrophe,
which spreadsheets show as text; numbers stay numbers (a negative figure is a number, not a
formula). Workbooks need no apostrophe: their string cells are written as strings, never
formulas (EXCEL_OPTIONS).
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# xlsxwriter's Workbook options: strings stay strings ('=1+1' is not turned into a formula,
# 'http://…' into a link, '12' into a number)
EXCEL_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def safe_text(value):
    """A text cell that cannot run as a formula; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its text columns and column names neutralised (numbers untouched)."""
    pattern = "^[" + "".join(FORMULA_STARTS).replace("-", r"\-") + "]"
    frame = frame.rename({name: safe_text(name) for name in frame.columns})
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def write_csv(frame: pl.DataFrame, file: IO | str | None = None):
    """frame.write_csv, text cells neutralised."""
    return safe_frame(frame).write_csv(file)


def write_rows(file: IO, rows: Iterable[Iterable]) -> None:
    """csv.writer rows, text cells neutralised."""
    writer = csv.writer(file)
    for row in rows:
        writer.writerow([safe_text(value) for value in row])


def private_file(path: Path) -> IO[str]:
    """A text file opened for writing, readable by its owner only (mode 0600, even when it
    existed with another mode): reject reports and exported rejects hold what users' files said.
    A device or a FIFO (/dev/stdout) is written as it is, its mode untouched."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.fchmod(descriptor, 0o600)
    return open(descriptor, "w", encoding="utf-8", newline="")


def write_error(path: Path, error: OSError) -> str:
    """'PATH: No space left on device', for an error of a write to `path`."""
    number = error.errno or re.search(r"\(os error (\d+)\)", str(error))  # polars' words
    if isinstance(number, re.Match):
        number = int(number[1])
    return f"{path}: {os.strerror(number) if number else error}"

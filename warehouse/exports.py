"""Files people open in a spreadsheet: no cell may run as a formula.

A text cell starting with `=`, `+`, `-` or `@` is a formula to Excel and LibreOffice when they
open a CSV file; one starting with a tab or a carriage return can hide such a start. Partner
names, reject texts and query results come from users' files, so such a cell could run a
formula (a DDE command, a link that sends data out) on the machine of the officer who opens the
export. Every CSV the product writes goes through here: text cells get a leading apostrophe,
which spreadsheets show as text; numbers stay numbers (a negative figure is a number, not a
formula). Workbooks need no apostrophe: their string cells are written as strings, never
formulas (EXCEL_OPTIONS); every workbook the product writes goes through write_workbook.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO, BinaryIO

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# xlsxwriter's Workbook options: strings stay strings ('=1+1' is not turned into a formula,
# 'http://…' into a link, '12' into a number)
EXCEL_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


# Numbers as the query gives them (Excel's General), not in polars' default formats (three
# decimals, red negatives); dates as yyyy-mm-dd.
_CELL_FORMATS = {
    frozenset({pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64,
               pl.Float32, pl.Float64, pl.Decimal}): "General",
    pl.Date: "yyyy-mm-dd",
}  # fmt: skip


def write_workbook(
    target: Path | BinaryIO,
    sheets: list[tuple[str, pl.DataFrame]],
    properties: dict[str, str] | None = None,
) -> None:
    """A workbook of one sheet per (name, frame), written by polars (DataFrame.write_excel)
    into a workbook opened with EXCEL_OPTIONS: strings stay strings. Headers bold and frozen;
    a list cell is written as its items joined by '; ', a date as yyyy-mm-dd. `properties`:
    the document's (title, comments…), as xlsxwriter's set_properties takes them."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        {**EXCEL_OPTIONS, "nan_inf_to_errors": True},
    )
    try:
        for name, frame in sheets:
            flat = frame.with_columns(
                pl.col(column).cast(pl.List(pl.String)).list.join("; ")
                for column, dtype in frame.schema.items()
                if isinstance(dtype, pl.List)
            )
            flat.write_excel(
                workbook,
                worksheet=name[:31],  # Excel's limit on a sheet name
                header_format={"bold": True, "text_wrap": True, "valign": "top"},
                dtype_formats=_CELL_FORMATS,
                column_widths=117,  # pixels: 16 characters
                freeze_panes=(1, 0),
            )
        if properties:
            workbook.set_properties(properties)
    finally:
        workbook.close()


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

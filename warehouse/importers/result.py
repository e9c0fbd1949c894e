"""What an importer returns: rows for the raw tables, rejected rows with reasons, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class Reject:
    line_number: int
    reason: str
    raw_text: str


@dataclass
class ParsedFile:
    """A file read into raw rows. Every row read is either accepted or rejected.

    Raw rows are dicts, or a DataFrame of them when a reader builds them column-wise (mobility
    spreadsheets, which run to a million rows).
    """

    file_format: str
    rows_read: int = 0
    rows_accepted: int = 0
    agreements: list[dict] = field(default_factory=list)
    mobilities: list[dict] | pl.DataFrame = field(default_factory=list)
    quotas: list[dict] = field(default_factory=list)
    institutions: list[dict] = field(default_factory=list)
    graduates: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the academic year the file says its list describes ('2019-2020'); None: the import's
    listed_academic_year: str | None = None
    # EWP IIAs imported although their iia-hash does not match (None: the format has no hash).
    iia_hash_mismatches: int | None = None

    def accept(self, count: int = 1) -> None:
        self.rows_read += count
        self.rows_accepted += count

    def reject(self, line_number: int, reason: str, raw_text: str) -> None:
        self.rows_read += 1
        self.rejects.append(Reject(line_number, reason, raw_text))

    @property
    def rows_rejected(self) -> int:
        return len(self.rejects)

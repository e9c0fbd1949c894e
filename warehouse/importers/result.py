"""What an importer returns: rows for the raw tables, rejected rows with reasons, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

# The text kept of a rejected row whose cells do not line up with its header (a separator
# inside an unquoted cell, a cell too many): which cell is a name or an e-mail cannot be told,
# so none of it is kept; its line number says where it is in the file.
NOT_KEPT = "(not kept: its cells do not line up with the header)"
# The text kept of a rejected line of free text (a markdown list item without a partner link):
# no field of it is recognised, and free text may be about a person.
FREE_TEXT = "(not kept: free text, no field recognised)"


@dataclass(frozen=True)
class Reject:
    """A row that was read and not accepted. `raw_text` is what is kept of it, for the officer
    to find and fix it: the fields the importer recognised, as written, the cells of any other
    column masked '…' (names, e-mails, comments: an allow-list, never a list of what to hide),
    student numbers pseudonymised; NOT_KEPT or FREE_TEXT when no cell can be told apart."""

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

"""What an importer returns: rows for the raw tables, rejected rows with reasons, notes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reject:
    line_number: int
    reason: str
    raw_text: str


@dataclass
class ParsedFile:
    """A file read into raw rows. Every row read is either accepted or rejected."""

    file_format: str
    rows_read: int = 0
    rows_accepted: int = 0
    agreements: list[dict] = field(default_factory=list)
    mobilities: list[dict] = field(default_factory=list)
    quotas: list[dict] = field(default_factory=list)
    institutions: list[dict] = field(default_factory=list)
    graduates: list[dict] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def accept(self) -> None:
        self.rows_read += 1
        self.rows_accepted += 1

    def reject(self, line_number: int, reason: str, raw_text: str) -> None:
        self.rows_read += 1
        self.rejects.append(Reject(line_number, reason, raw_text))

    @property
    def rows_rejected(self) -> int:
        return len(self.rejects)

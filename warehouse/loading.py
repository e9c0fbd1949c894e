"""Importing a file: read it, write its rows and lineage in one swap, report what happened."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db, settings
from warehouse.importers._files import read_text_file
from warehouse.importers.partner_lists import SchoolContext, read_partner_list
from warehouse.importers.result import ParsedFile
from warehouse.schools import find_school

RAW_AGREEMENT_COLUMNS = {
    "import_id": pl.Int32, "line_number": pl.Int32, "school_id": pl.String,
    "partner_name": pl.String, "partner_country_raw": pl.String,
    "partner_country_iso2": pl.String, "partner_city": pl.String,
    "partner_erasmus_code": pl.String, "partner_url": pl.String, "programme_raw": pl.String,
    "agreement_type": pl.String, "signatory_level": pl.String,
    "first_academic_year": pl.String, "last_academic_year": pl.String,
    "is_synthetic": pl.Boolean,
}  # fmt: skip
RAW_MOBILITY_COLUMNS = {
    "import_id": pl.Int32, "line_number": pl.Int32, "item_number": pl.Int32,
    "school_id": pl.String, "partner_name": pl.String, "partner_country_iso2": pl.String,
    "partner_erasmus_code": pl.String, "direction": pl.String, "academic_year": pl.String,
    "start_date": pl.Date, "end_date": pl.Date, "duration_months": pl.Float64,
    "activity": pl.String, "level": pl.String, "field": pl.String, "funding": pl.String,
    "participant_id": pl.String, "is_synthetic": pl.Boolean,
}  # fmt: skip


class AlreadyImported(Exception):
    """The same file was already imported for the same school: nothing to do."""


@dataclass(frozen=True)
class ImportReport:
    import_id: int | None
    file: Path
    school: str
    parsed: ParsedFile
    superseded: list[int]
    reject_report: Path | None
    agreements_listed: int
    agreements_after_merge: int
    merged: list[str]
    partners: int
    countries: int

    def summary_line(self) -> str:
        parsed = self.parsed
        rejects = f"reject report: {self.reject_report}" if self.reject_report else "no rejects"
        return (
            f"{self.file.name}: {parsed.rows_read} rows read, {parsed.rows_accepted} accepted, "
            f"{parsed.rows_rejected} rejected; {rejects}"
        )


def import_agreements(path: Path, school_text: str, *, dry_run: bool = False) -> ImportReport:
    """Import a partner list for a home school; with dry_run, report without writing."""
    text_file = read_text_file(path)
    if dry_run:
        with _reading_or_scratch() as con:
            school = find_school(con, school_text)
            parsed = read_partner_list(text_file, _context(con, school.school_id))
        return _report(None, text_file.path, school.name, parsed, [], None)

    with db.writing() as con:
        school, import_id, parsed, superseded = load_partner_list(con, text_file, school_text)
    reject_report = _write_reject_report(import_id, text_file.path, parsed)
    return _report(import_id, text_file.path, school.name, parsed, superseded, reject_report)


def load_partner_list(con, text_file, school_text: str):
    """Write a partner list's rows on an open writing connection; return what was written."""
    school = find_school(con, school_text)
    previous = con.execute(
        """
        select import_id, imported_at from imports
        where file_sha256 = ? and kind = 'agreements' and school_id = ?
          and superseded_by is null
        """,
        [text_file.sha256, school.school_id],
    ).fetchone()
    if previous:
        raise AlreadyImported(
            f"{text_file.path.name}: already imported for {school.name} "
            f"(import #{previous[0]}, {previous[1]:%Y-%m-%d %H:%M}); nothing changed"
        )
    parsed = read_partner_list(text_file, _context(con, school.school_id))
    import_id, superseded = _record(con, text_file, "agreements", school.school_id, parsed)
    return school, import_id, parsed, superseded


def _record(con, text_file, kind: str, school_id: str, parsed: ParsedFile) -> tuple[int, list[int]]:
    """Write lineage, raw rows and rejects; replace earlier imports of the same file name."""
    assert parsed.rows_accepted + parsed.rows_rejected == parsed.rows_read
    superseded = [
        row[0]
        for row in con.execute(
            """
            select import_id from imports
            where file_name = ? and kind = ? and school_id = ? and superseded_by is null
            """,
            [text_file.path.name, kind, school_id],
        ).fetchall()
    ]
    import_id = con.execute(
        """
        insert into imports (kind, file_format, school_id, file_name, file_path, file_sha256,
                             rows_read, rows_accepted, rows_rejected)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        returning import_id
        """,
        [
            kind, parsed.file_format, school_id, text_file.path.name,
            str(text_file.path.resolve()), text_file.sha256,
            parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected,
        ],
    ).fetchone()[0]  # fmt: skip
    for old in superseded:
        con.execute("delete from raw.agreements where import_id = ?", [old])
        con.execute("delete from raw.mobilities where import_id = ?", [old])
        con.execute("update imports set superseded_by = ? where import_id = ?", [import_id, old])
    defaults = {"import_id": import_id, "school_id": school_id, "is_synthetic": False}
    insert_raw_rows(con, "raw.agreements", parsed.agreements, RAW_AGREEMENT_COLUMNS, defaults)
    insert_raw_rows(con, "raw.mobilities", parsed.mobilities, RAW_MOBILITY_COLUMNS, defaults)
    if parsed.rejects:
        con.executemany(
            "insert into rejected_rows values (?, ?, ?, ?, ?)",
            [
                [import_id, text_file.path.name, r.line_number, r.reason, r.raw_text]
                for r in parsed.rejects
            ],
        )
    return import_id, superseded


def insert_raw_rows(con, table: str, rows: list[dict], schema: dict, defaults: dict) -> None:
    """Append dict rows to a raw table; missing keys take `defaults`, then the table's default."""
    if not rows:
        return
    frame = pl.DataFrame([{**defaults, **row} for row in rows], schema=schema, strict=False)
    # Columns no row filled are left out, so the table's own defaults apply (item_number = 1).
    frame = frame.select(
        column for column in frame.columns if frame[column].null_count() < frame.height
    )
    con.register("incoming_rows", frame)
    con.execute(f"insert into {table} by name select * from incoming_rows")
    con.unregister("incoming_rows")


def _context(con, school_id: str) -> SchoolContext:
    row = con.execute(
        "select school_id, name, short_name, group_name from schools where school_id = ?",
        [school_id],
    ).fetchone()
    return SchoolContext(*row)


def _report(import_id, path, school, parsed, superseded, reject_report) -> ImportReport:
    """Figures of one import, read back from the warehouse as readers now see it."""
    listed = len(parsed.agreements)
    after_merge, merged, partners, countries = listed, [], 0, 0
    if import_id is not None:
        with db.connect(read_only=True) as con:
            con.execute(
                """
                create temp table this_import as
                select r.*, s.partner_id
                from raw.agreements r
                join staging.int_partner_spellings s
                  on s.country_iso2 = r.partner_country_iso2
                 and s.spelling_key = name_key(r.partner_name)
                where r.import_id = ?
                """,
                [import_id],
            )
            after_merge, partners, countries = con.execute(
                """
                select count(distinct (partner_id, agreement_type, signatory_level)),
                       count(distinct partner_id), count(distinct partner_country_iso2)
                from this_import
                """
            ).fetchone()
            merged = [
                row[0]
                for row in con.execute(
                    """
                    select string_agg(distinct partner_name, ' = ' order by partner_name)
                           || ' (' || agreement_type || ', ' || signatory_level || ')'
                    from this_import
                    group by partner_id, agreement_type, signatory_level
                    having count(*) > 1
                    order by 1
                    """
                ).fetchall()
            ]
    return ImportReport(
        import_id, path, school, parsed, superseded, reject_report,
        listed, after_merge, merged, partners, countries,
    )  # fmt: skip


def _write_reject_report(import_id: int, path: Path, parsed: ParsedFile) -> Path | None:
    """A CSV of the rejected rows an officer can fix and re-import."""
    if not parsed.rejects:
        return None
    folder = settings.rejects_dir()
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / f"import-{import_id}-{path.stem}-rejected.csv"
    with open(report, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["file", "line", "reason", "raw_text"])
        for reject in parsed.rejects:
            writer.writerow([path.name, reject.line_number, reject.reason, reject.raw_text])
    return report


class _reading_or_scratch:
    """A read-only connection on the warehouse, or a fresh in-memory one when there is none."""

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        if settings.db_path().exists():
            self.con = db.connect(read_only=True)
        else:
            self.con = db.scratch()
        return self.con

    def __exit__(self, *exc) -> None:
        self.con.close()

"""The lineage of imports: each file imported is a row of `imports`, its rows carry its id.

An import of the same file again (or of an updated export with the same name) replaces the
earlier one: its rows go, its lineage row stays, marked superseded. A removal takes an import's
rows out, its lineage row marked removed. What either would change is counted before it is done,
so that an import taking out most of an earlier one's rows is refused without --replace.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db, settings
from warehouse.errors import WarehouseError
from warehouse.importers.result import ParsedFile

RAW_TABLES = {
    "agreements": "raw.agreements",
    "mobilities": "raw.mobilities",
    "quotas": "raw.agreement_quotas",
    "institutions": "raw.institutions",
    "graduates": "raw.graduates",
}


# the EC's open data, written by their loaders straight from DuckDB's CSV reader
EC_RAW_TABLES = ("raw.ec_student_mobilities", "raw.ec_ka1_mobilities", "raw.ec_flow_counts")


class AlreadyImported(Exception):
    """The same file was already imported for the same school: nothing to do."""


class ImportedForAnotherSchool(WarehouseError):
    """The same content is imported for another school: moving it (--replace) or importing it
    for both (--as-new) is the user's choice, never a silent one."""


@dataclass(frozen=True)
class ImportChanges:
    """An earlier import that an import replaces (or a removal takes out): which, whose, and
    its rows per table before and after."""

    import_id: int
    file_name: str
    imported_at: str
    school: str | None
    changes: dict[str, tuple[int, int]]  # rows of: (before, after)

    def describe(self) -> str:
        """'import #3 (partners.csv, 2026-12-06 20:10, IMT Mines Albi)'."""
        whose = f", {self.school}" if self.school else ""
        return f"import #{self.import_id} ({self.file_name}, {self.imported_at}{whose})"


@dataclass(frozen=True)
class SourceFile:
    """A file about to be imported: where it is and what it holds (its SHA-256)."""

    path: Path
    sha256: str


def options_json(options: dict | None) -> str | None:
    """What the user said besides the file and the school, as canonical JSON: the options given
    (empty ones left out), so that two imports compare equal; None when nothing was said (as
    for the imports made before options were recorded)."""
    given = {name: value for name, value in (options or {}).items() if value}
    return json.dumps(given, sort_keys=True, ensure_ascii=False) if given else None


def refuse_if_already_imported(
    con, source: SourceFile, kind: str, school, options_text: str | None
) -> None:
    """Raise AlreadyImported when the same content was imported for the same school with the
    same options (other options: the import is redone, replacing the earlier one)."""
    school_id = school.school_id if school else None
    previous = con.execute(
        """
        select import_id, imported_at from imports
        where file_sha256 = ? and kind = ? and school_id is not distinct from ?
          and options is not distinct from ?
          and superseded_by is null and removed_at is null
        """,
        [source.sha256, kind, school_id, options_text],
    ).fetchone()
    if previous:
        whom = f" for {school.name}" if school else ""
        raise AlreadyImported(
            f"{source.path.name}: already imported{whom} "
            f"(import #{previous[0]}, {previous[1]:%Y-%m-%d %H:%M}); nothing changed"
        )


def replaced_imports(
    con, source: SourceFile, kind: str, school_id: str | None, move: bool = False
) -> list[int]:
    """The live imports a new import of `source` replaces: for the same school, the same
    content (imported again with other options) or a file of the same name (an updated
    export); with `move`, also the same content imported for another school."""
    return [
        row[0]
        for row in con.execute(
            """
            select import_id from imports
            where kind = ? and superseded_by is null and removed_at is null
              and ((school_id is not distinct from ? and (file_sha256 = ? or file_name = ?))
                   or (? and file_sha256 = ?))
            order by import_id
            """,
            [kind, school_id, source.sha256, source.path.name, move, source.sha256],
        ).fetchall()
    ]


def refuse_if_imported_for_another_school(con, source: SourceFile, kind: str, school) -> None:
    """The same content already imported for another school: say whose, and the two ways."""
    if school is None:
        return
    other = con.execute(
        """
        select imports.import_id, schools.name
        from imports join schools using (school_id)
        where imports.kind = ? and imports.file_sha256 = ? and imports.school_id <> ?
          and imports.superseded_by is null and imports.removed_at is null
        order by imports.import_id
        """,
        [kind, source.sha256, school.school_id],
    ).fetchall()
    if other:
        import_id, name = other[0]
        raise ImportedForAnotherSchool(
            f"{source.path.name}: already imported for {name} (import #{import_id}): --replace "
            f"moves it to {school.name} ({name}'s rows from it go), --as-new imports it for "
            f"{school.name} as well"
        )


def with_rows_after(con, changes: dict, import_id: int) -> dict[str, tuple[int, int]]:
    """`changes` (rows per table before) with the rows import `import_id` wrote as after."""
    after = _row_changes(con, import_id, None)
    tables = [*changes, *(table for table in after if table not in changes)]
    return {t: (changes.get(t, (0, 0))[0], after.get(t, (0, 0))[0]) for t in tables}


def most_rows_removed(source: SourceFile, replaced: list[ImportChanges]) -> list[str]:
    """What replacing the imports in `replaced` would take out, when it is most of an import's
    rows (rejected rows aside; a header-only file would leave none): said, and refused without
    --replace."""
    problems = []
    for old in replaced:
        tables = {t: rows for t, rows in old.changes.items() if t != "rejected rows"}
        before, after = (sum(rows[at] for rows in tables.values()) for at in (0, 1))
        if before and after < before / 2:
            listed = ", ".join(f"{t} {b} → {a}" for t, (b, a) in tables.items())
            problems.append(
                f"{source.path}: would replace import #{old.import_id} ({old.file_name}), taking "
                f"its rows from {before} to {after} ({listed})"
            )
    return problems


def refuse_removing_most(source: SourceFile, replaced: list[ImportChanges]) -> None:
    problems = most_rows_removed(source, replaced)
    if problems:
        raise WarehouseError(f"{problems[0]}: import it with --replace if that is meant")


def replacements(
    con, source: SourceFile, kind: str, school, parsed: ParsedFile, move: bool = False
) -> list:
    """What importing `parsed` would change in the imports it replaces: rows per table."""
    school_id = school.school_id if school else None
    try:
        replaced = replaced_imports(con, source, kind, school_id, move)
    except duckdb.Error:
        return []  # a scratch warehouse for a dry run: nothing to replace
    return [import_changes(con, old, parsed) for old in replaced]


def import_changes(con, import_id: int, parsed: ParsedFile | None) -> ImportChanges:
    file_name, imported_at, school = con.execute(
        """
        select imports.file_name, strftime(imports.imported_at, '%Y-%m-%d %H:%M'), schools.name
        from imports left join schools using (school_id) where imports.import_id = ?
        """,
        [import_id],
    ).fetchone()
    return ImportChanges(
        import_id, file_name, imported_at, school, _row_changes(con, import_id, parsed)
    )


# What the rows of each raw table are called in an import's output.
_ROWS_OF = {
    **{table: attribute for attribute, table in RAW_TABLES.items()},
    "raw.ec_student_mobilities": "EC statistics rows",
    "raw.ec_ka1_mobilities": "EC KA1 rows",
    "raw.ec_flow_counts": "flow table rows",
    "rejected_rows": "rejected rows",
}


_EC_TABLE_OF_FORMAT = {
    "ec_statistics": "raw.ec_student_mobilities",
    "ec_ka1": "raw.ec_ka1_mobilities",
    "ec_flow_table": "raw.ec_flow_counts",
}


def _parsed_rows(parsed: ParsedFile | None) -> dict[str, int]:
    """Rows `parsed` brings per raw table (an EC file's are loaded straight into its table)."""
    if parsed is None:
        return {}
    rows = {table: len(getattr(parsed, attribute)) for attribute, table in RAW_TABLES.items()}
    if parsed.file_format in _EC_TABLE_OF_FORMAT:
        rows[_EC_TABLE_OF_FORMAT[parsed.file_format]] = parsed.rows_accepted
    rows["rejected_rows"] = len(parsed.rejects)
    return rows


def _row_changes(con, old: int, parsed: ParsedFile | None) -> dict[str, tuple[int, int]]:
    """Rows of import `old` per table, and what `parsed` brings instead (0 when removed)."""
    after = _parsed_rows(parsed)
    changes = {}
    for table, name in _ROWS_OF.items():
        (before,) = con.execute(
            f"select count(*) from {table} where import_id = ?", [old]
        ).fetchone()
        if before or after.get(table):
            changes[name] = (before, after.get(table, 0))
    return changes


def _take_out(con, import_id: int) -> None:
    """Delete the rows an import wrote (raw rows and rejects); its lineage row stays."""
    for table in [*RAW_TABLES.values(), *EC_RAW_TABLES, "rejected_rows"]:
        con.execute(f"delete from {table} where import_id = ?", [import_id])


def record(
    con,
    source,
    kind: str,
    school_id: str,
    parsed: ParsedFile,
    options_text: str | None,
    move: bool = False,
) -> tuple[int, list[int]]:
    """Write lineage, raw rows and rejects; replace the earlier imports of the same file."""
    assert parsed.rows_accepted + parsed.rows_rejected == parsed.rows_read
    superseded = replaced_imports(con, source, kind, school_id, move)
    listed = parsed.listed_academic_year
    if listed is None and superseded:
        # A list imported again is the same list: its agreements without years keep running
        # from when the first import dated them, not from the day it was redone.
        (listed,) = con.execute(
            "select min(coalesce(listed_academic_year, academic_year_of(imported_at::date))) "
            "from imports where list_contains(?, import_id)",
            [superseded],
        ).fetchone()
    import_id = con.execute(
        """
        insert into imports (kind, file_format, school_id, file_name, file_path, file_sha256,
                             rows_read, rows_accepted, rows_rejected, options,
                             iia_hash_mismatches, listed_academic_year)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        returning import_id
        """,
        [
            kind, parsed.file_format, school_id, source.path.name,
            str(source.path.resolve()), source.sha256,
            parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected, options_text,
            parsed.iia_hash_mismatches, listed,
        ],
    ).fetchone()[0]  # fmt: skip
    for old in superseded:
        _take_out(con, old)
        con.execute("update imports set superseded_by = ? where import_id = ?", [import_id, old])
    defaults = {"import_id": import_id}
    if school_id is not None:
        defaults["school_id"] = school_id
    for attribute, table in RAW_TABLES.items():
        insert_raw_rows(con, table, getattr(parsed, attribute), defaults)
    insert_rejects(con, import_id, source, parsed)
    return import_id, superseded


def remove_import(import_id: int, *, dry_run: bool = False) -> tuple[ImportChanges, list[str]]:
    """Take an import's rows out of the warehouse (models rebuilt); its lineage row stays,
    marked removed. Returns its rows per table, as they were, and what comes back or not."""
    with reading_or_scratch() if dry_run else db.writing() as con:
        row = con.execute(
            """
            select imports.file_name, imports.superseded_by, imports.removed_at,
                   successor.removed_at
            from imports left join imports as successor
                on successor.import_id = imports.superseded_by
            where imports.import_id = ?
            """,
            [import_id],
        ).fetchone()
        if row is None:
            raise WarehouseError(f"no import #{import_id}; `mobility imports` lists them")
        file_name, superseded_by, removed_at, successor_removed_at = row
        if removed_at is not None:
            raise WarehouseError(
                f"import #{import_id} ({file_name}) was already removed, "
                f"on {removed_at:%Y-%m-%d %H:%M}"
            )
        if superseded_by is not None:
            then = (
                f", itself removed on {successor_removed_at:%Y-%m-%d %H:%M}: import the file "
                "again to bring its rows back"
                if successor_removed_at is not None
                else f": remove #{superseded_by} instead"
            )
            raise WarehouseError(
                f"import #{import_id} ({file_name}) was replaced by import #{superseded_by}, "
                f"its rows went with it{then}"
            )
        removed = import_changes(con, import_id, None)
        notes = _what_removal_leaves(con, import_id)
        if not dry_run:
            _take_out(con, import_id)
            con.execute(
                "update imports set removed_at = current_timestamp where import_id = ?",
                [import_id],
            )
    return removed, notes


def _what_removal_leaves(con, import_id: int) -> list[str]:
    """What removing an import does not undo (the imports it replaced stay out) and what it
    gives back (the earlier versions of the EWP agreements it replaced)."""
    notes = [
        f"{changes.describe()}, which it had replaced, is not restored: import its file again "
        "to bring its rows back"
        for (old,) in con.execute(
            "select import_id from imports where superseded_by = ? order by import_id",
            [import_id],
        ).fetchall()
        for changes in [import_changes(con, old, None)]
    ]
    try:
        (versions,) = con.execute(
            "select count(*) from staging.stg_iia_versions where replaced_by_import_id = ?",
            [import_id],
        ).fetchone()
    except duckdb.Error:
        versions = 0  # a warehouse without models yet (a dry run on an empty one)
    if versions:
        notes.append(f"{versions} earlier version(s) of EWP agreements it had replaced count again")
    return notes


def insert_rejects(con, import_id: int, source: SourceFile, parsed: ParsedFile) -> None:
    if parsed.rejects:
        # in one Arrow stream: a Mobility Tool+ export of every institution rejects hundreds of
        # thousands of rows of other schools, and executemany inserts one statement per row
        frame = pl.DataFrame(
            {
                "import_id": [import_id] * len(parsed.rejects),
                "file_name": [source.path.name] * len(parsed.rejects),
                "line_number": [r.line_number for r in parsed.rejects],
                "reason": [r.reason for r in parsed.rejects],
                "raw_text": [r.raw_text for r in parsed.rejects],
            },
            schema={"import_id": pl.Int32, "file_name": pl.String, "line_number": pl.Int32,
                    "reason": pl.String, "raw_text": pl.String},
        )  # fmt: skip
        con.register("incoming_rejects", frame.__arrow_c_stream__())
        con.execute("insert into rejected_rows by name select * from incoming_rejects")
        con.unregister("incoming_rejects")


def insert_raw_rows(con, table: str, rows: list[dict] | pl.DataFrame, defaults: dict) -> None:
    """Append rows to a raw table; missing keys take `defaults`, then the table's default."""
    if len(rows) == 0:
        return
    if isinstance(rows, pl.DataFrame):
        missing = {name: value for name, value in defaults.items() if name not in rows.columns}
        frame = rows.with_columns(pl.lit(value).alias(name) for name, value in missing.items())
    else:
        frame = pl.DataFrame([{**defaults, **row} for row in rows], infer_schema_length=None)
    # Columns no row filled are left out, so the table's own defaults apply (item_number = 1).
    frame = frame.select(c for c in frame.columns if frame[c].null_count() < frame.height)
    # the frame's Arrow stream, read once: registering the frame itself would convert it with
    # pyarrow, whose import is a noticeable part of a small import
    con.register("incoming_rows", frame.__arrow_c_stream__())
    con.execute(f"insert into {table} by name select * from incoming_rows")
    con.unregister("incoming_rows")


def replaced_iia_versions(con, import_id: int) -> list[str]:
    """The earlier versions of EWP agreements (IIAs) that import `import_id` replaces."""
    return [
        f"{iia_id} with {partner} (line {line}) of import #{old} ({file_name})"
        for iia_id, partner, line, old, file_name in con.execute(
            """
            select coalesce(v.home_iia_id, v.partner_iia_id), v.partner_hei_id,
                   v.line_number, v.import_id, i.file_name
            from staging.stg_iia_versions v join imports i using (import_id)
            where v.replaced_by_import_id = ?
            order by v.import_id, v.line_number
            """,
            [import_id],
        ).fetchall()
    ]


def rehearsed_iia_versions(source: SourceFile, kind: str, school, parsed) -> list[str]:
    """In a dry run, the EWP agreement versions an import would replace: the file's rows are
    recorded on a throwaway copy of the warehouse, where the versions view says it."""
    if not any(row.get("home_iia_id") or row.get("partner_iia_id") for row in parsed.agreements):
        return []
    with db.rehearsal() as con:
        school_id = school.school_id if school else None
        import_id, _superseded = record(con, source, kind, school_id, parsed, None)
        try:
            return replaced_iia_versions(con, import_id)
        except duckdb.Error:
            return []  # a first warehouse, without its models yet: nothing to replace


class reading_or_scratch:
    """A read-only connection on the warehouse, or a fresh in-memory one when there is none."""

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        if settings.db_path().exists():
            self.con = db.connect(read_only=True)
        else:
            self.con = db.scratch()
        return self.con

    def __exit__(self, *exc) -> None:
        self.con.close()

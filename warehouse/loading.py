"""Importing a file: read it, write its rows and lineage in one swap, report what happened."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db, exports, keys, settings
from warehouse.errors import ImportFileError, WarehouseError
from warehouse.importers import _files
from warehouse.importers._files import read_text_file
from warehouse.importers._limits import EC_FILE_MB
from warehouse.importers.partner_lists import SchoolContext, read_partner_list
from warehouse.importers.result import ParsedFile
from warehouse.schools import School, find_school

SPREADSHEET_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls"}
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
class ImportReport:
    import_id: int | None
    file: Path
    school: School | None
    parsed: ParsedFile
    superseded: list[int]
    reject_report: Path | None
    agreements_listed: int = 0
    agreements_after_merge: int = 0
    merged: list[str] = field(default_factory=list)
    partners: int = 0
    countries: int = 0
    skipped: bool = False
    replaced: list[ImportChanges] = field(default_factory=list)
    replaced_iias: list[str] = field(default_factory=list)  # earlier versions of its EWP IIAs

    def summary_line(self) -> str:
        parsed = self.parsed
        if self.reject_report:
            rejects = f"reject report: {self.reject_report}"
        elif parsed.rows_rejected:
            rejects = "dry run, no reject report written"
        else:
            rejects = "no rejects"
        return (
            f"{self.file.name}: {parsed.rows_read} rows read, {parsed.rows_accepted} accepted, "
            f"{parsed.rows_rejected} rejected; {rejects}"
        )


@dataclass(frozen=True)
class SourceFile:
    """A file about to be imported: where it is and what it holds (its SHA-256)."""

    path: Path
    sha256: str


def _source(snapshot: _files.Snapshot) -> SourceFile:
    """The file as recorded: the user's path, and the SHA-256 of the very bytes the readers
    parse (the private copy taken by _files.snapshots)."""
    return SourceFile(snapshot.path, snapshot.sha256)


# A reader turns a file into raw rows; it may look up the home school and its HEI id. The third
# argument is the pseudonym key, for the readers of files about students (None for the others).
Reader = Callable[[duckdb.DuckDBPyConnection, "School | None", "bytes | None"], ParsedFile]


def import_parsed(
    kind: str,
    path: Path,
    reader: Reader,
    *,
    school_text: str | None = None,
    dry_run: bool = False,
    options: dict | None = None,
    pseudonymises: bool = False,
    replace_most: bool = False,
    as_new: bool = False,
) -> ImportReport:
    """Import one file with `reader`; with dry_run, read and report without writing.

    `options` are what the user said besides the file (--map, --hei-id…): the same file
    imported again with other options replaces its earlier import. `replace_most` (--replace)
    allows what is never done silently: a replacement that takes out most rows of the import it
    replaces, or a file imported for another school moved to this one (a wrong --school
    corrected); `as_new` imports for this school too a file another school holds (an export of
    several schools' rows). A reader that `pseudonymises` gets the warehouse's pseudonym key
    (keys.pseudonym_key: a missing or foreign key stops the import). The file is read once,
    from a private copy."""
    with _files.snapshots([Path(path)]) as (snapshot,):
        return _import_parsed(
            kind, _source(snapshot), reader, school_text=school_text, dry_run=dry_run,
            options=options, pseudonymises=pseudonymises, replace_most=replace_most,
            as_new=as_new,
        )  # fmt: skip


def _import_parsed(
    kind: str,
    source: SourceFile,
    reader: Reader,
    *,
    school_text: str | None,
    dry_run: bool,
    options: dict | None,
    pseudonymises: bool,
    replace_most: bool,
    as_new: bool,
) -> ImportReport:
    move = replace_most  # another school's import of the same file is replaced only so
    if dry_run:
        with _reading_or_scratch() as con:
            school = find_school(con, school_text) if school_text else None
            key = keys.pseudonym_key(con, dry_run=True)[0] if pseudonymises else None
            parsed = reader(con, school, key)
            replaced = _replacements(con, source, kind, school, parsed, move=move)
        for problem in _most_rows_removed(source, replaced):
            parsed.notes.append(f"{problem}: the import would need --replace")
        return replace(
            _report(None, source.path, school, parsed, [], None),
            replaced=replaced,
            replaced_iias=_rehearsed_iia_versions(source, kind, school, parsed),
        )
    with db.writing() as con:
        school = find_school(con, school_text) if school_text else None
        options_text = options_json(options)
        refuse_if_already_imported(con, source, kind, school, options_text)
        if not move and not as_new:
            refuse_if_imported_for_another_school(con, source, kind, school)
        key, created = keys.pseudonym_key(con) if pseudonymises else (None, False)
        parsed = reader(con, school, key)
        if created:
            parsed.notes.append(keys.CREATED_NOTE.format(path=settings.key_path()))
        replaced = _replacements(con, source, kind, school, parsed, move=move)
        if not replace_most:
            _refuse_removing_most(source, replaced)
        import_id, superseded = _record(
            con, source, kind, school.school_id if school else None, parsed, options_text,
            move=move,
        )  # fmt: skip
    reject_report = _write_reject_report(import_id, source.path, parsed)
    report = _report(import_id, source.path, school, parsed, superseded, reject_report)
    return replace(report, replaced=replaced)


def import_agreements(
    path: Path,
    school_text: str,
    *,
    dry_run: bool = False,
    column_map=None,
    hei_id=None,
    accept_hash_mismatch: bool = False,
    set_values=None,
    replace_most: bool = False,
    as_new: bool = False,
) -> ImportReport:
    """Import a list of partners or agreements for a home school, whatever its format."""
    return import_parsed(
        "agreements",
        path,
        lambda con, school, _key: read_agreements(
            con, Path(path), school, column_map, hei_id, accept_hash_mismatch, set_values
        ),
        school_text=school_text,
        dry_run=dry_run,
        options={
            "map": column_map,
            "set": set_values,
            "hei_id": hei_id,
            "accept_hash_mismatch": accept_hash_mismatch,
        },  # fmt: skip
        replace_most=replace_most,
        as_new=as_new,
    )


def read_agreements(
    con,
    path: Path,
    school,
    column_map=None,
    hei_id=None,
    accept_hash_mismatch: bool = False,
    set_values=None,
) -> ParsedFile:
    """Pick the reader by the file's shape: EWP XML, a seed-style partner list, a spreadsheet."""
    context = _context(con, school.school_id)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        if column_map or set_values:
            raise ImportFileError(path, "--map and --set do not apply to EWP XML files")
        from warehouse.importers import ewp_iias

        home = (
            hei_id
            or con.execute(
                "select hei_id from schools where school_id = ?", [school.school_id]
            ).fetchone()[0]
        )
        return ewp_iias.read_ewp_iias(
            read_text_file(path),
            context,
            home_hei_id=home,
            accept_hash_mismatch=accept_hash_mismatch,
        )
    if accept_hash_mismatch:
        raise ImportFileError(path, "--accept-hash-mismatch is for EWP XML files, not this one")
    if suffix not in SPREADSHEET_SUFFIXES and not column_map and not set_values:
        # The seeds' list shapes first: their signatory suffixes and two-programme cells need
        # their own reader; any other table goes to the spreadsheet reader.
        text_file = read_text_file(path)
        try:
            return read_partner_list(text_file, context)
        except ImportFileError as error:
            list_shaped = suffix in {".md", ".markdown"}
            if list_shaped or not error.problem.startswith(("not a partner list", "missing")):
                raise
    from warehouse.importers import spreadsheets

    return spreadsheets.read_spreadsheet(
        path, "agreements", context, column_map=column_map, set_values=set_values,
        pseudonym_key=None,  # a partner list has no student column
    )  # fmt: skip


def import_institutions(
    path: Path, *, dry_run: bool = False, column_map=None, set_values=None, replace_most=False
) -> ImportReport:
    """Import the EU charter list (or the older EUC list) into the institution registry."""
    from warehouse.importers.registry import read_registry

    return import_parsed(
        "institutions",
        path,
        lambda _con, _school, _key: read_registry(Path(path), column_map, set_values),
        dry_run=dry_run,
        options={"map": column_map, "set": set_values},
        replace_most=replace_most,
    )


def import_graduates(
    path: Path,
    school_text: str,
    *,
    dry_run: bool = False,
    column_map=None,
    set_values=None,
    replace_most: bool = False,
    as_new: bool = False,
) -> ImportReport:
    """Import a school's graduate list: student numbers (pseudonymised), graduation years."""
    from warehouse.importers import spreadsheets

    return import_parsed(
        "graduates",
        path,
        lambda con, school, key: spreadsheets.read_spreadsheet(
            Path(path), "graduates", _context(con, school.school_id),
            column_map=column_map, set_values=set_values, pseudonym_key=key,
        ),
        school_text=school_text,
        dry_run=dry_run,
        options={"map": column_map, "set": set_values},
        pseudonymises=True,
        replace_most=replace_most,
        as_new=as_new,
    )  # fmt: skip


def import_mobilities(
    paths: list[Path],
    school_text: str | None = None,
    *,
    dry_run: bool = False,
    column_map=None,
    progress: Callable[[str, int, int], None] | None = None,
    set_values=None,
    replace_most: bool = False,
    as_new: bool = False,
) -> list[ImportReport]:
    """Import mobility files: the EC's open data (any number, one swap: 2008-13 statistics, KA1
    data from 2014, flow tables, each recognised by its header), or a school's spreadsheet or
    Mobility Tool+ export. Each file is read once, from a private copy (_files.snapshots)."""
    paths = [Path(p) for p in paths]
    with _files.snapshots(paths, EC_FILE_MB) as snapshots:
        return _import_mobilities(
            snapshots, school_text, dry_run=dry_run, column_map=column_map, progress=progress,
            set_values=set_values, replace_most=replace_most, as_new=as_new,
        )  # fmt: skip


def _import_mobilities(
    snapshots: list[_files.Snapshot],
    school_text: str | None,
    *,
    dry_run: bool,
    column_map,
    progress: Callable[[str, int, int], None] | None,
    set_values,
    replace_most: bool,
    as_new: bool,
) -> list[ImportReport]:
    paths = [snapshot.path for snapshot in snapshots]
    formats = {p: _ec_format(p) for p in paths}
    ec_files = [p for p in paths if formats[p]]
    if ec_files and len(ec_files) != len(paths):
        raise ImportFileError(
            next(p for p in paths if p not in ec_files),
            "cannot be imported together with EC open data files: import it on its own",
        )
    if not ec_files:
        if len(paths) != 1:
            raise WarehouseError("import one mobility spreadsheet at a time, with --school")
        if not school_text:
            raise ImportFileError(paths[0], "a school's mobility file needs --school")
        from warehouse.importers import mobility_tool

        return [
            import_parsed(
                "mobilities",
                paths[0],
                lambda con, school, key: mobility_tool.read_school_mobilities(
                    paths[0], _context(con, school.school_id), _erasmus_codes(con, school),
                    column_map=column_map, set_values=set_values, pseudonym_key=key,
                ),
                school_text=school_text,
                dry_run=dry_run,
                options={"map": column_map, "set": set_values},
                pseudonymises=True,
                replace_most=replace_most,
                as_new=as_new,
            )
        ]  # fmt: skip
    if column_map or set_values:
        raise ImportFileError(
            ec_files[0], "EC statistics files have a fixed layout: --map and --set do not apply"
        )
    sources = [_source(snapshot) for snapshot in snapshots]
    reports = []
    # a dry run rehearses on a copy: it meets the files already imported and the schools
    with db.rehearsal() if dry_run else db.writing() as con:
        for number, source in enumerate(sources, start=1):
            if progress:
                progress(source.path.name, number, len(sources))
            file_format = formats[source.path]
            try:
                refuse_if_already_imported(con, source, "mobilities", None, None)
            except AlreadyImported as already:
                reports.append(_skipped(source, file_format, str(already)))
                continue
            replaced = [
                _import_changes(con, old, None)
                for old in _replaced_imports(con, source, "mobilities", None)
            ]
            import_id, superseded = _record(
                con, source, "mobilities", None, ParsedFile(file_format), None
            )
            rows_read, accepted, rejects, notes = _ec_loader(file_format)(
                con, source.path, import_id
            )
            replaced = [
                replace(old, changes=_with_rows_after(con, old.changes, import_id))
                for old in replaced
            ]
            if not replace_most and not dry_run:
                _refuse_removing_most(source, replaced)
            if school_text:
                notes.append(
                    f"--school {school_text!r} not used: the EC's files name every "
                    "institution by its Erasmus code"
                )
            parsed = ParsedFile(file_format, rows_read, accepted, rejects=rejects, notes=notes)
            con.execute(
                "update imports set rows_read = ?, rows_accepted = ?, rows_rejected = ? "
                "where import_id = ?",
                [rows_read, accepted, len(rejects), import_id],
            )
            _insert_rejects(con, import_id, source, parsed)
            if dry_run:
                import_id = None
            reports.append(
                ImportReport(
                    import_id, source.path, None, parsed, superseded, None, replaced=replaced
                )
            )
    return [
        replace(r, reject_report=_write_reject_report(r.import_id, r.file, r.parsed))
        if r.import_id
        else r
        for r in reports
    ]


def _erasmus_codes(con, school) -> list[str]:
    """Every Erasmus code the school has had (a Mobility Tool+ export is matched on them)."""
    return [
        row[0]
        for row in con.execute(
            "select erasmus_code from school_erasmus_codes where school_id = ?", [school.school_id]
        ).fetchall()
    ]


def _ec_format(path: Path) -> str | None:
    """'ec_statistics', 'ec_ka1' or 'ec_flow_table' when a text file's header is one of the
    EC's open data formats; None for anything else (a school's spreadsheet)."""
    from warehouse.importers import ec_flows, ec_ka1, ec_statistics

    source = _files.readable(path)
    if path.suffix.lower() not in {".csv", ".txt", ".tsv"} or not source.is_file():
        return None
    with open(source, encoding="utf-8", errors="replace") as file:
        first_line = file.readline(1 << 16)  # a header, not a file without line breaks
    for file_format, recognises in (
        ("ec_statistics", ec_statistics.is_ec_statistics),
        ("ec_ka1", ec_ka1.is_ec_ka1),
        ("ec_flow_table", ec_flows.is_flow_table),
    ):
        if recognises(first_line):
            return file_format
    return None


def _ec_loader(file_format: str):
    from warehouse.importers import ec_flows, ec_ka1, ec_statistics

    return {
        "ec_statistics": ec_statistics.load,
        "ec_ka1": ec_ka1.load,
        "ec_flow_table": ec_flows.load,
    }[file_format]


def _skipped(source: SourceFile, file_format: str, message: str) -> ImportReport:
    parsed = ParsedFile(file_format, notes=[message])
    return ImportReport(None, source.path, None, parsed, [], None, skipped=True)


def load_partner_list(con, text_file, school_text: str):
    """Write a partner list's rows on an open writing connection (used by the demo)."""
    school = find_school(con, school_text)
    source = SourceFile(text_file.path, text_file.sha256)
    refuse_if_already_imported(con, source, "agreements", school, None)
    parsed = read_partner_list(text_file, _context(con, school.school_id))
    import_id, superseded = _record(con, source, "agreements", school.school_id, parsed, None)
    return school, import_id, parsed, superseded


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


def _replaced_imports(
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


def _with_rows_after(con, changes: dict, import_id: int) -> dict[str, tuple[int, int]]:
    """`changes` (rows per table before) with the rows import `import_id` wrote as after."""
    after = _row_changes(con, import_id, None)
    tables = [*changes, *(table for table in after if table not in changes)]
    return {t: (changes.get(t, (0, 0))[0], after.get(t, (0, 0))[0]) for t in tables}


def _most_rows_removed(source: SourceFile, replaced: list[ImportChanges]) -> list[str]:
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


def _refuse_removing_most(source: SourceFile, replaced: list[ImportChanges]) -> None:
    problems = _most_rows_removed(source, replaced)
    if problems:
        raise WarehouseError(f"{problems[0]}: import it with --replace if that is meant")


def _replacements(
    con, source: SourceFile, kind: str, school, parsed: ParsedFile, move: bool = False
) -> list:
    """What importing `parsed` would change in the imports it replaces: rows per table."""
    school_id = school.school_id if school else None
    try:
        replaced = _replaced_imports(con, source, kind, school_id, move)
    except duckdb.Error:
        return []  # a scratch warehouse for a dry run: nothing to replace
    return [_import_changes(con, old, parsed) for old in replaced]


def _import_changes(con, import_id: int, parsed: ParsedFile | None) -> ImportChanges:
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


def _record(
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
    superseded = _replaced_imports(con, source, kind, school_id, move)
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
    _insert_rejects(con, import_id, source, parsed)
    return import_id, superseded


def remove_import(import_id: int, *, dry_run: bool = False) -> tuple[ImportChanges, list[str]]:
    """Take an import's rows out of the warehouse (models rebuilt); its lineage row stays,
    marked removed. Returns its rows per table, as they were, and what comes back or not."""
    with _reading_or_scratch() if dry_run else db.writing() as con:
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
        removed = _import_changes(con, import_id, None)
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
        for changes in [_import_changes(con, old, None)]
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


def _insert_rejects(con, import_id: int, source: SourceFile, parsed: ParsedFile) -> None:
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


def _context(con, school_id: str) -> SchoolContext:
    row = con.execute(
        "select school_id, name, short_name, group_name from schools where school_id = ?",
        [school_id],
    ).fetchone()
    return SchoolContext(*row)


def _replaced_iia_versions(con, import_id: int) -> list[str]:
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


def _rehearsed_iia_versions(source: SourceFile, kind: str, school, parsed) -> list[str]:
    """In a dry run, the EWP agreement versions an import would replace: the file's rows are
    recorded on a throwaway copy of the warehouse, where the versions view says it."""
    if not any(row.get("home_iia_id") or row.get("partner_iia_id") for row in parsed.agreements):
        return []
    with db.rehearsal() as con:
        school_id = school.school_id if school else None
        import_id, _superseded = _record(con, source, kind, school_id, parsed, None)
        try:
            return _replaced_iia_versions(con, import_id)
        except duckdb.Error:
            return []  # a first warehouse, without its models yet: nothing to replace


def _report(import_id, path, school, parsed, superseded, reject_report) -> ImportReport:
    """Figures of one import, read back from the warehouse as readers now see it."""
    listed = len(parsed.agreements)
    after_merge, merged, partners, countries, replaced = listed, [], 0, 0, []
    if import_id is not None and parsed.agreements:
        with db.connect(read_only=True) as con:
            replaced = _replaced_iia_versions(con, import_id)
            con.execute(
                """
                create temp table this_import as
                select r.*, s.partner_id
                from raw.agreements r
                join marts.partner_spellings s
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
        listed, after_merge, merged, partners, countries, replaced_iias=replaced,
    )  # fmt: skip


def _write_reject_report(import_id: int, path: Path, parsed: ParsedFile) -> Path | None:
    """A CSV of the rejected rows an officer can fix and re-import."""
    if not parsed.rejects:
        return None
    folder = settings.rejects_dir()
    report = folder / f"import-{import_id}-{path.stem}-rejected.csv"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # a folder made by an older version was 0755
        with exports.private_file(report) as file:
            exports.write_rows(
                file,
                [
                    ["file", "line", "reason", "raw_text"],
                    *([path.name, r.line_number, r.reason, r.raw_text] for r in parsed.rejects),
                ],
            )
    except OSError as error:
        raise WarehouseError(
            f"{report}: imported as import #{import_id}, but its reject report could not be "
            f"written ({error.strerror}); `mobility rejects {import_id} --csv FILE` writes it"
        ) from None
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

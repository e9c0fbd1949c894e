"""Importing a file: read it, write its rows and lineage in one swap, report what happened.

The lineage (which imports a file replaces, removing one) is import_records.py; the report of
an import is import_reports.py. Both are re-exported here for the callers of `loading`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb

from warehouse import db, keys, settings
from warehouse.errors import ImportFileError, WarehouseError
from warehouse.import_records import (
    AlreadyImported,
    SourceFile,
    import_changes,
    insert_raw_rows,  # noqa: F401 (callers use loading.insert_raw_rows)
    insert_rejects,
    most_rows_removed,
    options_json,
    reading_or_scratch,
    record,
    refuse_if_already_imported,
    refuse_if_imported_for_another_school,
    refuse_removing_most,
    rehearsed_iia_versions,
    remove_import,  # noqa: F401 (the CLI uses loading.remove_import)
    replaced_imports,
    replacements,
    with_rows_after,
)
from warehouse.import_reports import ImportReport, import_report, write_reject_report
from warehouse.importers import _files
from warehouse.importers._files import read_text_file
from warehouse.importers._limits import EC_FILE_MB
from warehouse.importers.partner_lists import SchoolContext, read_partner_list
from warehouse.importers.result import ParsedFile
from warehouse.schools import School, find_school

SPREADSHEET_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls"}


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
        with reading_or_scratch() as con:
            school = find_school(con, school_text) if school_text else None
            key = keys.pseudonym_key(con, dry_run=True)[0] if pseudonymises else None
            parsed = reader(con, school, key)
            replaced = replacements(con, source, kind, school, parsed, move=move)
        for problem in most_rows_removed(source, replaced):
            parsed.notes.append(f"{problem}: the import would need --replace")
        return replace(
            import_report(None, source.path, school, parsed, [], None),
            replaced=replaced,
            replaced_iias=rehearsed_iia_versions(source, kind, school, parsed),
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
        replaced = replacements(con, source, kind, school, parsed, move=move)
        if not replace_most:
            refuse_removing_most(source, replaced)
        import_id, superseded = record(
            con, source, kind, school.school_id if school else None, parsed, options_text,
            move=move,
        )  # fmt: skip
    reject_report = write_reject_report(import_id, source.path, parsed)
    report = import_report(import_id, source.path, school, parsed, superseded, reject_report)
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
                import_changes(con, old, None)
                for old in replaced_imports(con, source, "mobilities", None)
            ]
            import_id, superseded = record(
                con, source, "mobilities", None, ParsedFile(file_format), None
            )
            rows_read, accepted, rejects, notes = _ec_loader(file_format)(
                con, source.path, import_id
            )
            replaced = [
                replace(old, changes=with_rows_after(con, old.changes, import_id))
                for old in replaced
            ]
            if not replace_most and not dry_run:
                refuse_removing_most(source, replaced)
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
            insert_rejects(con, import_id, source, parsed)
            if dry_run:
                import_id = None
            reports.append(
                ImportReport(
                    import_id, source.path, None, parsed, superseded, None, replaced=replaced
                )
            )
    return [
        replace(r, reject_report=write_reject_report(r.import_id, r.file, r.parsed))
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
    import_id, superseded = record(con, source, "agreements", school.school_id, parsed, None)
    return school, import_id, parsed, superseded


def _context(con, school_id: str) -> SchoolContext:
    row = con.execute(
        "select school_id, name, short_name, group_name from schools where school_id = ?",
        [school_id],
    ).fetchone()
    return SchoolContext(*row)

"""`mobility import …`, `mobility imports` and their reports: files into the warehouse."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mobility.main import cli, ensure_warehouse, fails_cleanly, print_table
from warehouse import db
from warehouse.errors import WarehouseError

# ---------- imports


@cli.group("import")
def import_group() -> None:
    """Import a file into the warehouse (one transaction; the same file twice changes nothing)."""


MAP_HELP = (
    "Read column COLUMN as FIELD (repeatable), e.g. --map partner_name='Socio'; "
    "--map places=COLUMN may name several columns (places per programme)."
)
SET_HELP = (
    "Give FIELD the value VALUE on every row, for a field no column holds (repeatable), "
    "e.g. --set direction=outgoing."
)


def _column_map(
    values: tuple[str, ...], option: str = "--map"
) -> dict[str, str | list[str]] | None:
    """--map FIELD=COLUMN (or --set FIELD=VALUE) pairs; `--map places` may be given several
    times (places per programme)."""
    what = "COLUMN" if option == "--map" else "VALUE"
    pairs: dict[str, str | list[str]] = {}
    for value in values:
        field, sep, column = value.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise WarehouseError(f"{option} {value!r}: expected FIELD={what}")
        if field == "places" and option == "--map":
            pairs.setdefault("places", []).append(column)
        elif field in pairs:
            raise WarehouseError(
                f"{option} {field}= given twice"
                + ("; only places can name several" if option == "--map" else "")
            )
        else:
            pairs[field] = column
    return pairs or None


def _set_values(values: tuple[str, ...]) -> dict[str, str] | None:
    return _column_map(values, "--set")


def _replace_options(command):
    """--replace and --as-new: the replacements that are never made silently."""
    command = click.option(
        "--as-new", is_flag=True,
        help="If the same file is imported for another school, import it for this one as well.",
    )(command)  # fmt: skip
    return click.option(
        "--replace", "replace_most", is_flag=True,
        help="Replace the earlier import of the file even if that takes out most of its rows, "
        "or move a file imported for another school to this one (that school's rows from it go).",
    )(command)  # fmt: skip


@import_group.command("agreements")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--school", required=True, help="Home school: name, short name or Erasmus code.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option("--set", "settings_", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--hei-id", help="EWP files: the school's HEI id (default: the one registered).")
@click.option(
    "--accept-hash-mismatch",
    is_flag=True,
    help="EWP files: import IIAs whose iia-hash does not match their content (said, and kept "
    "in the imports table).",
)
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@_replace_options
@fails_cleanly
def import_agreements(
    file: Path, school: str, mappings, settings_, hei_id, accept_hash_mismatch: bool,
    dry_run: bool, replace_most: bool, as_new: bool,
) -> None:  # fmt: skip
    """Import partners or agreements of a home school from FILE.

    Reads the tab-separated partner export and the markdown partner page of the seeds, Erasmus
    Without Paper IIA v7 XML (validated against the EWP schemas), and any CSV, TSV or XLSX
    partner spreadsheet, XLS included, with English, French or Spanish headers.
    """
    from warehouse import loading

    try:
        report = loading.import_agreements(
            file, school, dry_run=dry_run, column_map=_column_map(mappings), hei_id=hei_id,
            accept_hash_mismatch=accept_hash_mismatch, set_values=_set_values(settings_),
            replace_most=replace_most, as_new=as_new,
        )  # fmt: skip
    except loading.AlreadyImported as already:
        click.echo(str(already))
        return
    _print_report(report, dry_run)


@import_group.command("institutions")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option("--set", "settings_", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@click.option(
    "--replace", "replace_most", is_flag=True,
    help="Replace the earlier import of the file even if that takes out most of its rows.",
)  # fmt: skip
@fails_cleanly
def import_institutions(file: Path, mappings, settings_, dry_run: bool, replace_most) -> None:
    """Import the EU list of Erasmus charter holders (XLSX, XLS or CSV) into the registry.

    Reads the ECHE list of 2021-2027 and the EUC lists of 2007-2013 and 2013-2014 (.xls or
    JSON). Partners then link to the registry by Erasmus code, else by name, and take its city.
    """
    from warehouse import loading

    try:
        report = loading.import_institutions(
            file, dry_run=dry_run, column_map=_column_map(mappings),
            set_values=_set_values(settings_), replace_most=replace_most,
        )  # fmt: skip
    except loading.AlreadyImported as already:
        click.echo(str(already))
        return
    _print_report(report, dry_run)


@import_group.command("mobilities")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--school", help="Home school of a school's mobility spreadsheet or export.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option("--set", "settings_", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@_replace_options
@fails_cleanly
def import_mobilities(
    files: tuple[Path, ...],
    school,
    mappings,
    settings_,
    dry_run: bool,
    replace_most: bool,
    as_new: bool,
) -> None:
    """Import mobilities: the EC's open data (several files, or a glob), a school's mobility
    spreadsheet, or its Mobility Tool+ export (with --school).

    EC files are recognised by their header: the 2008-13 statistics, the Erasmus+ KA1 data
    from 2014 and flow tables (counts per country or institution pair). They keep every
    institution's flows (view institution_flows); rows in which a registered home school
    sends or hosts become its outgoing or incoming mobilities. In a Mobility Tool+ export, the
    school's end of each row gives its direction; rows of other institutions are rejected.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from warehouse import loading

    paths = _expand(files)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=True, disable=len(paths) < 2,
    ) as progress:  # fmt: skip
        task = progress.add_task("reading", total=len(paths))

        def advance(name: str, number: int, total: int) -> None:
            progress.update(task, completed=number - 1, description=f"reading {name}")

        try:
            reports = loading.import_mobilities(
                paths, school, dry_run=dry_run, column_map=_column_map(mappings), progress=advance,
                set_values=_set_values(settings_), replace_most=replace_most, as_new=as_new,
            )  # fmt: skip
        except loading.AlreadyImported as already:
            click.echo(str(already))
            return
        progress.update(task, completed=len(paths))
    for report in reports:
        if report.skipped:
            click.echo(report.parsed.notes[0])
        elif len(reports) == 1:
            _print_report(report, dry_run)
        else:
            click.echo(report.summary_line())
            _print_replaced(report, dry_run)
            for note in report.parsed.notes:
                click.echo(f"  note: {note}")
    if len(reports) > 1:
        read = sum(r.parsed.rows_read for r in reports)
        accepted = sum(r.parsed.rows_accepted for r in reports)
        rejected = sum(r.parsed.rows_rejected for r in reports)
        click.echo(
            f"{len(reports)} files: {read} rows read, {accepted} accepted, {rejected} rejected"
        )
    if not dry_run:
        print_home_school_flows()


@import_group.command("graduates")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--school", required=True, help="Home school: name, short name or Erasmus code.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option("--set", "settings_", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@_replace_options
@fails_cleanly
def import_graduates(
    file: Path,
    school: str,
    mappings,
    settings_,
    dry_run: bool,
    replace_most: bool,
    as_new: bool,
) -> None:
    """Import a school's graduates from FILE: student number, graduation year, ECTS abroad.

    CSV, TSV, XLSX or XLS with English, French or Spanish headers. Student numbers become the
    pseudonyms of mobility files (names and e-mails are dropped, never stored), so that each
    graduate's months abroad count towards the compulsory stay abroad (view graduates).
    """
    from warehouse import loading
    from warehouse.importers.spreadsheets import PERSONAL, describe_columns

    try:
        report = loading.import_graduates(
            file, school, dry_run=dry_run, column_map=_column_map(mappings),
            set_values=_set_values(settings_), replace_most=replace_most, as_new=as_new,
        )  # fmt: skip
    except loading.AlreadyImported as already:
        click.echo(str(already))
        return
    dropped = [column for column, meaning in describe_columns(report.parsed) if meaning == PERSONAL]
    if dropped:
        listed = ", ".join(map(repr, dropped))
        click.echo(f"personal data dropped, never stored: {listed}")
    _print_report(report, dry_run)
    if not dry_run:
        with db.connect() as con:
            total, abroad = con.execute(
                "select count(*), count(*) filter (where count_mobilities_abroad > 0) "
                "from graduates where school_id = ?",
                [report.school.school_id],
            ).fetchone()
        click.echo(
            f"{report.school.name}: {abroad} of {total} graduates have a stay abroad on record"
        )


def _expand(files: tuple[Path, ...]) -> list[Path]:
    """Paths as given, with shell-style patterns expanded (for shells that do not); a file
    whose name holds '*' or '[' is taken as named when it exists."""
    import glob

    paths: list[Path] = []
    for file in files:
        literal = not glob.has_magic(str(file)) or os.path.lexists(file)
        matches = [str(file)] if literal else sorted(glob.glob(str(file)))
        if not matches:
            raise WarehouseError(f"{file}: no file matches")
        paths += [Path(match) for match in matches]
    return paths


def print_home_school_flows() -> None:
    with db.connect() as con:
        rows = con.execute(
            """
            select school,
                   count(*) filter (where direction = 'outgoing'),
                   count(*) filter (where direction = 'incoming')
            from mobilities
            where source_file in (
                select file_name from imports where file_format in ('ec_statistics', 'ec_ka1')
            )
            group by all order by school
            """
        ).fetchall()
    if rows:
        click.echo("home schools' mobilities from the EC open data:")
        print_table(["school", "outgoing", "incoming"], rows)
    _print_set_aside()


def _print_set_aside() -> None:
    """The EC open data's mobilities that a school's own files already give: not counted twice."""
    with db.connect() as con:
        rows = con.execute(
            """
            select school, academic_year, direction, string_agg(distinct source_file, ', '),
                   sum(count_mobilities)
            from mobilities_set_aside group by all order by all
            """
        ).fetchall()
    if rows:
        click.echo(
            "EC open data not counted, the school's own files giving the same year and "
            "direction (view mobilities_set_aside):"
        )
        print_table(["school", "year", "direction", "EC file", "mobilities"], rows)


def _print_report(report, dry_run: bool) -> None:
    """What an import read, merged, linked and rejected; the summary line last."""
    parsed = report.parsed
    title = "Dry run, nothing written" if dry_run else f"Imported as import #{report.import_id}"
    whom = f" for {report.school.name}" if report.school else ""
    click.echo(f"{title}: {report.file}{whom} ({parsed.file_format})")
    _print_replaced(report, dry_run)
    if parsed.agreements:
        click.echo(
            f"  agreements: {report.agreements_listed} listed"
            + (
                f", {report.agreements_after_merge} after merging "
                f"{report.agreements_listed - report.agreements_after_merge} duplicates"
                if report.agreements_after_merge != report.agreements_listed
                else ""
            )
        )
    for merge in report.merged:
        click.echo(f"    merged: {merge}")
    undated = sum(1 for a in parsed.agreements if not a.get("first_academic_year"))
    if undated:
        import datetime as dt

        today = dt.date.today()
        start = today.year if today.month >= 8 else today.year - 1
        since = parsed.listed_academic_year or f"{start}-{start + 1}"
        said = "the year the file names" if parsed.listed_academic_year else "the import's year"
        click.echo(
            f"  agreements without a first year: {undated}, counted as running from {since} "
            f"({said}), never before"
        )
    for iia in report.replaced_iias:
        if dry_run:
            click.echo(
                f"  would replace the IIA {iia}: its earlier conditions would no longer count"
            )
        else:
            click.echo(f"  replaces the IIA {iia}: its earlier conditions no longer count")
    if parsed.quotas:
        click.echo(f"  quotas (cooperation conditions, places): {len(parsed.quotas)}")
        by_programme: dict[str, float] = {}
        for quota in parsed.quotas:
            if quota.get("programme"):
                programme = quota["programme"]
                by_programme[programme] = by_programme.get(programme, 0) + (
                    quota["mobilities_per_year"] or 0
                )
        if by_programme:
            listed = ", ".join(f"{name} {places:g}" for name, places in by_programme.items())
            click.echo(f"  places per programme: {listed}; in total {sum(by_programme.values()):g}")
    if parsed.institutions:
        click.echo(f"  institutions: {len(parsed.institutions)}")
    if len(parsed.mobilities):
        click.echo(f"  mobilities: {len(parsed.mobilities)}")
    if parsed.graduates:
        click.echo(f"  graduates: {len(parsed.graduates)} (student numbers pseudonymised)")
    if not dry_run and parsed.agreements:
        click.echo(f"  partners: {report.partners} in {report.countries} countries")
    if not dry_run:
        _print_registry_links()
        _print_place_flags()
    for note in parsed.notes:
        click.echo(f"  note: {note}")
    for reject in parsed.rejects[:10]:
        click.echo(f"  rejected line {reject.line_number}: {reject.reason}")
    if parsed.rows_rejected > 10:
        click.echo(f"  … {parsed.rows_rejected - 10} more rejected rows in the report")
    click.echo(report.summary_line())


def _print_replaced(report, dry_run: bool) -> None:
    """The imports an import replaces, whose they were, and how their rows change."""
    verb = "would replace" if dry_run else "replaces"
    for replaced in report.replaced:
        click.echo(f"  {verb} {replaced.describe()}: {_rows_of(replaced.changes, after=True)}")


def _print_registry_links() -> None:
    """How many partners the registry names and locates, and the matches left to confirm."""
    with db.connect() as con:
        has_registry = con.execute("select count(*) from institutions").fetchone()[0]
        total, linked, located = con.execute(
            "select count(*), count(erasmus_code), count(latitude) from partners"
        ).fetchone()
        doubtful = con.execute(
            """
            select spelling, country_iso2, candidate_name, candidate_code, round(score)
            from partner_registry_links where erasmus_code is null and candidate_code is not null
            order by score desc
            """
        ).fetchall()
    if not total:
        return
    if has_registry:
        click.echo(f"  partners with an Erasmus code: {linked} of {total}")
    click.echo(f"  partners geocoded: {located} of {total} ({100 * located / total:.0f}%)")
    for spelling, country, name, code, score in doubtful[:5]:
        click.echo(
            f"  not linked, to confirm with an alias: {spelling!r} ({country}) "
            f"looks like {name!r} ({code}), {score:.0f}% similar"
        )
    if len(doubtful) > 5:
        click.echo(f"  … {len(doubtful) - 5} more in table partner_registry_links")


def _print_place_flags() -> None:
    """Partners and home schools placed outside their country on the map, the first few named."""
    with db.connect() as con:
        located, unchecked = con.execute(
            """
            select count(*), count(*) filter (where checks.distance_km is null)
            from marts.located_places as places
            left join place_checks as checks using (latitude, longitude, country_iso2)
            """
        ).fetchone()
        flagged = con.execute(
            "select name, kind, reason from place_flags order by kind desc, name"
        ).fetchall()
    if not located:
        return
    click.echo(
        f"  places outside their country on the map: {len(flagged)} of {located} located "
        "partners and home schools (view place_flags, page /data)"
    )
    for name, kind, reason in flagged[:5]:
        click.echo(f"    {name}{' (home school)' if kind == 'home school' else ''}: {reason}")
    if len(flagged) > 5:
        click.echo(f"    … {len(flagged) - 5} more in view place_flags")
    if unchecked:
        click.echo(f"  places not checked (the map has no shape for their country): {unchecked}")


@cli.group(invoke_without_command=True)
@click.pass_context
@fails_cleanly
def imports(ctx: click.Context) -> None:
    """List past imports: file, SHA-256, when, options, rows read / accepted / rejected, and
    whether a later import replaced it or it was removed; `imports remove` undoes one."""
    if ctx.invoked_subcommand is not None:
        return
    ensure_warehouse()
    with db.connect() as con:
        rows = con.execute(
            """
            select import_id, kind, file_name, left(file_sha256, 12),
                   strftime(imported_at, '%Y-%m-%d %H:%M'), coalesce(school_id, ''),
                   rows_read, rows_accepted, rows_rejected,
                   case
                       when removed_at is not null
                           then 'removed ' || strftime(removed_at, '%Y-%m-%d %H:%M')
                       when superseded_by is not null then 'replaced by #' || superseded_by
                       else ''
                   end,
                   coalesce(options, '')
            from imports order by import_id
            """
        ).fetchall()
    print_table(
        ["#", "kind", "file", "sha256", "when", "school", "read", "accepted", "rejected", "",
         "options"],
        rows,
    )  # fmt: skip


@imports.command("remove")
@click.argument("import_id", type=int)
@click.option("--dry-run", is_flag=True, help="Say what would be taken out, write nothing.")
@fails_cleanly
def imports_remove(import_id: int, dry_run: bool) -> None:
    """Take the rows of import IMPORT_ID out of the warehouse (its agreements, quotas,
    mobilities, institutions, graduates and rejected rows); the dashboard's figures follow.
    `mobility imports` keeps a line saying it was removed and when."""
    from warehouse import loading

    ensure_warehouse()
    removed, notes = loading.remove_import(import_id, dry_run=dry_run)
    verb = "would take out" if dry_run else "took out"
    click.echo(
        f"{'Dry run, nothing written: ' if dry_run else ''}{removed.describe()}: "
        f"{verb} {_rows_of(removed.changes)}"
    )
    for note in notes:
        click.echo(f"  note: {note}")


def _rows_of(changes: dict[str, tuple[int, int]], after: bool = False) -> str:
    """'120 agreements, 4 quotas' (what an import holds), or with `after` 'agreements 120 → 118'."""
    if not changes:
        return "no rows"
    if after:
        return ", ".join(f"{table} {old} → {new}" for table, (old, new) in changes.items())
    return ", ".join(f"{old} {table}" for table, (old, _new) in changes.items())

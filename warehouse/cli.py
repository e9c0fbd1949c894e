"""The `mobility` command: imports, home schools, aliases, the demo warehouse, the dashboard."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from warehouse import cli_access, config, db, reference, sandbox, settings
from warehouse.errors import WarehouseError


def _fails_cleanly(command):
    """Print a WarehouseError as one line on stderr and exit 1, instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WarehouseError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except OSError as error:  # a full disk, a file that cannot be written or read
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Warehouse file [default: $MOBILITY_DB or ./mobility.duckdb].",
)
@click.version_option(package_name="mobility")
def cli(db_file: Path | None) -> None:
    """Partners, agreements and mobility flows of engineering schools, in one DuckDB warehouse."""
    if db_file is not None:
        os.environ["MOBILITY_DB"] = str(db_file)


# ---------- schools


@cli.group(invoke_without_command=True)
@click.pass_context
@_fails_cleanly
def schools(ctx: click.Context) -> None:
    """List the home schools; `schools add` registers another, `schools edit` changes one."""
    if ctx.invoked_subcommand is not None:
        return
    _ensure_warehouse()
    with db.connect() as con:
        rows = con.execute(
            """
            select s.name, coalesce(s.short_name, ''), coalesce(s.erasmus_code, ''),
                   coalesce((select string_agg(c.erasmus_code, ', ' order by c.erasmus_code)
                             from school_erasmus_codes c
                             where c.school_id = s.school_id and not c.is_current), ''),
                   coalesce(s.city, ''), s.country_iso2,
                   case when s.latitude is null then ''
                        else printf('%.3f, %.3f', s.latitude, s.longitude) end
            from schools s order by s.name
            """
        ).fetchall()
        names = dict(con.execute("select school_id, name from schools").fetchall())
        history = reference.school_history_owners(con)
    _print_table(
        ["school", "short name", "Erasmus code", "former codes", "city", "country", "lat, lon"],
        rows,
    )
    # a shipped former code another school holds stays there: say so rather than hide it
    for code, school_id, owner in history:
        if school_id in names and owner != school_id:
            holder = (
                "no school yet (the next write adds it)"
                if owner is None
                else names.get(owner, owner)
            )
            click.echo(
                f"note: {code}, shipped as a former code of {names[school_id]}, is held by {holder}"
            )


@schools.command("add")
@click.argument("name")
@click.option("--country", required=True, help="ISO code or name of the school's country.")
@click.option("--city", help="City of the main campus (located offline for maps and distances).")
@click.option("--erasmus-code", help="Current Erasmus code, e.g. 'F ALBI05'.")
@click.option(
    "--former-code", multiple=True, help="An Erasmus code the school had before (repeatable)."
)
@click.option("--short-name", help="Short name accepted by --school.")
@click.option("--group", "group_name", help="Group that signs group-level agreements, e.g. IMT.")
@click.option("--hei-id", help="Erasmus Without Paper HEI id, usually the web domain.")
@_fails_cleanly
def schools_add(
    name, country, city, erasmus_code, former_code, short_name, group_name, hei_id
) -> None:
    """Register a home school NAME (a partner abroad can be a home school too)."""
    from warehouse import schools as school_registry

    with db.writing() as con:
        school = school_registry.add_school(
            con, name=name, country=country, city=city, erasmus_code=erasmus_code,
            former_erasmus_codes=former_code, short_name=short_name, group_name=group_name,
            hei_id=hei_id,
        )  # fmt: skip
        located = con.execute(
            "select latitude is not null from schools where school_id = ?", [school.school_id]
        ).fetchone()[0]
    where = f", {city}" if city else ""
    click.echo(
        f"registered school {school.name!r} ({school.country_iso2}{where}) as {school.school_id}"
    )
    if city and not located:
        click.echo(f"warning: city {city!r} not found in the offline gazetteer; no coordinates")


@schools.command("edit")
@click.argument("school")
@click.option(
    "--former-code",
    multiple=True,
    help="An Erasmus code the school had before, e.g. a merged school's (repeatable); the EC "
    "statistics already imported count for the school.",
)
@click.option(
    "--drop-former-code",
    multiple=True,
    help="Take a former Erasmus code away from the school (repeatable), a shipped one too: "
    "the EC's rows under it no longer count for the school.",
)
@click.option("--city", help="City of the main campus (located again in the offline gazetteer).")
@click.option("--hei-id", help="Erasmus Without Paper HEI id ('' clears it).")
@click.option("--name", help="New name; the school's id, used by URLs and imports, stays.")
@_fails_cleanly
def schools_edit(school, former_code, drop_former_code, city, hei_id, name) -> None:
    """Change the home school SCHOOL (name, short name, id or any of its Erasmus codes)."""
    from warehouse import schools as school_registry

    with db.writing() as con:
        edit = school_registry.edit_school(
            con, school, former_erasmus_codes=former_code, city=city, hei_id=hei_id, name=name,
            drop_former_codes=drop_former_code,
        )  # fmt: skip
    done = edit.school
    if edit.renamed_from:
        click.echo(f"renamed {edit.renamed_from!r} to {done.name!r} (id {done.school_id} stays)")
    if edit.added_codes:
        click.echo(f"{done.name}: former Erasmus codes added: {', '.join(edit.added_codes)}")
    if edit.dropped_codes:
        click.echo(f"{done.name}: former Erasmus codes dropped: {', '.join(edit.dropped_codes)}")
    for note in edit.notes:
        click.echo(f"  note: {note}")
    if edit.codes_already_held:
        shipped = {row["erasmus_code"] for row in reference.read_csv("school_history.csv")}
        why = " (shipped former codes)" if shipped >= set(edit.codes_already_held) else ""
        click.echo(f"{done.name} already holds {', '.join(edit.codes_already_held)}{why}")
    if former_code or drop_former_code:
        _print_home_school_flows()
    if city is not None:
        click.echo(f"{done.name}: city {done.city or 'none'}")
        if edit.located is False:
            click.echo(f"warning: city {city!r} not found in the offline gazetteer; no coordinates")
    if hei_id is not None:
        click.echo(f"{done.name}: HEI id {hei_id.strip().lower() or 'none'}")


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
@_fails_cleanly
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
@_fails_cleanly
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
@_fails_cleanly
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
        _print_home_school_flows()


@import_group.command("graduates")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--school", required=True, help="Home school: name, short name or Erasmus code.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN", help=MAP_HELP)
@click.option("--set", "settings_", multiple=True, metavar="FIELD=VALUE", help=SET_HELP)
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@_replace_options
@_fails_cleanly
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


def _print_home_school_flows() -> None:
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
        _print_table(["school", "outgoing", "incoming"], rows)
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
        _print_table(["school", "year", "direction", "EC file", "mobilities"], rows)


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


# ---------- aliases


@cli.group(invoke_without_command=True)
@click.pass_context
@_fails_cleanly
def aliases(ctx: click.Context) -> None:
    """List partner aliases (other spellings of a partner's name); `aliases add` declares one."""
    if ctx.invoked_subcommand is not None:
        return
    _ensure_warehouse()
    with db.connect() as con:
        rows = con.execute(
            """
            select alias, canonical_name, coalesce(country_iso2, 'any'), source,
                   coalesce(note, '')
            from partner_aliases order by canonical_name, alias
            """
        ).fetchall()
    _print_table(["alias", "is the partner", "country", "source", "note"], rows)


@aliases.command("add")
@click.argument("alias")
@click.argument("canonical_name")
@click.option("--country", help="Only in this country (ISO code or name).")
@click.option("--note", help="Why, e.g. 'renamed in 2019'.")
@_fails_cleanly
def aliases_add(alias: str, canonical_name: str, country: str | None, note: str | None) -> None:
    """Declare that partner name ALIAS is the partner CANONICAL_NAME."""
    from warehouse import partner_aliases

    with db.writing() as con:
        partner_aliases.add_alias(con, alias, canonical_name, country, note)
    click.echo(f"alias declared: {alias!r} is {canonical_name!r}")


@aliases.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_fails_cleanly
def aliases_import(file: Path) -> None:
    """Declare aliases from a CSV FILE with columns alias, canonical_name[, country_iso2, note]."""
    from warehouse import partner_aliases

    with db.writing() as con:
        count = partner_aliases.import_aliases(con, file)
    click.echo(f"{file.name}: {count} aliases declared")


# ---------- demo and dashboard


@cli.command()
@click.option("--force", is_flag=True, help="Replace a warehouse that holds imported data.")
@_fails_cleanly
def demo(force: bool) -> None:
    """Build the demo warehouse: seed partner lists plus synthetic flows (flagged is_synthetic)."""
    from warehouse import demo as demo_builder

    path = settings.db_path()
    counts = demo_builder.build_demo(path, force=force, progress=click.echo)
    click.echo(
        f"demo warehouse written to {path}: {counts['partners']} partners, "
        f"{counts['agreements']} agreements, {counts['mobilities']} mobilities "
        f"({counts['synthetic_mobilities']} synthetic)"
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True, type=int)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Server processes (default: one per core, at least 2).",
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(min=1),
    help="Threads per server process.",
)  # fmt: skip
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
@click.option(
    "--debug", is_flag=True, help="Dash debug tools and reloading (implies --dev; loopback only)."
)
@_fails_cleanly
def serve(host: str, port: int, workers: int | None, threads: int, dev: bool, debug: bool) -> None:
    """Start the dashboard on a production server (gunicorn); build the demo warehouse first
    when there is none. Without sign-in configured (mobility.toml), it serves this machine only
    (127.0.0.1); behind a reverse proxy that speaks HTTPS for anything else."""
    config.check_host(host)
    if debug and not config.is_loopback(host):
        # Werkzeug's debugger runs the Python typed into its console
        raise WarehouseError(
            f"--debug runs code sent from the browser: loopback only, not --host {host}"
        )
    path = settings.db_path()
    if not path.exists():
        click.echo(f"no warehouse at {path}: building the demo warehouse first")
        from warehouse import demo as demo_builder

        demo_builder.build_demo(path, progress=click.echo)
    else:
        missing = db.outdated_parts(path)
        if missing:
            # the dashboard reads views a newer version added: build them before serving
            click.echo(
                f"{path} was written by an older version of mobility (it lacks "
                f"{', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}): "
                "rebuilding its models; its data stays as it is"
            )
            db.upgrade(path)
    click.echo(f"dashboard on http://{host}:{port}/ (warehouse {path.resolve()}); Ctrl+C stops it")
    # The dashboard runs as its own program: the warehouse package never imports Dash.
    command = [sys.executable, "-m", "dashboard", "--threads", str(threads)]
    command += (["--workers", str(workers)] if workers else []) + (["--dev"] if dev else [])
    command += ["--debug"] if debug else []
    os.execv(sys.executable, command + ["--host", host, "--port", str(port)])


@cli.command()
@click.option(
    "--sizes",
    default="100000,1000000,10000000",
    show_default=True,
    help="Mobilities in each synthetic warehouse, comma-separated.",
)
@click.option(
    "--json", "json_path", type=click.Path(path_type=Path), help="Write the figures here."
)
@click.option(
    "--work-dir",
    type=click.Path(path_type=Path),
    default=Path("mobility-bench"),
    show_default=True,
    help="Where the synthetic warehouses and files go (several GB at 10 million).",
)
@click.option("--calls", default=30, show_default=True, help="Calls per callback, filters varied.")
@click.option(
    "--load", is_flag=True,
    help="Instead: simulated users against the production server while 1M rows are imported.",
)  # fmt: skip
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 500),
              help="--load: simulated users.")  # fmt: skip
@click.option("--duration", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="--load: seconds of load (more until the import swaps in).")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=1), help="--load: server processes.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1),
              help="--load: threads per server process.")  # fmt: skip
@_fails_cleanly
def bench(
    sizes: str, json_path: Path | None, work_dir: Path, calls: int, load: bool, users: int,
    duration: int, workers: int | None, threads: int,
) -> None:  # fmt: skip
    """Measure imports, cold start, memory and every page's callbacks on synthetic warehouses.

    Builds deterministic synthetic warehouses (every row marked synthetic), imports a 1-million
    row CSV and the EC statistics when ../shared/data has them, starts the real dashboard and
    times each page through Dash's HTTP endpoint, and compares with a pandas baseline computing
    the same figures. Takes about ten minutes with the default sizes.

    With --load: on a synthetic warehouse of the first of --sizes, USERS simulated users open
    pages (each page as Dash asks for it: HTML, layout, callbacks) on the production server,
    on 127.0.0.1, for DURATION seconds, while a 1-million-row import swaps in; prints
    requests, failures and p50/p95 per page.
    """
    try:
        counts = [int(size.replace("_", "")) for size in sizes.split(",") if size.strip()]
    except ValueError:
        raise click.BadParameter(
            f"{sizes!r}: sizes are whole numbers, e.g. 100000,1000000"
        ) from None
    if load:
        from benchmarks import load as load_test  # it starts the dashboard

        load_test.main(
            work_dir, json_path, users=users, duration=duration, size=counts[0],
            workers=workers, threads=threads,
        )  # fmt: skip
        return
    from benchmarks import run  # not part of the warehouse: it starts the dashboard

    run.main(counts, json_path, work_dir, calls)


# ---------- inspection


@cli.command()
@_fails_cleanly
def status() -> None:
    """Show the warehouse file, its row counts and its last imports."""
    _ensure_warehouse()
    path = settings.db_path()
    with db.connect() as con:
        counts = [
            (name, con.execute(f"select count(*) from {name}").fetchone()[0])
            for name in (
                "schools",
                "partners",
                "agreements",
                "mobilities",
                "graduates",
                "imports",
                "rejected_rows",
            )
        ]
        is_demo = con.execute("select value from warehouse_info where key = 'is_demo'").fetchone()
    click.echo(f"warehouse: {path.resolve()} ({path.stat().st_size / 1e6:.1f} MB)")
    if is_demo:
        click.echo("this is the DEMO warehouse: its mobility flows are synthetic")
    _print_table(["table", "rows"], counts)
    leftovers = [
        f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)" if p.is_file() else p.name
        for p in db.leftovers(path)
    ]
    if leftovers:
        click.echo(
            "leftovers of interrupted imports (removed at the next import): " + ", ".join(leftovers)
        )


@cli.group("key", invoke_without_command=True)
@click.pass_context
@_fails_cleanly
def key_group(ctx: click.Context) -> None:
    """Show the pseudonym key beside the warehouse; `key init` creates one."""
    if ctx.invoked_subcommand is not None:
        return
    from warehouse import keys

    path = settings.key_path()
    if not path.exists():
        click.echo(f"no pseudonym key at {path}")
        return
    click.echo(f"pseudonym key {path}: id {keys.key_id(keys.read(path))}")


@key_group.command("init")
@click.option(
    "--force", is_flag=True,
    help="Make a new key although the warehouse holds pseudonyms (they no longer match).",
)  # fmt: skip
@_fails_cleanly
def key_init(force: bool) -> None:
    """Create the pseudonym key beside the warehouse (32 random bytes, mode 0600).

    Student numbers become pseudonyms under this key: keep it with the warehouse (`mobility
    backup`). A new key gives every student another pseudonym: with a warehouse that holds
    pseudonyms, restore its key rather than making a new one.
    """
    from warehouse import keys

    path = settings.key_path()
    if path.exists():
        raise WarehouseError(
            f"{path}: a pseudonym key already exists; a new one would give every student "
            "another pseudonym"
        )
    if settings.db_path().exists():
        with db.connect() as con:
            used = keys.recorded_id(con) is not None or keys.has_pseudonyms(con)
        if used and not force:
            raise WarehouseError(
                f"{settings.db_path()} holds pseudonyms made with a key that is missing: restore "
                "it (`mobility restore BACKUP`); `mobility key init --force` makes a new one, and "
                "every student then gets another pseudonym"
            )
        with db.writing() as con:
            keys.record(con, keys.create(path))
    else:
        keys.create(path)
    click.echo(keys.CREATED_NOTE.format(path=path))


@cli.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@_fails_cleanly
def backup_command(destination: Path) -> None:
    """Copy the warehouse and its pseudonym key into the new folder DESTINATION, with a
    manifest of their SHA-256; the copies are read back and checked."""
    from warehouse import backup

    copied = backup.backup(destination)
    listed = ", ".join(f"{c.name} ({c.size / 1e6:.1f} MB, sha256 {c.sha256[:12]})" for c in copied)
    click.echo(f"backup written to {destination}: {listed}; verified")


@cli.command("restore")
@click.argument("origin", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the warehouse and key already in place.")
@_fails_cleanly
def restore_command(origin: Path, force: bool) -> None:
    """Put the warehouse and key of the backup folder ORIGIN in place (the --db path).

    Every file is checked against the backup's manifest (SHA-256), and the key against the
    warehouse it belongs to; a damaged backup or a mismatched pair is refused before anything
    is replaced."""
    from warehouse import backup

    restored = backup.restore(origin, force=force)
    names = ", ".join(item.name for item in restored)
    click.echo(f"restored {names} from {origin} to {settings.db_path()}; verified")


@cli.group(invoke_without_command=True)
@click.pass_context
@_fails_cleanly
def imports(ctx: click.Context) -> None:
    """List past imports: file, SHA-256, when, options, rows read / accepted / rejected, and
    whether a later import replaced it or it was removed; `imports remove` undoes one."""
    if ctx.invoked_subcommand is not None:
        return
    _ensure_warehouse()
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
    _print_table(
        ["#", "kind", "file", "sha256", "when", "school", "read", "accepted", "rejected", "",
         "options"],
        rows,
    )  # fmt: skip


@imports.command("remove")
@click.argument("import_id", type=int)
@click.option("--dry-run", is_flag=True, help="Say what would be taken out, write nothing.")
@_fails_cleanly
def imports_remove(import_id: int, dry_run: bool) -> None:
    """Take the rows of import IMPORT_ID out of the warehouse (its agreements, quotas,
    mobilities, institutions, graduates and rejected rows); the dashboard's figures follow.
    `mobility imports` keeps a line saying it was removed and when."""
    from warehouse import loading

    _ensure_warehouse()
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


@cli.command("sql")
@click.argument("statement")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.option("--limit", default=200, show_default=True, help="Rows shown in a table.")
@click.option(
    "--max-rows", default=sandbox.DEFAULT_MAX_ROWS, show_default=True, type=click.IntRange(1),
    help="Most rows a result may have: CSV refuses more, a table stops there.",
)  # fmt: skip
@click.option(
    "--timeout", default=sandbox.DEFAULT_TIMEOUT_S, show_default=True, type=click.IntRange(1),
    help="Seconds a query may run.",
)  # fmt: skip
@_fails_cleanly
@cli_access.audited_sql
def sql_command(statement: str, as_csv: bool, limit: int, max_rows: int, timeout: int) -> None:
    """Run one read-only query STATEMENT on the warehouse and print the result.

    A sandbox: no file other than the warehouse is read or written, no other database attached,
    no extension installed or loaded, no setting changed. CSV text cells that a spreadsheet would
    run as formulas are neutralised.

    Example: mobility sql "select school, count(*) from agreements group by all"
    """
    from warehouse import exports

    _ensure_warehouse()
    result = sandbox.run(statement, timeout_s=timeout, max_rows=max_rows)
    frame = result.frame
    if as_csv:
        if result.truncated:
            raise WarehouseError(
                f"the result has more than {max_rows} rows, the --max-rows limit: add a LIMIT "
                "or raise --max-rows"
            )
        click.echo(exports.write_csv(frame), nl=False)
        return
    _print_table(frame.columns, frame.head(limit).rows())
    if frame.height > limit:
        click.echo(f"… {frame.height - limit} more rows (use --csv for all)")
    if result.truncated:
        click.echo(f"… more than {max_rows} rows: stopped at the --max-rows limit")


@cli.command()
@click.argument("import_id", type=int, required=False)
@click.option(
    "--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the rejected rows to this CSV file (to fix them and import again).",
)  # fmt: skip
@_fails_cleanly
def rejects(import_id: int | None, csv_file: Path | None) -> None:
    """List the rows imports rejected, with file, line and reason; all imports or IMPORT_ID."""
    _ensure_warehouse()
    with db.connect() as con:
        if (
            import_id is not None
            and not con.execute("select 1 from imports where import_id = ?", [import_id]).fetchall()
        ):
            raise WarehouseError(f"no import #{import_id}; `mobility imports` lists them")
        frame = con.sql(
            """
            select import_id, file_name, line_number, reason, raw_text
            from rejected_rows
            where $import_id is null or import_id = $import_id
            order by import_id, line_number
            """,
            params={"import_id": import_id},
        ).pl()
    if csv_file is not None:
        from warehouse import exports

        try:
            with exports.private_file(csv_file) as file:
                exports.write_csv(frame, file)
        except OSError as error:  # a full disk: polars says it without the file's name
            raise WarehouseError(exports.write_error(csv_file, error)) from None
        click.echo(f"{frame.height} rejected rows written to {csv_file}")
        return
    if frame.is_empty():
        click.echo("no rejected rows")
        return
    _print_table(
        ["#", "file", "line", "reason", "raw text"],
        [(*row[:4], row[4][:80]) for row in frame.rows()],
    )


def _ensure_warehouse() -> None:
    """Create an empty warehouse (home schools registered) on first use."""
    path = settings.db_path()
    if not path.exists():
        with db.writing():
            pass
        click.echo(f"created an empty warehouse at {path}", err=True)


def _print_table(headers: list[str], rows: list[tuple]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers, box=None, pad_edge=False, header_style="bold")
    for row in rows:
        table.add_row(*(str(value) for value in row))
    Console(width=200).print(table)


# ---------- Erasmus+ reporting


@cli.group("erasmus")
def erasmus_group() -> None:
    """Erasmus+ rules: the distance calculator and the amounts and limits of each call."""


@erasmus_group.command("distance")
@click.argument("origin", metavar="FROM")
@click.argument("destination", metavar="TO")
@click.option(
    "--call-year", type=int, help="Call whose bands and amounts apply [default: the latest]."
)
@_fails_cleanly
def erasmus_distance(origin: str, destination: str, call_year: int | None) -> None:
    """Great-circle distance from FROM to TO and its Erasmus+ distance band, offline.

    FROM and TO are 'City, ISO2' (such as 'Albi, FR') or Erasmus codes of a home school, of a
    charter holder in the registry or of a partner. One way, never doubled, on a sphere of
    radius 6,371 km, as the European Commission's distance calculator.

    Example: mobility erasmus distance "Albi, FR" "Madrid, ES"
    """
    from warehouse import erasmus

    _ensure_warehouse()
    with db.reader() as con:
        start, end = erasmus.locate(con, origin), erasmus.locate(con, destination)
        year, bands = erasmus.bands(con, call_year)
    km = erasmus.haversine_km(start.latitude, start.longitude, end.latitude, end.longitude)
    band = erasmus.band_of(km, bands)
    if band is None:
        where = f"under {bands[0].min_km:,.0f} km: no distance band, no travel grant"
    else:
        green = f", green {band.green_travel_eur:,.0f} EUR" if band.green_travel_eur else ""
        where = (
            f"band {band.label} (call {year}: travel {band.standard_travel_eur:,.0f} EUR{green})"
        )
    click.echo(f"{start.label} → {end.label}: {km:,.1f} km, {where}")


@erasmus_group.group("rules", invoke_without_command=True)
@click.option("--call-year", type=int, help="Only this call year.")
@click.pass_context
@_fails_cleanly
def erasmus_rules(ctx: click.Context, call_year: int | None) -> None:
    """List the Erasmus+ amounts and limits in force; `rules import` adds your own."""
    if ctx.invoked_subcommand is not None:
        return
    _ensure_warehouse()
    with db.connect() as con:
        rows = con.execute(
            """
            select call_year, rule, value, unit, origin, source
            from staging.stg_erasmus_rules
            where $call_year is null or call_year = $call_year
            order by call_year, rule
            """,
            {"call_year": call_year},
        ).fetchall()
    _print_table(["call", "rule", "value", "unit", "origin", "source"], rows)


@erasmus_rules.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_fails_cleanly
def erasmus_rules_import(file: Path) -> None:
    """Import your own Erasmus+ rules, distance bands or countries from a CSV FILE.

    FILE has the columns of one of the shipped files warehouse/reference/erasmus_rules.csv,
    erasmus_distance_bands.csv or erasmus_countries.csv (source included). Its rows replace
    the shipped rows of the same key (call year and rule, band or country) and survive
    rebuilds and upgrades: use it for a new call year or your National Agency's amounts.
    """
    from warehouse import erasmus

    with db.writing() as con:
        table, count = erasmus.import_rules(con, file)
    click.echo(f"{file.name}: {count} rows imported into {table} (they replace shipped rows)")


@cli.group("report")
def report_group() -> None:
    """Write reports from the warehouse (workbooks to check or send)."""


@report_group.command("erasmus")
@click.option("--school", required=True, help="Home school: name, short name or Erasmus code.")
@click.option("--call-year", required=True, type=int, help="Erasmus+ call year, e.g. 2024.")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="XLSX file to write.",
)  # fmt: skip
@click.option(
    "--layout", type=click.Path(dir_okay=False, path_type=Path),
    help="Column layout of the mobilities sheet [default: beneficiary_module_layout_v1.csv].",
)  # fmt: skip
@_fails_cleanly
def report_erasmus(school: str, call_year: int, out: Path, layout: Path | None) -> None:
    """Write the Erasmus+ pre-flight workbook of a school and a call year to --out.

    Sheets: the mobilities the school reports, in a Beneficiary-Module-like layout; every
    failed rule check with its reason; totals of the grant estimate. Amounts are estimates
    from the reference tables (`mobility erasmus rules`), not the Beneficiary Module's figures.
    """
    from warehouse import erasmus_report

    _ensure_warehouse()
    summary = erasmus_report.write_report(school, call_year, out, layout)
    total = "not estimated" if summary.total_grant_eur is None else (
        f"{summary.total_grant_eur:,.2f} EUR"
    )  # fmt: skip
    click.echo(
        f"{summary.path}: {summary.school}, call {summary.call_year}: {summary.mobilities} "
        f"mobilities, {summary.failing_mobilities} failing {summary.failed_checks} checks, "
        f"estimated grant {total}"
        + (f" ({summary.not_estimated} not estimated)" if summary.not_estimated else "")
    )


@report_group.command("management")
@click.option(
    "--school", help="Home school: name, short name or Erasmus code [default: all schools]."
)
@click.option("--year", required=True, help="Academic year, e.g. 2024-2025.")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="PDF file to write.",
)  # fmt: skip
@click.option(
    "--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True,
    help="Language of the report.",
)  # fmt: skip
@_fails_cleanly
def report_management(school: str | None, year: str, out: Path, lang: str) -> None:
    """Write the management report of a school and an academic year to --out (PDF).

    The overview's figures with the year before and the change, the outgoing and incoming
    trend, partners by country on a map, and the management indicators (agreements used,
    without flow, ending; quotas; partners out of balance; double degrees; compulsory stay
    against the EU benchmark); dated, with its source, and flagged when it includes synthetic
    data. The figures are those the dashboard's overview and indicators pages show.
    """
    from warehouse import management_report

    _ensure_warehouse()
    summary = management_report.write_report(school, year, out, lang)
    flag = ", includes synthetic data" if summary.synthetic else ""
    click.echo(
        f"{summary.path}: {summary.school or 'all schools'}, {summary.year}, {summary.lang}, "
        f"{summary.pages} pages{flag}"
    )


# who may use the dashboard (`mobility users`) and what they did (`mobility audit`)
cli_access.register(cli, _fails_cleanly, _print_table, _ensure_warehouse)

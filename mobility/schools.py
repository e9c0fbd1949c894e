"""`mobility schools` and `mobility aliases`: the home schools and partner aliases."""

from __future__ import annotations

from pathlib import Path

import click

from mobility.main import cli, ensure_warehouse, fails_cleanly, print_table
from warehouse import db, reference


@cli.group(invoke_without_command=True)
@click.pass_context
@fails_cleanly
def schools(ctx: click.Context) -> None:
    """List the home schools; `schools add` registers another, `schools edit` changes one."""
    if ctx.invoked_subcommand is not None:
        return
    ensure_warehouse()
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
    print_table(
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
@fails_cleanly
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
@fails_cleanly
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
        from mobility.imports import print_home_school_flows

        print_home_school_flows()
    if city is not None:
        click.echo(f"{done.name}: city {done.city or 'none'}")
        if edit.located is False:
            click.echo(f"warning: city {city!r} not found in the offline gazetteer; no coordinates")
    if hei_id is not None:
        click.echo(f"{done.name}: HEI id {hei_id.strip().lower() or 'none'}")


# ---------- aliases


@cli.group(invoke_without_command=True)
@click.pass_context
@fails_cleanly
def aliases(ctx: click.Context) -> None:
    """List partner aliases (other spellings of a partner's name); `aliases add` declares one."""
    if ctx.invoked_subcommand is not None:
        return
    ensure_warehouse()
    with db.connect() as con:
        rows = con.execute(
            """
            select alias, canonical_name, coalesce(country_iso2, 'any'), source,
                   coalesce(note, '')
            from partner_aliases order by canonical_name, alias
            """
        ).fetchall()
    print_table(["alias", "is the partner", "country", "source", "note"], rows)


@aliases.command("add")
@click.argument("alias")
@click.argument("canonical_name")
@click.option("--country", help="Only in this country (ISO code or name).")
@click.option("--note", help="Why, e.g. 'renamed in 2019'.")
@fails_cleanly
def aliases_add(alias: str, canonical_name: str, country: str | None, note: str | None) -> None:
    """Declare that partner name ALIAS is the partner CANONICAL_NAME."""
    from warehouse import partner_aliases

    with db.writing() as con:
        partner_aliases.add_alias(con, alias, canonical_name, country, note)
    click.echo(f"alias declared: {alias!r} is {canonical_name!r}")


@aliases.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@fails_cleanly
def aliases_import(file: Path) -> None:
    """Declare aliases from a CSV FILE with columns alias, canonical_name[, country_iso2, note]."""
    from warehouse import partner_aliases

    with db.writing() as con:
        count = partner_aliases.import_aliases(con, file)
    click.echo(f"{file.name}: {count} aliases declared")

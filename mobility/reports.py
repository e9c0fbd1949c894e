"""`mobility erasmus …` and `mobility report …`: Erasmus+ rules and the reports."""

from __future__ import annotations

from pathlib import Path

import click

from mobility.main import cli, ensure_warehouse, fails_cleanly, print_table
from warehouse import db


@cli.group("erasmus")
def erasmus_group() -> None:
    """Erasmus+ rules: the distance calculator and the amounts and limits of each call."""


@erasmus_group.command("distance")
@click.argument("origin", metavar="FROM")
@click.argument("destination", metavar="TO")
@click.option(
    "--call-year", type=int, help="Call whose bands and amounts apply [default: the latest]."
)
@fails_cleanly
def erasmus_distance(origin: str, destination: str, call_year: int | None) -> None:
    """Great-circle distance from FROM to TO and its Erasmus+ distance band, offline.

    FROM and TO are 'City, ISO2' (such as 'Albi, FR') or Erasmus codes of a home school, of a
    charter holder in the registry or of a partner. One way, never doubled, on a sphere of
    radius 6,371 km, as the European Commission's distance calculator.

    Example: mobility erasmus distance "Albi, FR" "Madrid, ES"
    """
    from warehouse import erasmus

    ensure_warehouse()
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
@fails_cleanly
def erasmus_rules(ctx: click.Context, call_year: int | None) -> None:
    """List the Erasmus+ amounts and limits in force; `rules import` adds your own."""
    if ctx.invoked_subcommand is not None:
        return
    ensure_warehouse()
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
    print_table(["call", "rule", "value", "unit", "origin", "source"], rows)


@erasmus_rules.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@fails_cleanly
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
@fails_cleanly
def report_erasmus(school: str, call_year: int, out: Path, layout: Path | None) -> None:
    """Write the Erasmus+ pre-flight workbook of a school and a call year to --out.

    Sheets: the mobilities the school reports, in a Beneficiary-Module-like layout; every
    failed rule check with its reason; totals of the grant estimate. Amounts are estimates
    from the reference tables (`mobility erasmus rules`), not the Beneficiary Module's figures.
    """
    from warehouse import erasmus_report

    ensure_warehouse()
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
@fails_cleanly
def report_management(school: str | None, year: str, out: Path, lang: str) -> None:
    """Write the management report of a school and an academic year to --out (PDF).

    The overview's figures with the year before and the change, the outgoing and incoming
    trend, partners by country on a map, and the management indicators (agreements used,
    without flow, ending; quotas; partners out of balance; double degrees; compulsory stay
    against the EU benchmark); dated, with its source, and flagged when it includes synthetic
    data. The figures are those the dashboard's overview and indicators pages show.
    """
    from warehouse import management_report

    ensure_warehouse()
    summary = management_report.write_report(school, year, out, lang)
    flag = ", includes synthetic data" if summary.synthetic else ""
    click.echo(
        f"{summary.path}: {summary.school or 'all schools'}, {summary.year}, {summary.lang}, "
        f"{summary.pages} pages{flag}"
    )


# who may use the dashboard (`mobility users`) and what they did (`mobility audit`)

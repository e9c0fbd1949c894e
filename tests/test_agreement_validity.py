"""Agreements listed without years run from the year their list was valid, never before, and are
counted apart ('undated'), never as three years without flow."""

from __future__ import annotations

import datetime as dt

import duckdb
from click.testing import CliRunner

from dashboard import data
from dashboard.filters import Filters
from mobility import cli

from .conftest import DATA

PARTNERS = DATA / "imports" / "agreements" / "partner_list.tsv"  # no years, no date
PAGE = DATA / "imports" / "agreements" / "partner_list.md"  # "2019/2020" in its text
PLACES = DATA / "imports" / "places" / "plazas_por_titulacion.csv"  # title: "curso 2024/2025"
EC_PART = DATA / "imports" / "ec_statistics" / "part_000.csv"
ALBI = Filters(schools=("imt-mines-albi",))


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def this_academic_year() -> str:
    today = dt.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def active(year: str, filters: Filters = ALBI) -> tuple[int, int]:
    row = data.agreement_kpis(filters, year).filter(academic_year=year).row(0, named=True)
    return row["count_active_agreements"], row["count_undated_agreements"]


def test_an_undated_list_runs_from_its_import_year_never_before(isolated_warehouse):
    out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    now = this_academic_year()
    assert (
        f"agreements without a first year: 11, counted as running from {now} (the import's "
        "year), never before"
    ) in out
    assert active(now) == (9, 9)  # 11 listed, 9 after merging duplicates
    assert active("2011-2012") == (0, 0)  # a list imported today says nothing of 2011
    with duckdb.connect(str(isolated_warehouse), read_only=True) as con:
        rows = con.execute(
            "select distinct status, is_undated, listed_academic_year, first_academic_year "
            "from agreements"
        ).fetchall()
    assert rows == [("active", True, now, None)]  # its years stay unknown, not invented


def test_a_list_that_names_its_year_runs_from_that_year(isolated_warehouse):
    out = run("import", "agreements", PLACES, "--school", "IMT Mines Albi")
    assert "note: the title names 2024-2025: agreements without years run from then on" in out
    assert active("2024-2025") == (5, 5)
    assert active("2023-2024") == (0, 0)
    run("import", "agreements", PAGE, "--school", "IMT Mines Albi")
    with duckdb.connect(str(isolated_warehouse), read_only=True) as con:
        listed = con.execute(
            "select file_name, listed_academic_year from imports order by import_id"
        ).fetchall()
    assert listed == [("plazas_por_titulacion.csv", "2024-2025"), ("partner_list.md", "2019-2020")]


def test_undated_agreements_are_never_three_years_without_flow(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    run("import", "mobilities", EC_PART)  # Albi's flows of 2010-2013, none this year
    now = this_academic_year()
    use = data.agreement_use_by_school(ALBI, now)
    assert dict(use.select("use_state", "count_agreements").rows()) == {"undated": 9}
    assert data.agreements_without_flows(ALBI, now).is_empty()
    from dashboard import management

    summary = management.summary(ALBI, now)
    assert (summary.count_active, summary.count_no_flow, summary.count_undated) == (9, 0, 9)

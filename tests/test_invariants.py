"""Every figure adds up: under any filters, the rows of each page's breakdown (countries,
regions, activities, partners, schools) sum to the total of the mobilities, per direction, and
the agreements the same way. Nothing placed nowhere is dropped (partners of unknown country make
their own row), and nothing is counted twice.

The filter sets are drawn by hypothesis. By default the warehouse is the demo plus EC statistics
naming Swiss, Liechtenstein and unknown-country partners and EC KA1 rows (aggregates, staff),
with 200 filter sets; to check another
warehouse (such as the 1-million-row synthetic one `mobility bench` builds):

    MOBILITY_INVARIANTS_DB=path/to/warehouse.duckdb MOBILITY_INVARIANTS_EXAMPLES=200 \\
        python -m pytest tests/test_invariants.py
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import data
from dashboard.filters import ACTIVITIES, REGIONS, Filters
from tests.conftest import DATA

EXAMPLES = int(os.environ.get("MOBILITY_INVARIANTS_EXAMPLES", "200"))
EC_SWITZERLAND = DATA / "imports" / "ec_statistics" / "switzerland_and_unknown.csv"
# KA1 rows: aggregates of several mobilities, staff, a partner of unknown country
EC_KA1 = DATA / "imports" / "ec_ka1" / "ka1_mobilities_2014_2021.csv"


@pytest.fixture(scope="module")
def warehouse(demo_warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    given_path = os.environ.get("MOBILITY_INVARIANTS_DB")
    if given_path:
        return Path(given_path).resolve()
    path = tmp_path_factory.mktemp("invariants") / "warehouse.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    from warehouse import loading

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOBILITY_DB", str(path))
        loading.import_mobilities([EC_SWITZERLAND, EC_KA1])
    return path


@pytest.fixture(scope="module")
def choices(warehouse: Path) -> dict[str, list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOBILITY_DB", str(warehouse))
        return {
            "years": data.academic_years()["academic_year"].to_list(),
            "schools": data.school_options()["school_id"].to_list(),
        }


def _filters(draw, choices: dict[str, list[str]]) -> Filters:
    years = choices["years"]
    first, last = sorted(draw(st.lists(st.sampled_from(years), min_size=2, max_size=2)))
    return Filters(
        schools=tuple(draw(st.lists(st.sampled_from(choices["schools"]), max_size=3, unique=True))),
        year_from=first,
        year_to=last,
        direction=draw(st.sampled_from(["all", "outgoing", "incoming"])),
        activities=tuple(draw(st.lists(st.sampled_from(ACTIVITIES), max_size=2, unique=True))),
        regions=tuple(draw(st.lists(st.sampled_from(REGIONS), max_size=2, unique=True))),
    )


def _totals(frame: pl.DataFrame, outgoing: str, incoming: str) -> tuple[int, int]:
    return int(frame[outgoing].sum() or 0), int(frame[incoming].sum() or 0)


def _trend_totals(filters: Filters) -> tuple[int, int]:
    trend = data.mobility_trend(filters)
    by = dict(trend.group_by("direction").agg(pl.col("count_mobilities").sum()).iter_rows())
    return int(by.get("outgoing", 0)), int(by.get("incoming", 0))


def check_mobility_invariants(filters: Filters, schools: list[str]) -> None:
    total = _trend_totals(filters)
    year = filters.year_to
    countries = data.country_measures(filters, year)
    assert _totals(countries, "count_outgoing", "count_incoming") == total, "countries"
    assert countries["country_iso2"].null_count() <= 1  # one row for the unknown country
    regions = data.mobility_by_region(filters)
    assert _totals(regions, "count_outgoing", "count_incoming") == total, "regions"
    activities = data.mobility_by_activity(filters)
    assert _totals(activities, "count_outgoing", "count_incoming") == total, "activities"
    partners = data.partner_points(filters, year)
    assert _totals(partners, "count_outgoing", "count_incoming") == total, "partners"
    top = data.top_partners(filters, None)
    assert (
        int(top.filter(direction="outgoing")["count_mobilities"].sum() or 0),
        int(top.filter(direction="incoming")["count_mobilities"].sum() or 0),
    ) == total, "top partners"
    balance = data.partner_balance(filters, None)
    assert _totals(balance, "count_outgoing", "count_incoming") == total, "balance"
    per_school = [
        _trend_totals(replace(filters, schools=(school,)))
        for school in (filters.schools or schools)
    ]
    assert tuple(map(sum, zip(*per_school, strict=True))) == total, "schools"
    kpis = data.mobility_kpis(filters, year).filter(academic_year=year)
    trend = data.mobility_trend(filters).filter(academic_year=year)
    in_year = {row["direction"]: row["count_mobilities"] for row in trend.iter_rows(named=True)}
    assert kpis.select("count_outgoing", "count_incoming").row(0) == (
        in_year.get("outgoing", 0),
        in_year.get("incoming", 0),
    ), "KPIs"
    # a country's list of partners (the map's click) adds up to its row, the unknown one too
    for row in (
        countries.head(3)
        .vstack(countries.filter(pl.col("country_iso2").is_null()))
        .rows(named=True)
    ):
        listed = data.country_partners(filters, year, row["country_iso2"] or "")
        assert _totals(listed, "count_outgoing", "count_incoming") == (
            row["count_outgoing"],
            row["count_incoming"],
        ), row["country_name"]


def check_agreement_invariants(filters: Filters) -> None:
    year = filters.year_to
    kpis = data.agreement_kpis(filters, year).filter(academic_year=year)
    total = kpis["count_active_agreements"].sum()
    countries = data.country_measures(filters, year)
    assert countries["count_agreements"].sum() == total, "agreements by country"
    assert countries["count_partners"].sum() == kpis["count_partners"].sum(), "partners"
    by_region = data.agreements_by_region(filters, year)
    assert by_region["count_agreements"].sum() == total, "agreements by region"
    by_school = data.agreements_by_school_and_type(filters, year)
    assert by_school["count_agreements"].sum() == total, "agreements by school"


def test_every_breakdown_adds_up_to_the_total_under_random_filters(warehouse, choices):
    os.environ["MOBILITY_DB"] = str(warehouse)  # the autouse fixture gave this test its own

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same filter sets on every run: a failure is reproducible
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.data())
    def check(drawn):
        filters = drawn.draw(st.composite(lambda draw: _filters(draw, choices))())
        check_mobility_invariants(filters, choices["schools"])
        check_agreement_invariants(filters)

    check()


def test_the_default_view_counts_the_unknown_country_and_switzerland(warehouse, choices):
    os.environ["MOBILITY_DB"] = str(warehouse)
    if os.environ.get("MOBILITY_INVARIANTS_DB"):
        pytest.skip("figures of the default warehouse only")
    ales = Filters(schools=("imt-mines-ales",), year_from="2010-2011", year_to="2012-2013")
    countries = data.country_measures(ales, "2012-2013")
    unknown = countries.filter(pl.col("country_iso2").is_null())
    assert unknown.select("country_name", "count_outgoing", "count_incoming").rows() == [
        ("Unknown country", 1, 0)  # a placement naming no country
    ]
    # EURFIESOLE01's prefix names no country, but the KA1 rows of the same code say Italy: one
    # partner, one country, for the 2008-13 mobility too
    italy = countries.filter(country_iso2="IT")
    assert italy.select("count_outgoing", "count_incoming").row(0) == (1, 0)
    switzerland = countries.filter(country_iso2="CH")
    assert switzerland.select("count_outgoing", "count_incoming").row(0) >= (2, 1)
    regions = data.mobility_by_region(ales).filter(region_code="unknown")
    assert regions["region_name"].unique().to_list() == ["Unknown country"]
    assert regions["count_outgoing"].sum() == 1
    # a KA1 traineeship naming neither a code nor a country stays of unknown country
    later = Filters(schools=("imt-mines-ales",), year_from="2016-2017", year_to="2016-2017")
    unknown = data.country_measures(later, "2016-2017").filter(pl.col("country_iso2").is_null())
    assert unknown.select("count_outgoing", "count_incoming").rows() == [(1, 0)]

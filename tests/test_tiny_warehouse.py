"""Named queries and pages on the tiny warehouse: each figure is added up by hand in
tests/data/warehouses/tiny/README.md from the rows of its inserts.sql."""

from __future__ import annotations

import importlib

import dash
import polars as pl
import pytest

from dashboard import data
from dashboard.app import create_app
from dashboard.filters import Filters

from .conftest import sql

ALBI, ALES, NORD = "imt-mines-albi", "imt-mines-ales", "imt-nord-europe"
ALL_YEARS = Filters(year_from="2022-2023", year_to="2024-2025")
LAST = "2024-2025"


def rows(frame: pl.DataFrame, *columns: str) -> list[tuple]:
    return list(frame.select(columns).iter_rows())


def by_key(frame: pl.DataFrame, key: str, *columns: str) -> dict:
    return {row[0]: row[1:] for row in frame.select(key, *columns).iter_rows()}


def test_the_rows_land_in_the_public_views(on_tiny):
    assert sql(on_tiny, "select count(*) from partners") == [(8,)]
    assert sql(on_tiny, "select count(*) from agreements") == [(10,)]
    assert sql(on_tiny, "select count(*) from agreement_quotas") == [(7,)]
    assert sql(on_tiny, "select direction, count(*) from mobilities group by all order by 1") == [
        ("incoming", 12),
        ("outgoing", 28),
    ]
    assert sql(on_tiny, "select country_name from partners where country_iso2 is null") == [
        ("Unknown country",)
    ]


def test_the_former_code_counts_for_the_school_that_has_it_now(on_tiny):
    assert sql(
        on_tiny,
        "select school_id, is_current from school_erasmus_codes where erasmus_code = ?",
        "F DOUAI02",
    ) == [(NORD, False)]
    nord = Filters(schools=(NORD,), year_from="2022-2023", year_to=LAST)
    assert rows(data.mobility_trend(nord), "academic_year", "direction", "count_mobilities") == [
        ("2022-2023", "outgoing", 2),
        ("2023-2024", "outgoing", 1),
        ("2024-2025", "incoming", 1),
    ]


def test_academic_years_are_the_three_with_mobilities(on_tiny):
    assert data.academic_years()["academic_year"].to_list() == [
        "2022-2023",
        "2023-2024",
        "2024-2025",
    ]


def test_mobilities_per_year_and_direction(on_tiny):
    assert rows(
        data.mobility_trend(ALL_YEARS), "academic_year", "direction", "count_mobilities"
    ) == [
        ("2022-2023", "incoming", 2),
        ("2022-2023", "outgoing", 7),
        ("2023-2024", "incoming", 4),
        ("2023-2024", "outgoing", 10),
        ("2024-2025", "incoming", 6),
        ("2024-2025", "outgoing", 11),
    ]


def test_the_kpis_of_a_year_and_the_year_before(on_tiny):
    kpis = data.mobility_kpis(ALL_YEARS, LAST)
    assert rows(
        kpis,
        "academic_year",
        "count_outgoing",
        "count_incoming",
        "balance",
        "count_double_degree",
        "sum_months",
        "count_synthetic",
        "count_mobilities",
    ) == [
        ("2023-2024", 10, 4, -6, 4, 97.0, 0, 14),
        ("2024-2025", 11, 6, -5, 4, 103.5, 0, 17),
    ]


@pytest.mark.parametrize(
    ("school", "outgoing", "incoming"), [(ALBI, 18, 8), (ALES, 7, 3), (NORD, 3, 1)]
)
def test_mobilities_per_school(on_tiny, school, outgoing, incoming):
    filters = Filters(schools=(school,), year_from="2022-2023", year_to=LAST)
    trend = data.mobility_trend(filters)
    totals = trend.group_by("direction").agg(pl.col("count_mobilities").sum())
    assert dict(totals.iter_rows()) == {"outgoing": outgoing, "incoming": incoming}


def test_schools_with_data_come_first_with_their_rows(on_tiny):
    options = data.school_options()
    assert rows(options.head(3), "school_id", "count_rows") == [
        (ALBI, 6 + 26),
        (ALES, 4 + 10),
        (NORD, 4),
    ]
    assert set(options["count_rows"][3:].to_list()) == {0}


def test_mobilities_and_agreements_per_country_with_the_unknown_bucket(on_tiny):
    measures = data.country_measures(ALL_YEARS, LAST)
    assert by_key(
        measures,
        "country_iso2",
        "count_partners",
        "count_agreements",
        "count_outgoing",
        "count_incoming",
        "balance",
    ) == {
        "DE": (1, 2, 10, 4, -6),
        "ES": (1, 1, 7, 3, -4),
        "CA": (1, 2, 3, 2, -1),
        "BR": (1, 2, 3, 2, -1),
        "IT": (1, 1, 2, 1, -1),
        "GB": (0, 0, 2, 0, -2),
        None: (0, 0, 1, 0, -1),
    }
    unknown = measures.filter(pl.col("country_iso2").is_null())
    assert rows(unknown, "country_name", "country_name_fr") == [("Unknown country", "Pays inconnu")]
    # the rows add up to every mobility
    assert measures["count_outgoing"].sum() == 28 and measures["count_incoming"].sum() == 12


def test_the_direction_filter_keeps_one_direction(on_tiny):
    outgoing = Filters(year_from="2022-2023", year_to=LAST, direction="outgoing")
    measures = data.country_measures(outgoing, LAST)
    assert measures["count_incoming"].sum() == 0
    assert measures["count_outgoing"].sum() == 28


def test_mobilities_per_region_name_the_unknown_country(on_tiny):
    regions = data.mobility_by_region(ALL_YEARS)
    assert rows(regions, "academic_year", "region_code", "count_outgoing", "count_incoming") == [
        ("2022-2023", "150", 7, 2),
        ("2023-2024", "021", 2, 0),
        ("2023-2024", "150", 6, 3),
        ("2023-2024", "419", 1, 1),
        ("2023-2024", "unknown", 1, 0),
        ("2024-2025", "021", 1, 2),
        ("2024-2025", "150", 8, 3),
        ("2024-2025", "419", 2, 1),
    ]
    unknown = regions.filter(pl.col("region_code") == "unknown")
    assert rows(unknown, "region_name", "region_name_fr") == [("Unknown country", "Pays inconnu")]


def test_mobilities_per_activity(on_tiny):
    by_activity = data.mobility_by_activity(ALL_YEARS)
    totals = by_activity.group_by("activity").agg(pl.col("count_mobilities").sum())
    assert dict(totals.iter_rows()) == {
        "study": 28,
        "double_degree": 8,
        "traineeship": 2,
        "staff_teaching": 1,
        "staff_training": 1,
    }


def test_the_balance_per_partner(on_tiny):
    balance = data.partner_balance(ALL_YEARS, 20)
    # the most out of balance first; equal balances by name
    assert rows(balance, "partner_name", "count_outgoing", "count_incoming", "balance") == [
        ("Technische Universität München", 10, 4, -6),
        ("Universidad de Sevilla", 4, 1, -3),
        ("University of Leeds", 2, 0, -2),
        ("International Institute of Technology", 1, 0, -1),
        ("Politecnico di Milano", 2, 1, -1),
        ("Universidad Politécnica de Madrid", 3, 2, -1),
        ("Universidade de São Paulo", 3, 2, -1),
        ("Université Laval", 3, 2, -1),
    ]


def test_the_top_partners_each_way(on_tiny):
    top = data.top_partners(ALL_YEARS, 2)
    assert rows(top, "direction", "rank", "partner_name", "count_mobilities") == [
        ("outgoing", 1, "Technische Universität München", 10),
        ("outgoing", 2, "Universidad de Sevilla", 4),
        ("incoming", 1, "Technische Universität München", 4),
        # UPM and USP both sent 2: the first by name
        ("incoming", 2, "Universidad Politécnica de Madrid", 2),
    ]


def test_places_per_programme_of_the_agreements_running(on_tiny):
    places = data.places_by_programme(ALL_YEARS, LAST)
    assert rows(
        places,
        "school_id",
        "programme",
        "direction",
        "mobility_type",
        "is_total",
        "places_per_year",
        "count_partners",
    ) == [
        (ALBI, "Bachelor", "outgoing", "student_studies", False, 2.0, 1),
        (ALBI, "Master", "outgoing", "student_studies", False, 9.0, 2),
        (ALBI, None, "outgoing", "student_studies", True, 11.0, 2),
        (ALBI, "Master", "incoming", "student_studies", False, 3.0, 1),
        (ALBI, None, "incoming", "student_studies", True, 3.0, 1),
        (ALES, "", "outgoing", "staff_teaching", False, 1.0, 1),
        (ALES, None, "outgoing", "staff_teaching", True, 1.0, 1),
        (ALES, "", "outgoing", "student_studies", False, 3.0, 1),
        (ALES, None, "outgoing", "student_studies", True, 3.0, 1),
    ]
    # a year earlier, UPM's two Master places still ran
    earlier = data.places_by_programme(Filters(schools=(ALBI,)), "2023-2024")
    master = earlier.filter((pl.col("programme") == "Master") & (pl.col("direction") == "outgoing"))
    assert rows(master, "places_per_year", "count_partners") == [(11.0, 3)]


@pytest.mark.parametrize(
    ("year", "before", "now"),
    [
        ("2022-2023", ("2021-2022", 2, 2, 2, 0), ("2022-2023", 7, 5, 5, 0)),
        ("2023-2024", ("2022-2023", 7, 5, 5, 0), ("2023-2024", 8, 6, 5, 0)),
        ("2024-2025", ("2023-2024", 8, 6, 5, 0), ("2024-2025", 8, 5, 5, 1)),
    ],
)
def test_active_agreements_per_year(on_tiny, year, before, now):
    kpis = data.agreement_kpis(ALL_YEARS, year)
    assert rows(
        kpis,
        "academic_year",
        "count_active_agreements",
        "count_partners",
        "count_countries",
        "count_undated_agreements",
    ) == [before, now]


def test_active_agreements_by_type_and_level(on_tiny):
    by_type = data.active_agreements_by_type(ALL_YEARS, LAST)
    assert rows(by_type, "agreement_type", "signatory_level", "count_agreements") == [
        ("double_degree", "group", 2),
        ("double_degree", "school", 2),
        ("erasmus", "school", 3),
        ("mou", "school", 1),
    ]
    per_school = data.agreements_by_school_and_type(ALL_YEARS, LAST)
    assert rows(per_school, "school_id", "agreement_type", "count_agreements") == [
        (ALBI, "double_degree", 2),
        (ALBI, "erasmus", 1),
        (ALBI, "mou", 1),
        (ALES, "double_degree", 2),
        (ALES, "erasmus", 2),
    ]


def test_flows_without_an_agreement(on_tiny):
    flows = data.flows_without_agreement(ALL_YEARS).rows
    assert sorted(rows(flows, "school_id", "partner_name", "count_mobilities")) == [
        (ALBI, "Universidad de Sevilla", 1),
        (NORD, "International Institute of Technology", 1),
        (NORD, "Technische Universität München", 2),
        (NORD, "Universidad Politécnica de Madrid", 1),
    ]


@pytest.fixture(scope="module")
def overview():
    create_app()
    page = next(p for p in dash.page_registry.values() if p["path"] == "/")
    return importlib.import_module(page["module"])


def texts(component) -> list[str]:
    """The texts a layout shows, depth first."""
    found: list[str] = []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if isinstance(child, str | int | float):
            found.append(str(child))
        elif child is not None:
            found += texts(child)
    return found


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Active agreements", "8", "Partners", "5", "▼ -1", "Countries", "5",
                "Outgoing students", "11", "▲ +1", "Incoming students", "6", "▲ +2",
                "Balance (in − out)", "-5", "▲ +1", "Double-degree students", "4",
                "Mobility months", "103.5", "▲ +6.5", "Agreements used in 2024-2025", "100.0%",
            ],
        ),
        (
            "fr",
            [
                "Accords actifs", "8", "Partenaires", "5", "▼ -1", "Pays", "5",
                "Étudiants sortants", "11", "▲ +1", "Étudiants entrants", "6", "▲ +2",
                "Solde (entrants − sortants)", "-5", "▲ +1", "Étudiants en double diplôme", "4",
                "Mois de mobilité", "103,5", "▲ +6,5",
                "Accords utilisés en 2024-2025", "100,0\u00a0%",
            ],
        ),
    ],
)  # fmt: skip
def test_the_overview_shows_the_figures_of_the_last_year(overview, on_tiny, lang, expected):
    shown = [text for text in texts(overview.layout(lang=lang)) if text.strip()]
    # the figures, in the order the page shows them, each after its label
    at = 0
    for text in expected:
        at = shown.index(text, at) + 1

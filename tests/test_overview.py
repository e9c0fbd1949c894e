"""The overview for a director, on the demo warehouse: the "what changed" sentence, the period
of every figure, changes signed and coloured against the previous year and against the targets,
what the Direction filter leaves out, schools without data; and the partner page's split."""

from __future__ import annotations

import importlib

import pytest

from dashboard import data
from dashboard.app import create_app
from dashboard.filters import Filters

from .conftest import sql
from .test_pages import parts


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def overview(app):
    # the page module as Dash loaded it (importing dashboard.pages.overview registers it twice)
    return importlib.import_module("pages.overview")


def text_of(layout, component_id: str) -> str | None:
    found = [c for c in parts(layout) if getattr(c, "id", None) == component_id]
    return found[0].children if found else None


def students(path, direction: str, year: str) -> int:
    """Mobilities of a direction and year on the public view: what the figures must equal."""
    return sql(
        path,
        "select count(*) from mobilities where direction = ? and academic_year = ?",
        direction,
        year,
    )[0][0]


def test_the_summary_sentence_says_who_left_and_arrived_and_the_change(overview, demo_warehouse):
    left, left_before = (
        students(demo_warehouse, "outgoing", y) for y in ("2024-2025", "2023-2024")
    )
    came, came_before = (
        students(demo_warehouse, "incoming", y) for y in ("2024-2025", "2023-2024")
    )
    assert (left, left_before, came, came_before) == (403, 394, 222, 213)
    # every demo agreement runs on without a last year: none to renew
    assert sql(demo_warehouse, "select count(last_academic_year) from agreements")[0][0] == 0
    layout = overview.layout()
    assert text_of(layout, overview.SUMMARY) == (
        "In 2024-2025, 403 students left (+9 on 2023-2024) and 222 arrived (+9); "
        "no active agreement ends by 2025-2026."
    )
    assert text_of(overview.layout(lang="fr"), overview.SUMMARY) == (
        "En 2024-2025, 403 étudiants sont partis (+9 par rapport à 2023-2024) et 222 sont "
        "arrivés (+9) ; aucun accord actif ne se termine d'ici 2025-2026."
    )


def test_every_figure_says_its_period_and_the_range_of_its_trend(overview, demo_warehouse):
    layout = overview.layout()
    assert text_of(layout, overview.PERIOD) == (
        "Figures in 2024-2025, changes on 2023-2024; trends and charts over 2014-2015 → 2024-2025."
    )
    cards = [c for c in parts(layout) if getattr(c, "className", None) == "kpi-card"]
    main = [c for c in cards if any(getattr(p, "id", "") in KPIS for p in c.children)]
    assert len(main) == 8
    for card in main:
        periods = [p.children for p in card.children if p.className == "kpi-period"]
        assert periods == ["in 2024-2025", "trend 2014-2015 → 2024-2025"]
        spark = [p for p in card.children if p.className == "sparkline"][0]
        assert spark.alt == "trend 2014-2015 → 2024-2025"
        assert spark.src.startswith("data:image/svg+xml")
    # one year only: no trend to draw, the period says a single year
    single = overview.layout(**{"from": "2024-2025"})
    assert "trends and charts over 2024-2025." in text_of(single, overview.PERIOD)
    assert not [c for c in parts(single) if getattr(c, "className", None) == "sparkline"]


KPIS = {
    "overview-kpi-active-agreements", "overview-kpi-partners", "overview-kpi-countries",
    "overview-kpi-outgoing", "overview-kpi-incoming", "overview-kpi-balance",
    "overview-kpi-double-degree", "overview-kpi-months",
}  # fmt: skip


def changes(layout) -> dict[str, tuple[str, str]]:
    """Each headline card's value id → (its change as written, its tone class)."""
    found = {}
    for card in parts(layout):
        if getattr(card, "className", None) != "kpi-card":
            continue
        ids = [getattr(p, "id", None) for p in card.children]
        spans = [
            s for p in card.children for s in (p.children if isinstance(p.children, list) else [])
            if "delta-" in (getattr(s, "className", "") or "")
        ]  # fmt: skip
        card_id = next((i for i in ids if i), None)
        if spans:
            found[card_id] = (spans[0].children, spans[0].className.split()[-1])
    return found


def test_changes_are_signed_arrowed_and_coloured_as_good_or_bad_news(overview, demo_warehouse):
    series = data.overview_series(
        Filters().with_years(data.academic_years()["academic_year"].to_list())
    )
    now, before = (series.filter(series["academic_year"] == y).row(0, named=True)
                   for y in ("2024-2025", "2023-2024"))  # fmt: skip
    assert now["count_double_degree"] - before["count_double_degree"] == -9
    assert now["count_active_agreements"] - before["count_active_agreements"] == 189
    found = changes(overview.layout())
    assert found[overview.KPI_OUTGOING] == ("▲ +9", "delta-good")
    assert found[overview.KPI_INCOMING] == ("▲ +9", "delta-good")
    assert found[overview.KPI_ACTIVE] == ("▲ +189", "delta-good")
    assert found[overview.KPI_DOUBLE_DEGREE] == ("▼ -9", "delta-bad")
    assert found[overview.KPI_MONTHS] == ("▼ -54.9", "delta-bad")
    # more in than out is neither good nor bad news: the balance stays neutral, whatever its sign
    assert found[overview.KPI_BALANCE] == ("= 0", "delta-neutral")
    assert overview.change_text(-12, 0, "en") == ("▼ -12", "delta-neutral")


def test_the_cohort_cards_compare_with_their_targets(overview, demo_warehouse):
    # the 2025 graduates of the demo: 362 of 526 met the school's rule, 381 the EU benchmark
    rule, eu, target = sql(
        demo_warehouse,
        """select round(100 * count(*) filter (where meets_school_rule) / count(*), 1),
                  round(100 * count(*) filter (where meets_eu_benchmark) / count(*), 1),
                  (select 100 * max(target_share) from compulsory_stay_rules)
           from graduates where graduation_year = 2025""",
    )[0]
    assert (rule, eu, target) == (68.8, 72.4, 23.0)
    found = changes(overview.layout())
    assert found[overview.INDICATOR_SCHOOL_RULE] == ("▼ -31.2 pts", "delta-bad")
    assert found[overview.INDICATOR_EU_BENCHMARK] == ("▲ +49.4 pts", "delta-good")
    text = str(overview.layout())
    assert "on the 100 % the rule requires" in text and "on the EU target of 23 %" in text


@pytest.mark.parametrize(
    ("direction", "shown", "hidden"),
    [
        ("all", {"outgoing", "incoming", "balance"}, set()),
        ("outgoing", {"outgoing"}, {"incoming", "balance"}),
        ("incoming", {"incoming"}, {"outgoing", "balance"}),
    ],
)
def test_the_direction_filter_hides_what_it_leaves_out(
    overview, demo_warehouse, direction, shown, hidden
):
    layout = overview.layout(direction=direction)
    ids = {getattr(c, "id", None) for c in parts(layout)}
    for name in shown:
        assert f"overview-kpi-{name}" in ids
    for name in hidden:
        assert f"overview-kpi-{name}" not in ids
    summary = text_of(layout, overview.SUMMARY)
    note = text_of(layout, overview.DIRECTION_NOTE)
    if direction == "outgoing":
        assert summary.startswith("In 2024-2025, 403 students left (+9 on 2023-2024); ")
        assert "arrived" not in summary
        assert note == (
            "Direction: outgoing only. Incoming students and the balance are not in the selection."
        )
    elif direction == "incoming":
        assert summary.startswith("In 2024-2025, 222 students arrived (+9 on 2023-2024); ")
        assert "left" not in summary
        assert note.startswith("Direction: incoming only.")
    else:
        assert note is None


def test_schools_without_data_are_named_and_never_shown_as_zeros(overview, demo_warehouse):
    empty = [
        row[0]
        for row in sql(
            demo_warehouse,
            """select name from schools
               where school_id not in (select school_id from agreements)
                 and school_id not in (select school_id from mobilities)
               order by name""",
        )
    ]
    assert len(empty) == 6
    note = text_of(overview.layout(), overview.SCHOOLS_NOTE)
    assert note == (
        f"No data yet for 6 schools ({', '.join(empty)}): not counted in these figures."
    )
    alone = overview.layout(schools="imt-atlantique")
    ids = {getattr(c, "id", None) for c in parts(alone)}
    assert overview.KPI_OUTGOING not in ids and overview.SUMMARY not in ids
    assert text_of(alone, overview.SCHOOLS_NOTE) == (
        "No data yet for IMT Atlantique: not counted in these figures."
    )
    # a school with data: no note
    assert text_of(overview.layout(schools="imt-mines-albi"), overview.SCHOOLS_NOTE) is None


def test_the_partner_page_splits_its_flows_by_home_school(app, demo_warehouse):
    partner = importlib.import_module("pages.partner")
    partner_id = sql(
        demo_warehouse,
        "select partner_id from mobilities group by all order by count(*) desc, 1 limit 1",
    )[0][0]
    expected = sql(
        demo_warehouse,
        """select school,
                  (select count(*) from agreements a
                   where a.partner_id = m.partner_id and a.school_id = m.school_id),
                  count(*) filter (where direction = 'outgoing'),
                  count(*) filter (where direction = 'incoming')
           from mobilities m where partner_id = ? group by all
           order by count(*) desc, 2 desc, school""",
        partner_id,
    )
    frame = data.partner_by_school(
        Filters().with_years(data.academic_years()["academic_year"].to_list()), partner_id
    )
    assert (
        frame.select("school", "count_agreements", "count_outgoing", "count_incoming").rows()
        == expected
    )
    layout = partner.layout(partner_id=partner_id, direction="outgoing", lang="fr")
    table = [c for c in parts(layout) if getattr(c, "id", None) == partner.BY_SCHOOL][0]
    assert len(table.children[2].children) == len(expected)
    # the way back keeps the filters
    links = [c.href for c in parts(layout) if getattr(c, "className", None) == "back-link"]
    query = "?from=2014-2015&to=2024-2025&direction=outgoing&lang=fr"
    assert links == [f"/flows{query}", f"/map{query}", f"/agreements{query}"]
    assert any(getattr(c, "id", None) == partner.BACK for c in parts(layout))


def test_the_balance_chart_puts_the_most_out_of_balance_on_top(app, demo_warehouse):
    flows = importlib.import_module("pages.flows")
    filters = Filters().with_years(data.academic_years()["academic_year"].to_list())
    balance = data.partner_balance(filters, 20)
    figure = flows.balance_figure(balance, "en")
    bars = figure.data[0]
    # in the query's order, largest absolute balance first, on a reversed axis: first on top,
    # as the top partners charts beside it
    assert list(bars.customdata) == balance["partner_id"].to_list()
    assert abs(bars.x[0]) == max(abs(v) for v in bars.x)
    assert figure.layout.yaxis.autorange == "reversed"
    top = flows.top_figure(data.top_partners(filters, 10), "outgoing", filters)
    assert top.layout.yaxis.autorange == "reversed"

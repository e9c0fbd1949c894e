"""The flows page on the demo warehouse: its queries equal plain counts on the public views."""

from __future__ import annotations

import importlib

import dash
import pytest
from dash._callback_context import context_value
from dash._utils import AttributeDict

from dashboard import components, data
from dashboard.app import create_app
from dashboard.downloads import DOWNLOADS
from dashboard.filters import Filters

from .conftest import sql

ALES = "schools=imt-mines-ales&from=2018-2019&to=2022-2023&direction=outgoing&activities=study"


@pytest.fixture(scope="module")
def flows():
    """The page module as Dash registered it (importing dashboard.pages.flows would register
    it twice under another name)."""
    create_app()
    page = next(p for p in dash.page_registry.values() if p["path"] == "/flows")
    return importlib.import_module(page["module"])


def filters_of(query: str) -> Filters:
    return components.resolve(query)[0]


def text_of(layout) -> str:
    return str(layout).replace('"', "'")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Mobilities by activity", "Top 10 destinations (outgoing)", "Traineeship")),
        ("fr", ("Mobilités par activité", "10 premières destinations (sortants)", "Stage")),
    ],
)
def test_the_page_renders_on_the_demo_in_both_languages(flows, demo_warehouse, lang, words):
    text = text_of(flows.layout(lang=lang))
    for word in words:
        assert word in text
    for graph in (flows.TREND, flows.BY_ACTIVITY, flows.BY_REGION, flows.BALANCE):
        assert f"id='{graph}'" in text


def test_mobilities_by_activity_equal_the_sql_count(demo_warehouse):
    filters = filters_of("schools=imt-mines-albi&from=2018-2019&to=2022-2023&regions=150")
    frame = data.mobility_by_activity(filters)
    expected = sql(
        demo_warehouse,
        """
        select academic_year, activity, count(*) filter (where direction = 'outgoing'),
               count(*) filter (where direction = 'incoming'), count(*)
        from mobilities join partners using (partner_id)
        where school = 'IMT Mines Albi' and academic_year between '2018-2019' and '2022-2023'
          and region_name = 'Europe'
        group by all order by all
        """,
    )
    columns = ["academic_year", "activity", "count_outgoing", "count_incoming", "count_mobilities"]
    assert frame.select(columns).rows() == expected
    assert sum(row[-1] for row in expected) > 0


def test_mobilities_by_region_equal_the_sql_count(demo_warehouse):
    filters = filters_of("direction=incoming&activities=study,traineeship")
    frame = data.mobility_by_region(filters)
    expected = sql(
        demo_warehouse,
        """
        select academic_year, region_name, count(*)
        from mobilities join partners using (partner_id)
        where direction = 'incoming' and activity in ('study', 'traineeship')
        group by all order by all
        """,
    )
    got = sorted(frame.select("academic_year", "region_name", "count_mobilities").rows())
    assert got == expected
    assert frame["count_outgoing"].sum() == 0


def test_top_partners_are_the_partners_with_most_mobilities_each_way(demo_warehouse):
    filters = filters_of("from=2019-2020&to=2023-2024")
    top = data.top_partners(filters, 10)
    counts = sql(
        demo_warehouse,
        """
        select direction, partner_id, count(*) as n from mobilities
        where academic_year between '2019-2020' and '2023-2024'
        group by all order by direction, n desc
        """,
    )
    for direction in ("outgoing", "incoming"):
        expected = {p: n for d, p, n in counts if d == direction}
        rows = top.filter(top["direction"] == direction)
        assert rows["rank"].to_list() == list(range(1, 11))
        for partner_id, count in zip(rows["partner_id"], rows["count_mobilities"], strict=True):
            assert expected[partner_id] == count
        # nobody left out has more than the tenth
        others = [n for p, n in expected.items() if p not in set(rows["partner_id"])]
        assert max(others) <= rows["count_mobilities"].min()


def test_the_bench_compares_the_lists_the_page_shows(flows):
    from benchmarks import baseline

    assert (baseline.TOP_LIMIT, baseline.BALANCE_LIMIT) == (flows.TOP_LIMIT, flows.BALANCE_LIMIT)


def test_partner_balance_lists_the_20_partners_most_out_of_balance(demo_warehouse):
    filters = filters_of("schools=imt-nord-europe")
    balance = data.partner_balance(filters, 20)
    counts = {
        partner_id: (outgoing, incoming)
        for partner_id, outgoing, incoming in sql(
            demo_warehouse,
            """
            select partner_id, count(*) filter (where direction = 'outgoing'),
                   count(*) filter (where direction = 'incoming')
            from mobilities where school_id = 'imt-nord-europe' group by all
            """,
        )
    }
    assert balance.height == 20
    for row in balance.iter_rows(named=True):
        outgoing, incoming = counts[row["partner_id"]]
        assert (row["count_outgoing"], row["count_incoming"]) == (outgoing, incoming)
        assert row["balance"] == incoming - outgoing
        assert row["ratio_in_out"] == (round(incoming / outgoing, 2) if outgoing else None)
    others = [abs(i - o) for p, (o, i) in counts.items() if p not in set(balance["partner_id"])]
    assert max(others) <= balance["balance"].abs().min()


def test_the_downloads_are_the_frames_behind_the_charts(flows, demo_warehouse):
    filters = filters_of(ALES)
    outgoing = DOWNLOADS["top_partners_outgoing"](filters)
    expected = sql(
        demo_warehouse,
        """
        select count(*) from mobilities
        where school_id = 'imt-mines-ales' and academic_year between '2018-2019' and '2022-2023'
          and direction = 'outgoing' and activity = 'study' and partner_id = ?
        """,
        outgoing["partner_id"][0],
    )[0][0]
    assert outgoing["count_mobilities"][0] == expected
    assert DOWNLOADS["top_partners_incoming"](filters).is_empty()
    assert DOWNLOADS["mobility_by_activity"](filters)["activity"].unique().to_list() == ["study"]
    assert DOWNLOADS["partner_balance"](filters).equals(data.partner_balance(filters, 20))


def test_a_filtered_url_renders_the_view_it_names(flows, demo_warehouse):
    text = text_of(flows.layout(**dict(p.split("=") for p in ALES.split("&"))))
    assert "value=['imt-mines-ales']" in text and "value='outgoing'" in text
    assert "No incoming mobilities: the Direction filter leaves them out." in text
    assert "Only outgoing mobilities are counted here" in text
    # the partner links of the table keep the filters
    assert "(/partners/p-" in text and "?schools=imt-mines-ales&from=2018-2019" in text


def test_filters_without_data_show_why(flows, demo_warehouse):
    [[count]] = sql(
        demo_warehouse, "select count(*) from mobilities where school_id = 'imt-atlantique'"
    )
    assert count == 0
    for lang, message in (("en", "No data for these filters"), ("fr", "Aucune donnée")):
        text = text_of(flows.layout(schools="imt-atlantique", lang=lang))
        assert text.count(message) >= 6  # six charts and the table


def test_a_click_on_a_partner_bar_opens_its_profile(flows):
    click = {"points": [{"customdata": "p-0123456789", "x": 3}]}
    context_value.set(
        AttributeDict(
            triggered_inputs=[{"prop_id": f"{flows.TOP_INCOMING}.clickData", "value": click}]
        )
    )
    assert flows.open_clicked_partner(None, click, None) == "/partners/p-0123456789"
    context_value.set(
        AttributeDict(triggered_inputs=[{"prop_id": f"{flows.BALANCE}.clickData", "value": None}])
    )
    assert flows.open_clicked_partner(None, None, None) is dash.no_update


def test_typing_in_the_search_box_filters_the_table(flows):
    patch = flows.search_top_partners("laval").to_plotly_json()
    assert {
        "operation": "Assign",
        "location": ["quickFilterText"],
        "params": {"value": "laval"},
    } in (patch["operations"])

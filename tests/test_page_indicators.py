"""The indicators page: its figures equal plain SQL counts on the public views, on the demo and
on a tiny warehouse built from hand-written files; every callback runs; empty states say why."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable

import dash
import dash_ag_grid as dag
import dash_mantine_components as dmc
import polars as pl
import pytest
from dash import dcc

from dashboard import components, data, management
from dashboard.app import create_app
from dashboard.downloads import DOWNLOADS
from dashboard.pages.indicator_sections import grids, health, ids
from warehouse.importers.spreadsheets import pseudonym

from .conftest import DATA, sql

GRADUATES = DATA / "imports" / "graduates"
YEAR = "2024-2025"  # the demo's last academic year: what 'active' and 'used' refer to
WINDOW = ("2022-2023", "2024-2025")  # the three years of 'no flow for three years'


@pytest.fixture(scope="module")
def page():
    """The page module as Dash registered it (importing dashboard.pages.indicators would
    register it twice under another name)."""
    create_app()
    registered = next(p for p in dash.page_registry.values() if p["path"] == "/indicators")
    return importlib.import_module(registered["module"])


@pytest.fixture(scope="module")
def overview():
    create_app()
    return importlib.import_module("pages.overview")


def section_callbacks(page) -> list[tuple[list[str], Callable]]:
    """The callbacks that fill the page's sections from its stored filters, as Dash registered
    them: the ids whose children each one returns, and the plain function."""
    registered = {**dash._callback.GLOBAL_CALLBACK_MAP, **create_app().callback_map}
    return [
        (
            [output.rsplit(".", 1)[0] for output in key.strip(".").split("...")],
            entry["callback"].__wrapped__,
        )
        for key, entry in registered.items()
        if entry["inputs"] == [{"id": page.FILTERS, "property": "data"}]
    ]


def rendered(page, **query):
    """The page as a browser ends up showing it: the skeleton the router sends for the URL's
    `query`, each placeholder replaced by what its section callback returns."""
    layout = page.layout(**query)
    search = layout[page.FILTERS].data
    for slots, fill in section_callbacks(page):
        filled = fill(search)
        for slot, children in zip(slots, filled if len(slots) > 1 else [filled], strict=True):
            layout[slot].children = children
    return layout


def test_the_server_warm_up_fills_every_section(page):
    assert set(page.SECTIONS) == {fill for _slots, fill in section_callbacks(page)}


def text_of(layout) -> str:
    return str(layout).replace('"', "'")


def shown(layout, card_id: str) -> str:
    """The figure a KPI card shows."""
    return layout[card_id].children


def percent(count: int, total: int) -> str:
    """A share as the English page writes it: 68.8%."""
    return f"{round(100 * count / total, 1)}%"


def french_percent(value: float) -> str:
    """A percent (87.4) as the French page writes it: 87,4 % (a no-break space before %)."""
    return f"{value:.1f}".replace(".", ",") + "\u00a0%"


# ---------- the page


def test_the_page_is_registered_after_the_partner_page_and_in_the_navigation(page):
    registered = dash.page_registry[page.__name__]
    assert (registered["path"], registered["name"], registered["order"]) == (
        "/indicators", "Indicators", 5,
    )  # fmt: skip
    partner = next(p for p in dash.page_registry.values() if p["name"] == "Partner")
    assert partner["order"] < registered["order"]
    assert ("/indicators", "Indicators") in components.NAVIGATION


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Management indicators", "Agreement health", "Compulsory stay abroad")),
        ("fr", ("Indicateurs de pilotage", "Santé des accords", "Séjour obligatoire")),
    ],
)
def test_the_page_renders_every_chart_filled_on_the_demo(page, demo_warehouse, lang, words):
    layout = rendered(page, lang=lang)
    text = text_of(layout)
    for word in words:
        assert word in text
    for graph in (ids.USE, ids.QUOTA, page.BALANCE, ids.DD_BY_YEAR, page.DD_BY_PARTNER):
        assert layout[graph].figure.data, graph
    assert layout[ids.STAY].figure.data
    for grid in (ids.NO_FLOW_GRID, page.QUOTA_GRID, ids.BALANCE_GRID, ids.DD_GRID):
        assert layout[grid].rowData, grid
    # a partner's name links to its profile, keeping the filters
    assert "(/partners/p-" in text
    assert ("&lang=fr)" in text) == (lang == "fr")


def test_the_page_is_served_in_both_languages(page, demo_warehouse):
    client = create_app().server.test_client()
    for address in ("/indicators", "/indicators?lang=fr"):
        assert client.get(address).status_code == 200


def test_a_click_on_a_partner_bar_opens_its_profile(page):
    click = {"points": [{"customdata": "p-0123456789", "x": 3}]}
    for open_partner in (page.open_balance_partner, page.open_double_degree_partner):
        assert open_partner(click) == "/partners/p-0123456789"
        assert open_partner(None) is dash.no_update


def test_the_page_arrives_as_a_skeleton_that_the_section_callbacks_fill(page, demo_warehouse):
    layout = page.layout(schools="imt-mines-ales", lang="fr")
    filters = components.resolve({"schools": "imt-mines-ales", "lang": "fr"})[0]
    assert layout[page.FILTERS].data == filters.to_query()
    text = text_of(layout)
    assert "Indicateurs de pilotage" in text and "Séjour obligatoire" in text  # the headings
    parts = list(layout._traverse())
    assert not [c for c in parts if isinstance(c, dcc.Graph | dag.AgGrid)]  # no chart or table yet
    placeholders = {
        component.id
        for component in parts
        if isinstance(getattr(component, "children", None), dmc.Skeleton)
    }
    filled = [slot for slots, _fill in section_callbacks(page) for slot in slots]
    # every placeholder has one callback, and every section callback fills placeholders only
    assert sorted(filled) == sorted(placeholders)
    assert len(section_callbacks(page)) == 7
    assert {page.HEALTH, page.QUOTAS, page.BALANCES, page.DOUBLE_DEGREES} <= placeholders
    assert {f"{card}-slot" for card in page.KPI_CARDS} <= placeholders
    whole = rendered(page, schools="imt-mines-ales", lang="fr")
    assert not [c for c in whole._traverse() if isinstance(c, dmc.Skeleton)]
    charts = {c.id for c in whole._traverse() if isinstance(c, dcc.Graph)}
    assert charts == {ids.USE, ids.QUOTA, page.BALANCE, ids.DD_BY_YEAR, page.DD_BY_PARTNER,
                      ids.STAY}  # fmt: skip
    for card in page.KPI_CARDS:
        assert whole[card].children


def test_typing_in_the_search_box_filters_the_quotas(page):
    patch = page.search_quotas("rio").to_plotly_json()
    assert {
        "operation": "Assign",
        "location": ["quickFilterText"],
        "params": {"value": "rio"},
    } in patch["operations"]


# ---------- figures equal SQL counts on the demo


def test_compulsory_stay_equals_months_counted_from_the_mobilities(page, demo_warehouse):
    # months abroad recounted from the mobilities, not from the graduates' own columns
    rows = sql(
        demo_warehouse,
        """
        with months as (
            select g.school_id, g.graduation_year, g.ects_abroad,
                   coalesce(sum(m.duration_months), 0) as months
            from graduates g
            left join mobilities m
              on m.participant_id = g.participant_id and m.school_id = g.school_id
             and m.direction = 'outgoing' and m.activity not like 'staff%'
             and m.academic_year <= (g.graduation_year - 1) || '-' || g.graduation_year
            group by g.school_id, g.participant_id, g.graduation_year, g.ects_abroad
        )
        select graduation_year, school_id, count(*), count(*) filter (where months >= 4),
               count(*) filter (where months >= 3 or ects_abroad >= 15)
        from months group by grouping sets ((graduation_year), (graduation_year, school_id))
        order by graduation_year, school_id nulls first
        """,
    )
    cohorts = data.graduate_cohorts(components.resolve({})[0])
    assert cohorts.select(
        "graduation_year", "school_id", "count_graduates", "count_meeting_school_rule",
        "count_meeting_eu_benchmark",
    ).rows() == rows  # fmt: skip
    assert len(rows) == 8 * 4  # eight cohorts, three schools and their total
    year, _school, graduates, school_rule, eu = rows[-4]
    assert year == 2025 and 0 < school_rule < eu < graduates
    layout = rendered(page)
    assert shown(layout, page.KPI_SCHOOL_RULE) == percent(school_rule, graduates)
    assert shown(layout, page.KPI_EU_BENCHMARK) == percent(eu, graduates)
    chart = layout[ids.STAY].figure
    assert list(chart.data[0].y)[-1] == round(100 * school_rule / graduates, 1)
    assert list(chart.data[1].y)[-1] == round(100 * eu / graduates, 1)


def test_the_cohorts_follow_the_school_and_year_filters(demo_warehouse):
    filters = components.resolve({"schools": "imt-mines-ales", "from": "2019-2020", "to": YEAR})[0]
    cohorts = data.graduate_cohorts(filters)
    expected = sql(
        demo_warehouse,
        "select graduation_year, count(*) from graduates where school = 'IMT Mines Alès' "
        "and graduation_year between 2020 and 2025 group by all order by all",
    )
    totals = cohorts.filter(pl.col("school_id").is_null())
    assert totals.select("graduation_year", "count_graduates").rows() == expected


def test_agreement_use_and_no_flow_for_three_years_equal_the_sql_counts(page, demo_warehouse):
    [(active, used, no_flow)] = sql(
        demo_warehouse,
        """
        with fitting as (
            select a.agreement_id, m.academic_year
            from agreements a join mobilities m
              on m.school_id = a.school_id and m.partner_id = a.partner_id
             and (a.agreement_type <> 'double_degree' or m.activity = 'double_degree')
        )
        select
            count(*) filter (where coalesce(first_academic_year, listed_academic_year) <= $year
                               and coalesce(last_academic_year >= $year, true)),
            count(*) filter (where coalesce(first_academic_year, listed_academic_year) <= $year
                               and coalesce(last_academic_year >= $year, true)
                               and agreement_id in (select agreement_id from fitting
                                                    where academic_year = $year)),
            -- an agreement without a first year is never "three years without flow": since
            -- when it runs is not known
            count(*) filter (where first_academic_year <= $first
                               and coalesce(last_academic_year >= $year, true)
                               and agreement_id not in (
                                   select agreement_id from fitting
                                   where academic_year between $first and $year)),
        from agreements
        """.replace("$year", f"'{YEAR}'").replace("$first", f"'{WINDOW[0]}'"),
    )
    # 359 agreements and the 12 Nord Europe signed in 2014-2015 and never used (the demo's)
    assert active == 371 and 0 < no_flow < used < active
    layout = rendered(page)
    assert shown(layout, page.KPI_USED) == percent(used, active)
    assert shown(layout, page.KPI_NO_FLOW) == str(no_flow)
    assert len(layout[ids.NO_FLOW_GRID].rowData) == no_flow
    figure = layout[ids.USE].figure
    assert sum(sum(trace.x) for trace in figure.data) == active
    used_trace = next(tr for tr in figure.data if tr.name == "Used in the year")
    assert sum(used_trace.x) == used
    summary = management.summary(components.resolve({})[0], YEAR)
    assert (summary.count_active, summary.count_used, summary.count_no_flow) == (
        active, used, no_flow,
    )  # fmt: skip


def test_nothing_ends_within_a_year_and_every_flow_has_an_agreement_on_the_demo(
    page, demo_warehouse
):
    [(ending, open_ended, orphans)] = sql(
        demo_warehouse,
        """
        select
            count(*) filter (where last_academic_year in (
                current_academic_year(),
                (academic_year_start(current_academic_year()) + 1)::varchar || '-'
                || (academic_year_start(current_academic_year()) + 2)::varchar)),
            count(*) filter (where last_academic_year is null),
            (select count(distinct (school_id, partner_id)) from mobilities m
             where not exists (select 1 from agreements a
                               where a.school_id = m.school_id and a.partner_id = m.partner_id)),
        from agreements
        """,
    )
    assert (ending, orphans) == (0, 0)
    layout = rendered(page)
    assert shown(layout, page.KPI_ENDING) == "0"
    assert shown(layout, page.KPI_WITHOUT_AGREEMENT) == "0"
    text = text_of(layout)
    assert f"{open_ended} active agreements have no known last academic year" in text
    assert "Every school and partner pair with mobilities has an agreement." in text
    french = text_of(rendered(page, lang="fr"))
    assert "Chaque couple école et partenaire ayant des mobilités a un accord." in french


def test_quota_versus_realised_for_one_agreement_equals_the_sql_count(demo_warehouse):
    # an Erasmus quota of outgoing study places (EQF 6 and 7) that students used in 2023-2024
    [(quota_id, partner_id, places)] = sql(
        demo_warehouse,
        """
        select q.quota_id, q.partner_id, q.mobilities_per_year
        from agreement_quotas q join agreements a using (agreement_id)
        where a.agreement_type = 'erasmus' and q.direction = 'outgoing'
          and q.mobility_type = 'student_studies'
          and (select count(*) from mobilities m
               where m.school_id = q.school_id and m.partner_id = q.partner_id
                 and m.direction = 'outgoing' and m.academic_year = '2023-2024'
                 and m.activity = 'study') >= 2
        order by q.quota_id limit 1
        """,
    )
    [(count, months)] = sql(
        demo_warehouse,
        """
        select count(*), round(sum(duration_months), 1) from mobilities
        where school = 'IMT Mines Alès' and partner_id = ? and direction = 'outgoing'
          and academic_year = '2023-2024' and activity = 'study'
          and (level in ('bachelor', 'master') or level is null)
        """,
        partner_id,
    )
    quotas = data.quota_vs_realised(components.resolve({})[0])
    row = quotas.filter(
        (pl.col("quota_id") == quota_id) & (pl.col("academic_year") == "2023-2024")
    ).row(0, named=True)
    assert (row["quota_mobilities"], row["realised_mobilities"], row["realised_months"]) == (
        places, count, months,
    )  # fmt: skip
    assert row["percent_used"] == round(100 * count / places, 1)
    # Erasmus quotas run 2021-2022 to 2027-2028: four academic years of the demo
    years = quotas.filter(pl.col("quota_id") == quota_id)["academic_year"].to_list()
    assert years == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]


def test_the_quota_chart_and_kpi_add_up_the_quota_rows(page, demo_warehouse):
    [(places, used)] = sql(
        demo_warehouse,
        """
        select sum(q.mobilities_per_year)::int,
               sum((select count(*) from mobilities m
                    join agreements a using (school_id, partner_id)
                    where a.agreement_id = q.agreement_id and m.direction = q.direction
                      and m.academic_year = '2024-2025'
                      and m.activity = case when a.agreement_type = 'double_degree'
                                            then 'double_degree' else 'study' end
                      and (m.level is null or list_contains(string_split(q.eqf_levels, '; '),
                           case m.level when 'bachelor' then '6' when 'master' then '7'
                                        when 'doctorate' then '8' end))))::int
        from agreement_quotas q
        where q.mobility_type = 'student_studies'
          and coalesce(q.first_academic_year, q.listed_academic_year) <= '2024-2025'
          and coalesce(q.last_academic_year >= '2024-2025', true)
        """,
    )
    [(staff_places, staff_used)] = sql(
        demo_warehouse,
        """
        select count(*),
               (select count(*) from mobilities m join agreement_quotas q
                  on m.school_id = q.school_id and m.partner_id = q.partner_id
                 and q.mobility_type = 'staff_teaching'
                where m.direction = 'outgoing' and m.activity = 'staff_teaching'
                  and m.academic_year = '2024-2025')
        from agreement_quotas where mobility_type = 'staff_teaching'
        """,
    )
    layout = rendered(page)
    total, realised = places + staff_places, used + staff_used
    assert shown(layout, page.KPI_QUOTA_USED) == percent(realised, total)
    figure = layout[ids.QUOTA].figure
    last_year = {trace.name: list(trace.y)[-1] for trace in figure.data}
    assert last_year["Outgoing: places"] + last_year["Incoming: places"] == total
    assert last_year["Outgoing: realised"] + last_year["Incoming: realised"] == realised


def test_the_double_degree_pipeline_equals_the_sql_counts(page, demo_warehouse):
    per_year = sql(
        demo_warehouse,
        """
        select academic_year, count(*) filter (where direction = 'outgoing'),
               count(*) filter (where direction = 'incoming')
        from mobilities where activity = 'double_degree' group by all order by all
        """,
    )
    figure = rendered(page)[ids.DD_BY_YEAR].figure
    leaving, arriving = figure.data
    assert list(zip(leaving.x, leaving.y, arriving.y, strict=True)) == per_year
    filters = components.resolve({"schools": "imt-nord-europe", "direction": "incoming"})[0]
    pipeline = data.double_degree_pipeline(filters)
    [(arrived,)] = sql(
        demo_warehouse,
        "select count(*) from mobilities where activity = 'double_degree' "
        "and school = 'IMT Nord Europe' and direction = 'incoming'",
    )
    assert pipeline["count_arriving"].sum() == arrived and pipeline["count_leaving"].sum() == 0


def test_the_balance_grid_is_the_flows_pages_balance(page, demo_warehouse):
    layout = rendered(page, schools="imt-mines-albi", direction="outgoing", lang="fr")
    rows = layout[ids.BALANCE_GRID].rowData
    counts = dict(
        (partner_id, (outgoing, incoming))
        for partner_id, outgoing, incoming in sql(
            demo_warehouse,
            "select partner_id, count(*) filter (where direction = 'outgoing'), "
            "count(*) filter (where direction = 'incoming') from mobilities "
            "where school = 'IMT Mines Albi' and direction = 'outgoing' group by all",
        )
    )
    assert len(rows) == 20
    for row in rows:
        partner_id = row["partner"].split("/partners/")[1].split("?")[0]
        assert (row["count_outgoing"], row["count_incoming"]) == counts[partner_id]
        assert row["balance"] == -row["count_outgoing"]
    link = rows[0]["partner"]
    assert "?schools=imt-mines-albi&" in link and "&direction=outgoing&lang=fr)" in link
    note = text_of(layout[ids.BALANCE_NOTE])
    assert "Seules les mobilités « sortants » sont comptées ici" in note


def test_every_indicator_download_is_the_frame_behind_its_chart(page, demo_warehouse):
    filters = components.resolve({"schools": "imt-mines-ales"})[0]
    quotas = data.quota_vs_realised(filters)
    by_year = DOWNLOADS["quota_use_by_year"](filters)
    assert by_year["quota_mobilities"].sum() == quotas["quota_mobilities"].sum()
    assert by_year["realised_mobilities"].sum() == quotas["realised_mobilities"].sum()
    dd = DOWNLOADS["double_degrees_by_year"](filters)
    [(count,)] = sql(
        demo_warehouse,
        "select count(*) from mobilities where activity = 'double_degree' "
        "and school = 'IMT Mines Alès'",
    )
    assert dd["count_leaving"].sum() + dd["count_arriving"].sum() == count
    assert DOWNLOADS["double_degrees_by_partner"](filters).height == page.DD_PARTNER_LIMIT
    assert DOWNLOADS["graduate_cohorts"](filters).equals(data.graduate_cohorts(filters))
    client = create_app().server.test_client()
    response = client.get("/download/agreements_without_flows.csv?schools=imt-nord-europe")
    assert response.status_code == 200
    [(no_flow,)] = sql(
        demo_warehouse,
        """
        -- an agreement without a first year is never three years without flow (undated)
        select count(*) from agreements a where school = 'IMT Nord Europe'
          and first_academic_year <= '2022-2023'
          and not exists (select 1 from mobilities m where m.school_id = a.school_id
                          and m.partner_id = a.partner_id
                          and m.academic_year between '2022-2023' and '2024-2025'
                          and (a.agreement_type <> 'double_degree'
                               or m.activity = 'double_degree'))
        """,
    )
    assert response.data.decode().count("\n") == no_flow + 1  # header and one line each


def test_the_overview_shows_the_indicators_and_links_to_the_page(overview, demo_warehouse):
    layout = overview.layout(schools="imt-mines-ales", lang="fr")
    summary = management.summary(components.resolve({"schools": "imt-mines-ales"})[0], YEAR)
    assert summary.cohort == 2025 and summary.percent_used is not None
    assert shown(layout, overview.INDICATOR_USED) == french_percent(summary.percent_used)
    assert shown(layout, overview.INDICATOR_NO_FLOW) == str(summary.count_no_flow)
    assert shown(layout, overview.INDICATOR_SCHOOL_RULE) == french_percent(
        summary.percent_school_rule
    )
    assert shown(layout, overview.INDICATOR_EU_BENCHMARK) == french_percent(
        summary.percent_eu_benchmark
    )
    [(graduates, meeting)] = sql(
        demo_warehouse,
        "select count(*), count(*) filter (where meets_school_rule) from graduates "
        "where school = 'IMT Mines Alès' and graduation_year = 2025",
    )
    assert summary.percent_school_rule == round(100 * meeting / graduates, 1)
    text = text_of(layout)
    query = components.resolve({"schools": "imt-mines-ales", "lang": "fr"})[0].to_query()
    assert f"href='/indicators{query}'" in text and "schools=imt-mines-ales" in query
    assert "Indicateurs de pilotage" in text


# ---------- a tiny warehouse from hand-written files


def _academic_year(offset: int) -> str:
    today = dt.date.today()
    start = (today.year if today.month >= 8 else today.year - 1) + offset
    return f"{start}-{start + 1}"


@pytest.fixture
def tiny(isolated_warehouse, tmp_path):
    """IMT Mines Albi with four agreements, the graduates fixtures' mobilities and graduates."""
    from warehouse import loading

    partners = tmp_path / "partners.csv"
    partners.write_text(
        "Institution,Country,Programme,Places,Start,End\n"
        f"Université de Liège,Belgium,Erasmus+,2,2021-2022,{_academic_year(0)}\n"
        "Technische Universität München,Germany,Double degree,1,2019-2020,\n"
        "Politecnico di Milano,Italy,Erasmus+,,2018-2019,\n"
        "University of Oslo,Norway,Erasmus+,,2015-2016,\n",
        encoding="utf-8",
    )
    loading.import_agreements(partners, "IMT Mines Albi")
    loading.import_mobilities([GRADUATES / "mobilities.csv"], "IMT Mines Albi")
    loading.import_graduates(GRADUATES / "graduates.csv", "IMT Mines Albi")
    return isolated_warehouse


def test_on_a_tiny_warehouse_every_indicator_is_the_hand_count(page, tiny):
    layout = rendered(page)
    # years with mobilities: 2022-2023, 2023-2024, 2025-2026; 'used' refers to 2025-2026
    # Liège and Milano were used in 2023-2024; TUM's double degree was never used (G-002's
    # traineeship there is no double degree) and Oslo never had a flow: no flow for 3 years
    assert shown(layout, page.KPI_USED) == "0.0%"
    assert shown(layout, page.KPI_NO_FLOW) == "2"
    no_flow = layout[ids.NO_FLOW_GRID].rowData
    assert sorted(row["partner_name"] for row in no_flow) == [
        "Technische Universität München", "University of Oslo",
    ]  # fmt: skip
    # Liège ends this academic year
    ending = layout[ids.ENDING_GRID].rowData
    assert [row["partner_name"] for row in ending] == ["Université de Liège"]
    # Aalto (two stays) and Madrid (one) have flows but no agreement
    orphans = {row["partner_name"]: row["count_outgoing"] for row in
               layout[ids.WITHOUT_AGREEMENT_GRID].rowData}  # fmt: skip
    assert orphans == {"Aalto University": 2, "Universidad Politécnica de Madrid": 1}
    assert shown(layout, page.KPI_WITHOUT_AGREEMENT) == "2"
    # Liège's 2 outgoing places were used by G-001 in 2023-2024; TUM's double-degree place never
    quotas = {
        (row["partner_name"], row["academic_year"]): (
            row["quota_mobilities"], row["realised_mobilities"],
        )
        for row in layout[page.QUOTA_GRID].rowData
    }  # fmt: skip
    assert quotas == {
        ("Université de Liège", "2022-2023"): (2.0, 0),
        ("Université de Liège", "2023-2024"): (2.0, 1),
        ("Université de Liège", "2025-2026"): (2.0, 0),
        ("Technische Universität München", "2022-2023"): (1.0, 0),
        ("Technische Universität München", "2023-2024"): (1.0, 0),
        ("Technische Universität München", "2025-2026"): (1.0, 0),
    }
    assert shown(layout, page.KPI_QUOTA_USED) == "0.0%"
    # cohort 2024: G-001 and G-003 meet the 4 months, G-001 to G-004 the EU benchmark, of 7
    assert shown(layout, page.KPI_SCHOOL_RULE) == "28.6%"
    assert shown(layout, page.KPI_EU_BENCHMARK) == "57.1%"
    [stay] = layout[ids.STAY_GRID].rowData
    assert (stay["graduation_year"], stay["count_graduates"], stay["count_with_mobility"]) == (
        2024, 7, 4,
    )  # fmt: skip
    key = tiny.with_suffix(".key").read_bytes()
    [(participant,)] = sql(tiny, "select participant_id from graduates where months_abroad = 5")
    assert participant == pseudonym("G-001", key)


def test_flows_without_agreement_are_cut_in_sql_and_counted_whole(page, tiny):
    """The page asks for the pairs it shows; total_rows counts them all; the download has all."""
    filters = components.resolve({})[0]
    first, total = data.flows_without_agreement(filters, limit=1)
    assert first.select("partner_name", "count_mobilities").rows() == [("Aalto University", 2)]
    assert total == 2
    everything = DOWNLOADS["flows_without_agreement"](filters)
    assert everything["partner_name"].to_list() == [
        "Aalto University", "Universidad Politécnica de Madrid",
    ]  # fmt: skip
    assert "total_rows" not in everything.columns
    grid, note = health.without_agreement_table(filters, first, 1200).children[-1].children
    assert len(grid.rowData) == 1
    assert "of 1200 rows" in note.children


def test_filters_the_year_range_leaves_out_move_the_reference_year(page, tiny):
    layout = rendered(page, to="2023-2024")
    # in 2023-2024 Liège and Milano were used; TUM's double degree and Oslo were not
    assert shown(layout, page.KPI_USED) == "50.0%"
    assert shown(layout, page.KPI_QUOTA_USED) == "33.3%"  # 1 of Liège's 2 and TUM's 1 place


@pytest.mark.parametrize(
    ("lang", "messages"),
    [
        (
            "en",
            (
                "No agreement has a known quota: import EWP files or a partner list with a "
                "places column.",
                "No graduate cohort in this range: import a graduates file with "
                "`mobility import graduates FILE --school SCHOOL`.",
            ),
        ),
        (
            "fr",
            (
                "Aucun accord n'a de quota connu : importez des fichiers EWP ou une liste de "
                "partenaires avec une colonne de places.",
                "Aucune promotion de diplômés sur cette période",
            ),
        ),
    ],
)
def test_empty_indicators_say_why(page, isolated_warehouse, tmp_path, lang, messages):
    from warehouse import loading

    partners = tmp_path / "partners.csv"
    partners.write_text("Institution,Country\nAalto University,Finland\n", encoding="utf-8")
    loading.import_agreements(partners, "IMT Mines Albi")
    layout = rendered(page, lang=lang)
    text = text_of(layout)
    for message in messages:
        assert message.replace('"', "'") in text
    assert layout[ids.QUOTA].figure.layout.annotations  # an empty chart says why
    assert shown(layout, page.KPI_SCHOOL_RULE) == "—"


def test_an_empty_warehouse_says_so(page, isolated_warehouse):
    from warehouse import db

    with db.writing():
        pass
    assert "The warehouse is empty" in text_of(page.layout())


def test_a_long_table_sends_its_first_rows_and_says_the_downloads_have_all(page):
    frame = pl.DataFrame({"academic_year": [f"{2000 + i % 20}-x" for i in range(1200)]})
    shown = grids.grid("test-grid", frame, [("academic_year", "indicators.col.year")], "en")
    grid, note = shown.children
    assert len(grid.rowData) == page.GRID_ROW_LIMIT == 200
    assert note.children == (
        "The first 200 of 1200 rows are shown; the CSV and Excel downloads have them all."
    )
    small = grids.grid("test-grid", frame.head(3), [("academic_year", "indicators.col.year")], "en")
    assert len(small.rowData) == 3

"""Every page renders against real warehouses, without a browser; downloads are real files."""

from __future__ import annotations

import importlib

import dash
import dash_ag_grid as dag
import dash_mantine_components as dmc
import pytest
from dash import dcc, html

from dashboard.app import create_app, warm_up_in_background
from dashboard.filters import Filters
from dashboard.i18n import translator
from warehouse import db, db_read

from .conftest import read_download, sql


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def overview(app):
    """The page module as Dash loaded it: importing dashboard.pages.overview would register the
    page and its callbacks a second time."""
    return importlib.import_module("pages.overview")


def parts(component) -> list:
    """A layout's components, depth first."""
    found = [component]
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += parts(child)
    return found


def test_every_page_is_registered_with_a_name_a_path_and_an_order(app):
    for page in dash.page_registry.values():
        assert page["name"] and page["path"].startswith("/") and isinstance(page["order"], int)


# Dash pages' path of pages/not_found_404.py, shown for any unknown address
NOT_FOUND = "/not-found-404"
# pages of words, without a chart or a table
TEXT_PAGES = {"/help", NOT_FOUND}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_on_the_demo_in_both_languages(app, demo_warehouse, lang):
    for page in dash.page_registry.values():
        if "<" in page["path_template"] if page.get("path_template") else False:
            continue
        layout = page["layout"](lang=lang) if callable(page["layout"]) else page["layout"]
        # the page's own link is the active one of the navigation, in the page's language
        active = [
            link
            for link in parts(layout)
            if isinstance(link, dcc.Link) and getattr(link, "className", "") == "active"
        ]
        # (the 404 page is in no menu: no link of the menu is active there)
        expected = [] if page["path"] == NOT_FOUND else [page["path"]]
        assert [link.href.split("?")[0] for link in active] == expected, page["path"]
        if active:
            assert active[0].children == translator(lang)(page["name"]), page["path"]
        # and its content: titled, with charts or tables (the indicators page shows its
        # sections' placeholders, that their callbacks fill; the help and 404 pages are words)
        (main,) = [c for c in parts(layout) if isinstance(c, html.Main)]
        headings = [c.children for c in parts(main) if isinstance(c, html.H1 | html.H2)]
        assert headings and all(headings), page["path"]
        if page["path"] in TEXT_PAGES:
            continue
        content = (dcc.Graph, dag.AgGrid, *([dmc.Skeleton] * (page["path"] == "/indicators")))
        assert any(isinstance(c, content) for c in parts(main)), page["path"]


def test_the_warm_up_leaves_every_page_default_view_in_the_query_cache(
    app, demo_warehouse, monkeypatch
):
    warm_up = warm_up_in_background()
    warm_up.join(timeout=120)
    assert not warm_up.is_alive()
    # every page rendered again under the default filters, and the sections the indicators page
    # fills after its skeleton, open no cursor on the warehouse: the answers come from the cache
    opened = []
    # where the door looks it up (warehouse.db is a facade over db_read)
    reader = db_read.reader
    monkeypatch.setattr(db_read, "reader", lambda *args: opened.append(args) or reader(*args))
    rendered = 0
    for page in dash.page_registry.values():
        if not page.get("path_template") and callable(page["layout"]):
            page["layout"]()
            rendered += 1
    importlib.import_module("pages.indicators").warm_up()
    assert rendered >= 7 and opened == []
    # while a question no page asks opens one
    db.query("partner_spellings", partner_id="p-nobody")
    assert len(opened) == 1


def test_every_page_is_served(app, demo_warehouse):
    client = app.server.test_client()
    for page in dash.page_registry.values():
        assert client.get(page["relative_path"]).status_code == 200


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_overview_kpis_equal_counts_on_the_public_views(overview, demo_warehouse, lang):
    text = str(overview.layout(schools="imt-mines-albi", lang=lang))
    active, partners, countries = sql(
        demo_warehouse,
        """
        select count(*), count(distinct partner_id), count(distinct p.country_iso2)
        from agreements join partners p using (partner_id)
        where school = 'IMT Mines Albi' and status = 'active'
        """,
    )[0]
    assert (active, partners, countries) == (195, 161, 51)
    assert ("Accords actifs" if lang == "fr" else "Active agreements") in text
    for card, value in (
        (overview.KPI_ACTIVE, active),
        (overview.KPI_PARTNERS, partners),
        (overview.KPI_COUNTRIES, countries),
    ):
        assert f"children='{value}', id='{card}'" in text.replace('"', "'")


def test_overview_explains_an_empty_warehouse(overview, isolated_warehouse):
    from warehouse import db

    with db.writing():
        pass
    text = str(overview.layout())
    assert "The warehouse is empty" in text and "SYNTHETIC" not in text


def test_filters_survive_a_round_trip_through_the_url():
    filters = Filters(
        schools=("imt-mines-albi", "imt-mines-ales"), year_from="2019-2020",
        year_to="2024-2025", direction="outgoing", activities=("study",), regions=("150",),
        lang="fr",
    )  # fmt: skip
    assert Filters.from_query(filters.to_query()) == filters
    assert Filters.from_query("?direction=sideways&lang=de&from=junk") == Filters()


def test_a_downloaded_csv_equals_the_sql_count(app, demo_warehouse):
    response = app.server.test_client().get(
        "/download/mobility_trend.csv?schools=imt-mines-ales&direction=outgoing"
    )
    assert response.status_code == 200
    frame = read_download(response.data)
    expected = dict(
        sql(
            demo_warehouse,
            "select academic_year, count(*) from mobilities where school = 'IMT Mines Alès' "
            "and direction = 'outgoing' group by all",
        )
    )
    assert dict(zip(frame["academic_year"], frame["count_mobilities"], strict=True)) == expected


def test_every_download_is_served_as_csv_and_excel(app, demo_warehouse):
    from dashboard.downloads import DOWNLOADS

    client = app.server.test_client()
    for name in DOWNLOADS:
        for file_format in ("csv", "xlsx"):
            response = client.get(f"/download/{name}.{file_format}?lang=fr")
            assert response.status_code == 200, (name, file_format)
            assert response.data, (name, file_format)
    assert client.get("/download/no_such_table.csv").status_code == 404


def test_grids_speak_the_page_language(app, demo_warehouse):
    data_page = importlib.import_module("pages.data")
    french = str(data_page.layout(lang="fr"))
    assert "'Lignes lues'" in french.replace('"', "'") and "'page': 'Page', 'of': 'sur'" in french
    english = str(data_page.layout(lang="en"))
    assert "'Rows read'" in english.replace('"', "'") and "'localeText': {}" in english

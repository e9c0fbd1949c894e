"""The agreements page on real warehouses: its queries recount the public views, its tables link
partners, its empty states say why, its search box filters the grid."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import dash
import polars as pl
import pytest

from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.i18n import translator

from .conftest import sql

YEAR = "2024-2025"  # the demo's last academic year, the page's default "active in" year
ALBI = Filters(schools=("imt-mines-albi",), year_to=YEAR)
EVERYWHERE = Filters(year_to=YEAR)
# Whether an agreement runs in YEAR, written out on the public view rather than via the macro:
# without a first year, from the year its list was valid.
ACTIVE = (
    f"coalesce(first_academic_year, listed_academic_year) <= '{YEAR}' "
    f"and coalesce(last_academic_year >= '{YEAR}', true)"
)
# The current academic year (1 August rule, today's date) and the next one.
SOON = """(
    current_academic_year(),
    (academic_year_start(current_academic_year()) + 1)::varchar || '-'
    || (academic_year_start(current_academic_year()) + 2)::varchar
)"""


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def page(app):
    """The page module as Dash loaded it: importing dashboard.pages.agreements would register
    the page a second time, and Dash then refuses every request (duplicate paths)."""
    return sys.modules[dash.page_registry["pages.agreements"]["module"]]


def find(component, component_id: str):
    """The component of a layout with this id (depth first), or None."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str | int | float):
        return None
    for child in children if isinstance(children, list | tuple) else [children]:
        found = find(child, component_id)
        if found is not None:
            return found
    return None


def text(layout) -> str:
    return str(layout).replace('"', "'")


# ---------- the layout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Active agreements by school and type", "Germany", "Group level"]),
        ("fr", ["Accords actifs par école et par type", "Allemagne", "Niveau groupe"]),
    ],
)
def test_the_page_renders_on_the_demo_in_both_languages(app, page, demo_warehouse, lang, words):
    layout = page.layout(lang=lang)
    # the table's rows come a block at a time, from the grid's own callback
    rendered = text(layout) + str(rows_of(page, url=f"?lang={lang}"))
    for word in words:
        assert word in rendered
    (active,) = sql(demo_warehouse, f"select count(*) from agreements where {ACTIVE}")[0]
    for graph in (page.BY_TYPE, page.BY_LEVEL):  # horizontal bars: counts on x
        assert sum(sum(trace.x) for trace in find(layout, graph).figure.data) == active
    assert sum(sum(trace.y) for trace in find(layout, page.BY_REGION).figure.data) == active
    # the list's grid and search box, in the page's language (rows come from the callback)
    t = translator(lang)
    grid, search = find(layout, page.LIST_GRID), find(layout, page.SEARCH)
    headers = [column["headerName"] for column in grid.columnDefs]
    assert headers[:3] == [t("School"), t("Partner"), t("Country")]
    assert grid.rowModelType == "infinite" and search.label == t("Search")


def test_the_page_is_served_and_registered(app, page, demo_warehouse):
    registered = dash.page_registry["pages.agreements"]
    assert (registered["path"], registered["name"], registered["order"]) == (
        "/agreements",
        "Agreements",
        2,
    )
    assert app.server.test_client().get("/agreements?lang=fr").status_code == 200


def test_the_kpis_equal_counts_on_the_public_views(app, page, demo_warehouse):
    rendered = text(page.layout(schools="imt-mines-albi"))
    active, partners, countries, group, synthetic = sql(
        demo_warehouse,
        f"""
        select count(*), count(distinct partner_id), count(distinct p.country_iso2),
               count(*) filter (where signatory_level = 'group'),
               count(*) filter (where is_synthetic)
        from agreements join partners p using (partner_id)
        where school = 'IMT Mines Albi' and {ACTIVE}
        """,
    )[0]
    share = round(100 * group / active, 1)
    assert active > 0 and 0 < share < 100 and synthetic > 0
    for card, value in (
        (page.KPI_ACTIVE, active),
        (page.KPI_PARTNERS, partners),
        (page.KPI_COUNTRIES, countries),
        (page.KPI_GROUP_SHARE, share),
        (page.KPI_SYNTHETIC, synthetic),
    ):
        shown = f"{value:,}".replace(",", " ")
        assert f"children='{shown}', id='{card}'" in rendered, card


# ---------- each query recounts the public views


def test_agreements_by_school_and_type_recounts_the_agreements_view(app, demo_warehouse):
    from dashboard import data

    for filters, where in ((EVERYWHERE, "true"), (ALBI, "school_id = 'imt-mines-albi'")):
        expected = sql(
            demo_warehouse,
            f"""
            select school, agreement_type, count(*) from agreements
            where {where} and {ACTIVE} group by all order by all
            """,
        )
        frame = data.agreements_by_school_and_type(filters, YEAR)
        assert frame.select("school", "agreement_type", "count_agreements").rows() == expected
    assert len({school for school, *_ in expected}) == 1


def test_agreements_by_school_and_level_recounts_the_agreements_view(app, demo_warehouse):
    from dashboard import data

    expected = sql(
        demo_warehouse,
        f"select school, signatory_level, count(*) from agreements where {ACTIVE} "
        "group by all order by all",
    )
    frame = data.agreements_by_school_and_level(EVERYWHERE, YEAR)
    assert frame.select("school", "signatory_level", "count_agreements").rows() == expected
    assert {level for _, level, _ in expected} == {"group", "school"}


def test_agreements_by_region_recounts_agreements_per_partner_region(app, demo_warehouse):
    from dashboard import data

    expected = sql(
        demo_warehouse,
        f"""
        select p.region_name, a.agreement_type, count(*)
        from agreements a join partners p using (partner_id)
        where {ACTIVE} group by all order by all
        """,
    )
    frame = data.agreements_by_region(EVERYWHERE, YEAR)
    got = frame.select("region_name", "agreement_type", "count_agreements").sort(
        "region_name", "agreement_type"
    )
    assert got.rows() == expected
    # biggest region first, so that the bars read from the largest
    totals = frame["count_region_agreements"].to_list()
    assert totals == sorted(totals, reverse=True)
    europe = data.agreements_by_region(Filters(regions=("150",)), YEAR)
    assert set(europe["region_code"]) == {"150"}
    assert europe["count_agreements"].sum() == sum(n for r, _, n in expected if r == "Europe")


def test_agreement_list_lists_every_agreement_under_the_filters(app, demo_warehouse):
    from dashboard import data

    (count_all,) = sql(demo_warehouse, "select count(*) from agreements")[0]
    assert data.agreement_rows(EVERYWHERE, YEAR, limit=None).rows.height == count_all
    (count_albi_europe,) = sql(
        demo_warehouse,
        """
        select count(*) from agreements a join partners p using (partner_id)
        join countries c on c.country_iso2 = p.country_iso2
        where a.school_id = 'imt-mines-albi' and c.region_code = '150'
        """,
    )[0]
    albi_europe = Filters(schools=("imt-mines-albi",), regions=("150",))
    frame = data.agreement_rows(albi_europe, YEAR, limit=None).rows
    assert frame.height == count_albi_europe > 0
    assert set(frame["region_name"]) == {"Europe"}


def rows_of(page, search: str = "", url: str = "", start=0, end=100, sort=None) -> dict:
    request = {"startRow": start, "endRow": end, "sortModel": sort or [], "filterModel": {}}
    return page.list_rows(request, search, url)


def test_the_grid_fetches_its_rows_a_block_at_a_time(app, page, demo_warehouse):
    layout = page.layout(schools="imt-mines-albi", lang="fr")
    grid = find(layout, page.LIST_GRID)
    assert grid.rowModelType == "infinite" and not getattr(grid, "rowData", None)
    (count_albi,) = sql(
        demo_warehouse, "select count(*) from agreements where school = 'IMT Mines Albi'"
    )[0]
    url = "?schools=imt-mines-albi&lang=fr"
    first = rows_of(page, url=url)
    assert first["rowCount"] == count_albi and len(first["rowData"]) == 100
    last = rows_of(page, url=url, start=100, end=1000)
    assert len(last["rowData"]) == count_albi - 100
    assert rows_of(page, url=url, start=count_albi, end=count_albi + 100)["rowData"] == []


def test_the_grid_links_each_partner_to_its_profile_with_the_filters(app, page, demo_warehouse):
    partners = dict(sql(demo_warehouse, "select partner_id, name from partners"))
    rows = rows_of(page, url="?schools=imt-mines-albi&lang=fr", end=500)["rowData"]
    for row in rows:
        link = re.fullmatch(r"\[(.+)\]\(/partners/(p-[0-9a-f]+)\?(.*)\)", row["partner"])
        assert link is not None, row["partner"]
        assert link[1].replace("\\", "") == partners[link[2]]
        assert link[3] == f"schools=imt-mines-albi&from=2014-2015&to={YEAR}&lang=fr"
    grid = find(page.layout(schools="imt-mines-albi"), page.LIST_GRID)
    partner_column = next(c for c in grid.columnDefs if c["field"] == "partner")
    assert partner_column["cellRenderer"] == "markdown"


def test_the_search_and_the_sort_happen_in_the_warehouse(app, page, demo_warehouse):
    (matching,) = sql(
        demo_warehouse,
        "select count(*) from agreements a join partners p using (partner_id) "
        "join countries c using (country_iso2) "
        "where p.name ilike '%techn%' or c.country_name ilike '%techn%' "
        "or a.source_file ilike '%techn%' or a.school ilike '%techn%'",
    )[0]
    found = rows_of(page, "techn", end=1000)
    assert found["rowCount"] == matching == len(found["rowData"]) > 0
    by_partner = rows_of(page, sort=[{"colId": "partner", "sort": "desc"}])["rowData"]
    names = [re.match(r"\[(.+?)\]\(", row["partner"])[1] for row in by_partner]
    assert names == sorted(names, reverse=True)
    # a column the table does not have is ignored, not injected
    assert rows_of(page, sort=[{"colId": "1; drop table x", "sort": "asc"}])["rowCount"] > 0


def test_partner_names_are_escaped_in_their_markdown_links(app, page):
    frame = pl.DataFrame(
        {
            "partner_name": ["Uni_versity [of] *Stars*"],
            "partner_id": ["p-1"],
            "country_name": ["Germany"],
            "country_name_fr": ["Allemagne"],
            "agreement_type": ["erasmus"],
            "signatory_level": ["group"],
            "is_synthetic": [False],
        }
    )
    shown = page._display(frame, Filters(lang="fr")).row(0, named=True)
    assert shown["partner"] == r"[Uni\_versity \[of\] \*Stars\*](/partners/p-1?lang=fr)"
    assert (shown["country"], shown["type"], shown["level"]) == (
        "Allemagne",
        "Erasmus+",
        "Niveau groupe",
    )
    assert shown["synthetic"] == "Non"


# ---------- agreements ending within a year


def test_on_the_demo_no_agreement_ends_within_a_year(app, page, demo_warehouse):
    from dashboard import data

    (expected,) = sql(
        demo_warehouse, f"select count(*) from agreements where last_academic_year in {SOON}"
    )[0]
    assert expected == 0
    assert data.agreements_ending_soon(EVERYWHERE).is_empty()
    assert "No agreement ends within a year" in text(page.layout())
    assert "Aucun accord ne se termine d'ici un an" in text(page.layout(lang="fr"))
    assert find(page.layout(), page.ENDING_GRID) is None


def _academic_year(offset: int) -> str:
    today = dt.date.today()
    start = (today.year if today.month >= 8 else today.year - 1) + offset
    return f"{start}-{start + 1}"


def test_agreements_ending_this_year_or_next_are_listed(app, page, isolated_warehouse, tmp_path):
    from dashboard import data
    from warehouse import loading

    listing = tmp_path / "partners.csv"
    listing.write_text(
        "Institution,Country,Programme,Start,End\n"
        f"Technische Universität München,Germany,Erasmus+,2021-2022,{_academic_year(0)}\n"
        f"Universidad de Sevilla,Spain,Erasmus+ - IMT,2022-2023,{_academic_year(1)}\n"
        f"Politecnico di Milano,Italy,Double degree,2020-2021,{_academic_year(2)}\n"
        f"Universidade do Porto,Portugal,Erasmus+,2019-2020,{_academic_year(-1)}\n"
        "Université Laval,Canada,MoU,,\n",
        encoding="utf-8",
    )
    report = loading.import_agreements(listing, "IMT Mines Albi")
    assert report.parsed.rows_accepted == 5

    expected = sql(
        isolated_warehouse,
        f"""
        select p.name, a.last_academic_year from agreements a join partners p using (partner_id)
        where a.last_academic_year in {SOON}
        order by a.last_academic_year
        """,
    )
    assert expected == [
        ("Technische Universität München", _academic_year(0)),
        ("Universidad de Sevilla", _academic_year(1)),
    ]
    ending = data.agreements_ending_soon(Filters())
    assert ending.select("partner_name", "last_academic_year").rows() == expected
    assert ending["signatory_level"].to_list() == ["school", "group"]
    assert data.agreements_ending_soon(Filters(regions=("021",))).is_empty()

    layout = page.layout(lang="fr")  # no mobilities: "active" means in the current year
    grid = find(layout, page.ENDING_GRID)
    assert [r["partner_name"] for r in grid.rowData] == [name for name, _ in expected]
    assert grid.rowData[0]["country"] == "Allemagne"
    assert grid.rowData[0]["partner"].startswith("[Technische Universität München](/partners/p-")
    assert "Aucun accord ne se termine" not in text(layout)
    # active now: all but the one that ended last year
    assert f"children='4', id='{page.KPI_ACTIVE}'" in text(layout)


# ---------- empty states, callbacks, downloads


def test_filters_without_agreements_explain_why(app, page, demo_warehouse):
    from dashboard import data

    (count,) = sql(
        demo_warehouse, "select count(*) from agreements where school_id = 'telecom-paris'"
    )[0]
    assert count == 0
    layout = page.layout(schools="telecom-paris")
    rendered = text(layout)
    assert "No agreement for these schools and regions" in rendered
    assert "No agreement ends within a year" in rendered
    assert find(layout, page.LIST_GRID) is None
    figure = find(layout, page.BY_TYPE).figure
    assert not figure.data
    assert figure.layout.annotations[0].text.startswith(f"No agreement active in {YEAR}")
    assert f"children='0', id='{page.KPI_ACTIVE}'" in rendered
    assert page.KPI_SYNTHETIC not in rendered  # no synthetic agreement: no card
    assert data.agreement_rows(Filters(schools=("telecom-paris",)), YEAR).rows.is_empty()


def test_an_empty_warehouse_says_how_to_fill_it(app, page, isolated_warehouse):
    from warehouse import db

    with db.writing():
        pass
    assert "The warehouse is empty" in text(page.layout())


@pytest.mark.parametrize(
    "name",
    [
        "agreements_by_school_and_type",
        "agreements_by_school_and_level",
        "agreements_by_region",
        "agreements_ending_soon",
        "agreement_list",
    ],
)
def test_every_chart_and_table_downloads_its_data(app, page, demo_warehouse, name):
    from dashboard import data

    client = app.server.test_client()
    response = client.get(f"/download/{name}.csv?schools=imt-mines-albi")
    assert response.status_code == 200
    downloaded = pl.read_csv(io.BytesIO(response.data))
    if name == "agreement_list":  # the grid's rows, every one of them
        expected = data.agreement_rows(ALBI, YEAR, limit=None).rows
    elif name == "agreements_ending_soon":
        expected = data.agreements_ending_soon(ALBI)
    else:
        expected = getattr(data, name)(ALBI, YEAR)
    assert downloaded.height == expected.height
    if name != "agreements_ending_soon":
        assert downloaded.height > 0
    assert client.get(f"/download/{name}.xlsx?lang=fr").status_code == 200


def test_a_type_keeps_its_colour_whatever_the_filters(app, page, demo_warehouse):
    from dashboard import figures

    def colours(layout, graph):
        return {trace.name: trace.marker.color for trace in find(layout, graph).figure.data}

    everything = page.layout(lang="fr")
    albi = page.layout(schools="imt-mines-albi", lang="fr")
    erasmus = figures.AGREEMENT_TYPE_COLOURS["erasmus"]
    for layout in (everything, albi):
        assert colours(layout, page.BY_TYPE)["Erasmus+"] == erasmus
        assert colours(layout, page.BY_REGION)["Erasmus+"] == erasmus
        assert (
            colours(layout, page.BY_LEVEL)["Niveau groupe"]
            == (figures.SIGNATORY_LEVEL_COLOURS["group"])
        )
    # the demo's other school brings the 'other' type: the others' colours must not shift
    assert "Autre" in colours(everything, page.BY_TYPE)
    assert "Autre" not in colours(albi, page.BY_TYPE)

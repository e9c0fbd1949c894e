"""The world map page on the demo warehouse, without a browser: counts equal SQL on the views."""

from __future__ import annotations

import importlib
import os
import shutil
from urllib.parse import parse_qsl

import duckdb
import plotly.graph_objects as go
import polars as pl
import pytest
from dash import html, no_update

from dashboard import data, figures
from dashboard.app import create_app
from dashboard.filters import Filters
from tests.conftest import DATA, read_download, sql

ALBI = "IMT Mines Albi"
RANGE = ("2019-2020", "2024-2025")
# Partners given coordinates in a copy of the demo, so that some are located whatever the demo
PLACES = {"DE": (52.52, 13.40), "BR": (-23.55, -46.63), "JP": (35.68, 139.69)}


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def world_map(app):
    # the module Dash loaded from the pages folder: importing dashboard.pages.world_map would
    # register the page and its callbacks a second time
    return importlib.import_module("pages.world_map")


def component(layout, component_id):
    """The component of `layout` with this id."""
    found = [c for c in layout._traverse() if getattr(c, "id", None) == component_id]
    assert found, f"no component {component_id}"
    return found[0]


def albi_filters(**extra) -> Filters:
    return Filters(schools=("imt-mines-albi",), year_from=RANGE[0], year_to=RANGE[1], **extra)


def locate_some_partners(path) -> set[str]:
    """Give one partner in each country of PLACES coordinates; return their ids.

    Edited on a copy swapped in, as imports do: this process may hold the file open to read."""
    located = set()
    copy = path.with_name("edited-" + path.name)
    shutil.copyfile(path, copy)
    with duckdb.connect(str(copy)) as con:
        for iso2, (latitude, longitude) in PLACES.items():
            partner_id = con.execute(
                "select min(partner_id) from marts.partners where country_iso2 = ?", [iso2]
            ).fetchone()[0]
            con.execute(
                "update marts.partners set city = 'Somewhere', latitude = ?, longitude = ? "
                "where partner_id = ?",
                [latitude, longitude, partner_id],
            )
            located.add(partner_id)
    os.replace(copy, path)
    return located


@pytest.mark.parametrize(
    ("lang", "title", "hint"),
    [
        ("en", "World map", "Click a country to list its partners."),
        ("fr", "Carte du monde", "Cliquez sur un pays pour lister ses partenaires."),
    ],
)
def test_the_page_renders_on_the_demo_in_both_languages(
    world_map, demo_warehouse, lang, title, hint
):
    layout = world_map.layout(lang=lang)
    text = str(layout)
    assert title in text and hint in text
    figure = component(layout, world_map.MAP).figure
    assert isinstance(figure.data[0], go.Choropleth)
    assert figure.data[0].locationmode == "ISO-3"
    assert len(figure.data[0].locations) > 20
    # the geography comes from the app's own assets, not from a CDN
    assert component(layout, world_map.MAP).config["topojsonURL"] == "/assets/topojson/"
    names = {row[1] for row in figure.data[0].customdata}
    assert ("Allemagne" if lang == "fr" else "Germany") in names
    assert component(layout, world_map.MEASURE).value == "partners"


def test_country_measures_equal_counts_on_the_public_views(demo_warehouse):
    frame = data.country_measures(albi_filters(), RANGE[1])
    agreements = sql(
        demo_warehouse,
        """
        select p.country_iso2, count(distinct a.partner_id), count(*)
        from agreements a join partners p using (partner_id)
        where a.school = ? and coalesce(a.first_academic_year, a.listed_academic_year) <= ?
            and coalesce(a.last_academic_year >= ?, true)
        group by all
        """,
        ALBI,
        RANGE[1],
        RANGE[1],
    )
    mobilities = sql(
        demo_warehouse,
        """
        select p.country_iso2, count(*) filter (where m.direction = 'outgoing'),
            count(*) filter (where m.direction = 'incoming')
        from mobilities m join partners p using (partner_id)
        where m.school = ? and m.academic_year between ? and ?
        group by all
        """,
        ALBI,
        *RANGE,
    )
    expected = {iso2: [0, 0, 0, 0] for iso2, *_ in agreements + mobilities}
    for iso2, partners, count in agreements:
        expected[iso2][0:2] = [partners, count]
    for iso2, outgoing, incoming in mobilities:
        expected[iso2][2:4] = [outgoing, incoming]
    got = {
        row["country_iso2"]: [
            row["count_partners"],
            row["count_agreements"],
            row["count_outgoing"],
            row["count_incoming"],
        ]
        for row in frame.iter_rows(named=True)
    }
    assert got == expected
    assert (frame["balance"] == frame["count_incoming"] - frame["count_outgoing"]).all()
    assert frame["count_outgoing"].sum() > 0 and frame["count_partners"].sum() > 0


def test_the_direction_filter_leaves_the_other_direction_at_zero(demo_warehouse):
    frame = data.country_measures(albi_filters(direction="outgoing"), RANGE[1])
    assert frame["count_incoming"].sum() == 0
    expected = sql(
        demo_warehouse,
        "select count(*) from mobilities where school = ? and direction = 'outgoing' "
        "and academic_year between ? and ?",
        ALBI,
        *RANGE,
    )[0][0]
    assert frame["count_outgoing"].sum() == expected


def test_country_partners_equal_counts_on_the_public_views(demo_warehouse):
    frame = data.country_partners(albi_filters(), RANGE[1], "DE")
    expected = sql(
        demo_warehouse,
        """
        with a as (
            select partner_id, count(*) as n from agreements
            where school = ? group by all
        ), m as (
            select partner_id, count(*) filter (where direction = 'outgoing') as o,
                count(*) filter (where direction = 'incoming') as i
            from mobilities where school = ? and academic_year between ? and ? group by all
        )
        select partner_id, coalesce(a.n, 0), coalesce(m.o, 0), coalesce(m.i, 0)
        from a full join m using (partner_id) join partners p using (partner_id)
        where p.country_iso2 = 'DE'
        """,
        ALBI,
        ALBI,
        *RANGE,
    )
    got = frame.select("partner_id", "count_agreements", "count_outgoing", "count_incoming")
    assert sorted(got.rows()) == sorted(expected)
    assert len(expected) > 3


IN_SCOPE = "select partner_id from agreements union select partner_id from mobilities"
LOCATED = (
    f"select partner_id from partners where partner_id in ({IN_SCOPE}) "
    "and latitude is not null and longitude is not null"
)


def test_partner_points_count_every_partner_in_scope_and_locate_the_known(demo_warehouse):
    mine = locate_some_partners(demo_warehouse)
    frame = data.partner_points(Filters(year_from="2014-2015", year_to="2024-2025"), "2024-2025")
    assert frame.height == sql(demo_warehouse, f"select count(*) from ({IN_SCOPE})")[0][0]
    located = {partner_id for (partner_id,) in sql(demo_warehouse, LOCATED)}
    assert mine <= located
    assert set(frame.filter(pl.col("is_located"))["partner_id"]) == located
    flows = dict(sql(demo_warehouse, "select partner_id, count(*) from mobilities group by all"))
    for row in frame.iter_rows(named=True):
        assert row["count_flows"] == flows.get(row["partner_id"], 0)


def test_located_partners_are_drawn_and_the_note_says_how_many(world_map, demo_warehouse):
    locate_some_partners(demo_warehouse)
    located = sql(demo_warehouse, f"select count(*) from ({LOCATED})")[0][0]
    total = sql(demo_warehouse, f"select count(*) from ({IN_SCOPE})")[0][0]
    layout = world_map.layout()
    figure = component(layout, world_map.MAP).figure
    points = [trace for trace in figure.data if trace.name == "Partners (size: flows)"]
    assert len(points) == 1
    # partners of one place (a city) make one point, its hover saying how many
    places = figures.cluster_points(
        data.partner_points(Filters(), "2024-2025").filter(pl.col("is_located")), "country_name"
    )
    assert places["count_partners"].sum() == located
    assert len(points[0].lat) == places.height < located
    crowded = places["count_partners"].arg_max()
    assert (
        points[0].text[crowded].startswith(f"{places['count_partners'][crowded]} partners here<br>")
    )
    note = component(layout, world_map.LOCATED_NOTE).children
    assert note.startswith(f"{located} of {total} partners located (city known)")


def test_partners_without_coordinates_are_not_drawn_and_the_note_says_so(world_map, demo_warehouse):
    with duckdb.connect(str(demo_warehouse)) as con:
        con.execute("update marts.partners set latitude = null, longitude = null")
    layout = world_map.layout(lang="fr")
    figure = component(layout, world_map.MAP).figure
    assert not [t for t in figure.data if t.name == "Partenaires (taille : flux)"]
    total = sql(demo_warehouse, f"select count(*) from ({IN_SCOPE})")[0][0]
    note = component(layout, world_map.LOCATED_NOTE).children
    assert note.startswith(f"0 partenaires localisés sur {total}")


def test_home_schools_are_stars_named_on_hover(world_map, demo_warehouse):
    expected = sql(
        demo_warehouse,
        "select name from schools where latitude is not null and school_id in "
        "(select school_id from agreements union select school_id from mobilities)",
    )
    frame = data.home_school_points(Filters())
    assert sorted(frame["school"]) == sorted(name for (name,) in expected)
    assert data.home_school_points(Filters(schools=("telecom-paris",)))["school"].to_list() == [
        "Télécom Paris"
    ]
    figure = component(world_map.layout(schools="imt-mines-albi"), world_map.MAP).figure
    (stars,) = [trace for trace in figure.data if trace.name == "Home schools"]
    assert stars.marker.symbol == "star"
    assert ["IMT Mines Albi" in text for text in stars.text] == [True]


def test_each_measure_colours_the_countries_by_its_column(world_map, demo_warehouse):
    frame = data.country_measures(albi_filters(), RANGE[1])
    for measure, column in figures.WORLD_MAP_MEASURES.items():
        layout = world_map.layout(schools="imt-mines-albi", **{"from": RANGE[0]}, measure=measure)
        choropleth = component(layout, world_map.MAP).figure.data[0]
        assert component(layout, world_map.MEASURE).value == measure
        got = dict(zip(choropleth.locations, choropleth.z, strict=True))
        assert got == dict(zip(frame["country_iso3"], frame[column], strict=True))
        if measure == "balance":
            assert choropleth.zmid == 0
            assert [list(step) for step in choropleth.colorscale] == figures.DIVERGING
        else:
            assert choropleth.zmin == 0


def test_a_hover_names_the_country_in_the_page_language(world_map, demo_warehouse):
    frame = data.country_measures(albi_filters(), RANGE[1])
    nowhere = pl.DataFrame(schema={"latitude": pl.Float64, "longitude": pl.Float64})
    figure = figures.world_map(
        frame, "outgoing", nowhere, nowhere, world_map.map_labels("fr", RANGE[1]),
        "country_name_fr", lang="fr",
    )  # fmt: skip
    germany = frame["country_iso2"].to_list().index("DE")
    text = figure.data[0].text[germany]
    assert text.startswith("<b>Allemagne</b>") and "<b>Sortants (2024-2025):" in text


def test_a_hover_says_the_period_of_each_figure(world_map, demo_warehouse):
    frame = data.country_measures(albi_filters(), RANGE[1])
    nowhere = pl.DataFrame(schema={"latitude": pl.Float64, "longitude": pl.Float64})
    period = world_map.period_text(albi_filters())
    assert period == "2019-2020 – 2024-2025"
    figure = figures.world_map(
        frame, "partners", nowhere, nowhere, world_map.map_labels("en", RANGE[1], period),
        lang="en",
    )  # fmt: skip
    germany = frame.row(frame["country_iso2"].to_list().index("DE"), named=True)
    text = figure.data[0].text[frame["country_iso2"].to_list().index("DE")]
    assert f"<b>Partners (2024-2025): {germany['count_partners']}</b>" in text
    assert f"Outgoing (2019-2020 – 2024-2025): {germany['count_outgoing']}" in text
    assert f"Incoming (2019-2020 – 2024-2025): {germany['count_incoming']}" in text
    # one year chosen: one period everywhere
    one_year = Filters(year_from="2024-2025", year_to="2024-2025")
    assert world_map.period_text(one_year) == "2024-2025"


def test_one_partner_is_a_clear_colour_and_none_is_grey(world_map, demo_warehouse):
    layout = world_map.layout(schools="imt-mines-albi", **{"from": RANGE[0]})
    choropleth = component(layout, world_map.MAP).figure.data[0]
    top = max(choropleth.z)
    assert choropleth.zmin == 0 and choropleth.zmax == top
    scale = [list(step) for step in choropleth.colorscale]
    # 0 sits in the land's grey, 1 (at 1/top of the scale) already past the step to blue
    assert scale[0][1] == scale[1][1] == figures.GEO_STYLE["landcolor"]
    assert scale[2] == [0.5 / top, figures.COUNT_SCALE[0]] and 1 / top > scale[2][0]


def test_home_school_stars_lie_under_the_partner_points(world_map, demo_warehouse):
    locate_some_partners(demo_warehouse)
    figure = component(world_map.layout(), world_map.MAP).figure
    names = [trace.name for trace in figure.data]
    assert names.index("Home schools") < names.index("Partners (size: flows)")
    stars = figure.data[names.index("Home schools")]
    assert stars.marker.size == 10 and stars.marker.line.width == 1


@pytest.mark.parametrize(
    ("view", "centre"),
    [("europe", (50, 12)), ("americas", (3, -80)), ("asia_pacific", (4, 125))],
)
def test_a_region_preset_frames_the_map_on_it(world_map, demo_warehouse, view, centre):
    layout = world_map.layout(view=view)
    assert component(layout, world_map.VIEW).value == view
    geo = component(layout, world_map.MAP).figure.layout.geo
    assert (geo.center.lat, geo.center.lon) == centre
    lats, lons = geo.lataxis.range, geo.lonaxis.range
    assert lats[0] < centre[0] < lats[1] and lons[0] < centre[1] < lons[1]
    if view == "europe":
        assert geo.resolution == 50  # Luxembourg and Malta are drawn


def test_the_world_shows_the_whole_globe_and_junk_views_fall_back_to_it(world_map, demo_warehouse):
    layout = world_map.layout(view="mars")
    assert component(layout, world_map.VIEW).value == "world"
    geo = component(layout, world_map.MAP).figure.layout.geo
    # no latitude range: the globe's bottom is not cut
    assert geo.lataxis.range is None and geo.projection.type == "natural earth"


def test_the_region_and_arcs_switch_write_the_url(world_map):
    assert world_map.view_to_url("europe", False, "?lang=fr") == "?lang=fr&view=europe"
    assert world_map.view_to_url("world", True, "?view=europe") == "?arcs=1"
    assert world_map.view_to_url("world", False, "") is no_update


def test_a_click_puts_the_country_in_the_url_and_the_url_lists_it(world_map, demo_warehouse):
    click = {"points": [{"curveNumber": 0, "location": "DEU", "customdata": ["DE", "Germany"]}]}
    search = "?schools=imt-mines-albi&from=2019-2020"
    assert world_map.country_to_url(click, search) == search + "&country=DE"
    assert world_map.country_to_url(click, search + "&country=DE") is no_update
    assert world_map.country_to_url({"points": [{"lat": 1, "lon": 2}]}, search) is no_update
    # the page read from that URL (a reload, a link) lists Germany's partners
    layout = world_map.layout(schools="imt-mines-albi", **{"from": RANGE[0]}, country="DE")
    panel = component(layout, world_map.COUNTRY_PANEL)
    assert "Partners of Germany" in str(panel)
    grid = component(panel, world_map.PARTNERS_GRID)
    assert len(grid.rowData) == data.country_partners(albi_filters(), RANGE[1], "DE").height
    # a country that is not on the map under these filters: the hint
    layout = world_map.layout(schools="imt-mines-albi", country="ZZ")
    assert "Click a country to list its partners." in str(
        component(layout, world_map.COUNTRY_PANEL)
    )


def is_arc(trace) -> bool:
    return getattr(trace, "mode", None) == "lines"


ARCS = """
    select m.school, m.partner_id,
        count(*) filter (where m.direction = 'outgoing'),
        count(*) filter (where m.direction = 'incoming')
    from mobilities m join schools s on s.name = m.school join partners p using (partner_id)
    where s.latitude is not null and p.latitude is not null
        and m.academic_year between ? and ? {direction}
    group by all
"""


def test_flow_arcs_are_the_heaviest_located_pairs(demo_warehouse):
    pairs = sql(demo_warehouse, ARCS.format(direction=""), "2014-2015", "2024-2025")
    heaviest = sorted(pairs, key=lambda row: -(row[2] + row[3]))
    frame = data.flow_arcs(Filters(year_from="2014-2015", year_to="2024-2025"), 25)
    assert frame.height == 25 < len(pairs)
    got = {(r["school"], r["partner_id"]): (r["count_outgoing"], r["count_incoming"])
           for r in frame.iter_rows(named=True)}  # fmt: skip
    expected = {(school, partner): (o, i) for school, partner, o, i in pairs}
    assert all(expected[pair] == counts for pair, counts in got.items())
    # the 25 heaviest: none left out is heavier than the lightest kept
    lightest = min(o + i for o, i in got.values())
    assert all(o + i <= lightest for s, p, o, i in heaviest if (s, p) not in got)
    assert frame["count_flows"].to_list() == sorted(frame["count_flows"], reverse=True)


def test_arcs_are_drawn_on_demand_as_wide_as_their_students(world_map, demo_warehouse):
    assert not [t for t in component(world_map.layout(), world_map.MAP).figure.data if is_arc(t)]
    layout = world_map.layout(arcs="1")
    assert component(layout, world_map.ARCS).checked is True
    lines = [t for t in component(layout, world_map.MAP).figure.data if is_arc(t)]
    frame = data.flow_arcs(Filters(), figures.ARC_LIMIT)
    outgoing = [t for t in lines if t.name == "Outgoing flows"]
    incoming = [t for t in lines if t.name == "Incoming flows"]
    assert len(outgoing) == (frame["count_outgoing"] > 0).sum()
    assert len(incoming) == (frame["count_incoming"] > 0).sum()
    # the widest line is the largest flow, 8 px
    top = max(frame["count_outgoing"].max(), frame["count_incoming"].max())
    assert max(t.line.width for t in lines) == 8
    heaviest = max(lines, key=lambda t: t.line.width)
    assert f": {top}" in heaviest.text[0]
    # an outgoing arc starts at its school
    first = frame.filter(pl.col("count_outgoing") > 0).row(0, named=True)
    assert (outgoing[0].lat[0], outgoing[0].lon[0]) == (
        first["school_latitude"],
        first["school_longitude"],
    )
    assert (outgoing[0].lat[-1], outgoing[0].lon[-1]) == pytest.approx(
        (first["partner_latitude"], first["partner_longitude"])
    )


def test_arcs_follow_the_direction_filter(world_map, demo_warehouse):
    layout = world_map.layout(arcs="1", direction="outgoing")
    names = {t.name for t in component(layout, world_map.MAP).figure.data if is_arc(t)}
    assert names == {"Outgoing flows"}


def test_the_country_table_lists_the_map_countries(world_map, demo_warehouse):
    layout = world_map.layout(schools="imt-mines-albi", **{"from": RANGE[0]}, lang="fr")
    grid = component(layout, world_map.COUNTRY_TABLE)
    frame = data.country_measures(albi_filters(), RANGE[1]).filter(
        pl.col("country_iso3").is_not_null()
    )
    assert [c["field"] for c in grid.columnDefs] == [
        "country", "count_partners", "count_outgoing", "count_incoming"
    ]  # fmt: skip
    assert all(c["sortable"] for c in grid.columnDefs)
    rows = {row["country"]: row for row in grid.rowData}
    assert len(rows) == frame.height
    germany = frame.row(frame["country_iso2"].to_list().index("DE"), named=True)
    assert rows["Allemagne"]["count_outgoing"] == germany["count_outgoing"]
    assert rows["Allemagne"]["count_partners"] == germany["count_partners"]
    # its download is the choropleth's
    assert "/download/country_measures.csv" in str(
        component(layout, world_map.COUNTRY_TABLE + "-card")
    )


def test_filters_without_data_show_why(world_map, demo_warehouse):
    layout = world_map.layout(schools="telecom-paris")
    figure = component(layout, world_map.MAP).figure
    assert not figure.data
    assert "No data for these filters" in figure.layout.annotations[0].text
    panel = world_map.country_panel(Filters(schools=("telecom-paris",)), "DE", "Germany")
    assert "No partner in Germany for these filters." in str(panel)


def test_the_measure_switch_writes_the_url(world_map):
    assert world_map.measure_to_url("incoming", "?lang=fr") == "?lang=fr&measure=incoming"
    assert world_map.measure_to_url("partners", "?lang=fr&measure=incoming") == "?lang=fr"
    assert world_map.measure_to_url("partners", "") is no_update


def test_a_click_on_a_country_lists_its_partners(world_map, demo_warehouse):
    click = {"points": [{"curveNumber": 0, "location": "DEU", "customdata": ["DE", "Germany"]}]}
    panel = world_map.list_country_partners(click, "?schools=imt-mines-albi&from=2019-2020")
    text = str(panel)
    assert "Partners of Germany" in text
    (grid,) = [c for c in panel if getattr(c, "id", None) == world_map.PARTNERS_GRID]
    expected = data.country_partners(albi_filters(), RANGE[1], "DE")
    assert len(grid.rowData) == expected.height
    first = grid.rowData[0]
    assert first["partner"] == (
        f"[{expected['partner_name'][0]}](/partners/{expected['partner_id'][0]}"
        f"?schools=imt-mines-albi&from={RANGE[0]}&to={RANGE[1]})"
    )
    assert grid.columnDefs[0]["cellRenderer"] == "markdown"
    assert "/download/country_partners.csv?" in text and "country=DE" in text


def test_a_click_on_a_partner_lists_its_country_and_a_click_on_a_school_nothing(world_map):
    assert world_map.clicked_country(
        {"points": [{"curveNumber": 1, "lat": 1, "lon": 2, "customdata": ["BR", "Brazil"]}]}
    ) == ("BR", "Brazil")
    school = {"points": [{"curveNumber": 2, "lat": 43.9, "lon": 2.1}]}
    assert world_map.list_country_partners(school, "") is no_update
    assert world_map.list_country_partners(None, "") is no_update


def test_the_search_box_filters_the_grid(world_map):
    patch = world_map.search_partners("aachen")
    assert patch.to_plotly_json()["operations"][0]["params"] == {"value": "aachen"}


def test_the_downloads_are_the_frames_behind_the_map_and_the_list(app, demo_warehouse):
    client = app.server.test_client()
    query = f"?schools=imt-mines-albi&from={RANGE[0]}&to={RANGE[1]}"
    response = client.get("/download/country_measures.csv" + query)
    assert response.status_code == 200
    downloaded = read_download(response.data)
    expected = data.country_measures(albi_filters(), RANGE[1])
    assert downloaded.columns == expected.columns
    assert downloaded["count_outgoing"].to_list() == expected["count_outgoing"].to_list()
    response = client.get("/download/country_partners.csv" + query + "&country=DE")
    listed = read_download(response.data)
    assert sorted(listed["partner_id"]) == sorted(
        data.country_partners(albi_filters(), RANGE[1], "DE")["partner_id"]
    )
    locate_some_partners(demo_warehouse)
    response = client.get("/download/partner_points.xlsx")
    assert response.status_code == 200
    points = read_download(response.data, excel=True)
    located = {partner_id for (partner_id,) in sql(demo_warehouse, LOCATED)}
    assert set(points["partner_id"]) == located


def test_partners_of_unknown_country_are_said_beside_the_map_and_listed(world_map, demo_warehouse):
    from warehouse import loading

    loading.import_mobilities([DATA / "imports" / "ec_statistics" / "switzerland_and_unknown.csv"])
    filters = Filters(schools=("imt-mines-ales",), year_from="2010-2011", year_to="2012-2013")
    layout = world_map.layout(**dict(parse_qsl(filters.to_query().lstrip("?"))))
    figure = component(layout, world_map.MAP).figure
    assert None not in figure.data[0].locations  # the choropleth draws countries only
    note = str(component(layout, world_map.UNKNOWN_NOTE))
    assert "partners of unknown country (2 partners, 2 outgoing, 0 incoming)" in note
    panel = world_map.list_unknown_country_partners(1, filters.to_query())
    assert "Partners of Unknown country" in str(panel)
    grid = component(html.Div(panel), world_map.PARTNERS_GRID)
    names = sorted(row["partner"].split("]")[0].lstrip("[") for row in grid.rowData)
    assert names == ["EURFIESOLE01", "UNNAMED LAB"]
    # the same rows in the list's download
    assert sorted(data.country_partners(filters, "2012-2013", "")["partner_name"]) == names


def test_without_partners_of_unknown_country_the_map_says_nothing_of_them(
    world_map, demo_warehouse
):
    layout = world_map.layout()
    assert not [c for c in layout._traverse() if getattr(c, "id", None) == world_map.UNKNOWN_NOTE]

"""The partner profile on the demo warehouse: header, agreements, quotas, flows and map."""

from __future__ import annotations

import importlib

import dash
import pytest
from click.testing import CliRunner

from dashboard import components, data, downloads
from dashboard.app import create_app
from dashboard.downloads import DOWNLOADS

from .conftest import DATA, sql

# A partner spreadsheet with cities (so partners get coordinates) and one "Places" cell (a quota).
PARTNERS_WITH_PLACES = DATA / "imports" / "spreadsheets" / "partners" / "clean.csv"


@pytest.fixture(scope="module")
def partner_page():
    """The page module as Dash registered it (importing dashboard.pages.partner would register
    it twice under another name)."""
    create_app()
    page = next(p for p in dash.page_registry.values() if p["module"].endswith(".partner"))
    return importlib.import_module(page["module"])


def busiest_partner(path) -> str:
    """The partner with most mobilities in the warehouse (it has flows both ways)."""
    return sql(
        path,
        """
        select partner_id from mobilities group by all
        having count(distinct direction) = 2 order by count(*) desc, partner_id limit 1
        """,
    )[0][0]


def text_of(layout) -> str:
    return str(layout).replace('"', "'")


def test_the_partner_page_is_registered_on_a_path_template(partner_page):
    page = dash.page_registry[partner_page.__name__]
    assert page["path_template"] == "/partners/<partner_id>"
    assert (page["name"], page["order"]) == ("Partner", 4)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_profile_renders_on_the_demo_in_both_languages(partner_page, demo_warehouse, lang):
    partner_id = busiest_partner(demo_warehouse)
    [(name, country, country_fr)] = sql(
        demo_warehouse,
        "select name, country_name, country_name_fr from partners where partner_id = ?",
        partner_id,
    )
    layout = partner_page.layout(partner_id=partner_id, lang=lang)
    assert layout[partner_page.NAME].children == name
    details = text_of(layout[partner_page.DETAILS])
    assert (country_fr if lang == "fr" else country) in details
    spellings = [s for (s,) in sql(
        demo_warehouse, "select spelling from partner_names where partner_id = ?", partner_id
    )]  # fmt: skip
    assert spellings and all(s in text_of(layout[partner_page.SPELLINGS]) for s in spellings)
    quotas_message = {
        "en": "No quota known for this partner's agreements",
        "fr": "Aucun quota connu pour les accords de ce partenaire",
    }[lang]
    assert quotas_message in text_of(layout)  # the demo has no quotas


def test_the_kpis_and_flows_equal_the_sql_counts(partner_page, demo_warehouse):
    partner_id = busiest_partner(demo_warehouse)
    query = {"schools": "imt-mines-albi,imt-nord-europe", "from": "2016-2017", "to": "2023-2024"}
    layout = partner_page.layout(partner_id=partner_id, **query)
    rows = sql(
        demo_warehouse,
        """
        select academic_year, direction, count(*) from mobilities
        where partner_id = ? and school_id in ('imt-mines-albi', 'imt-nord-europe')
          and academic_year between '2016-2017' and '2023-2024'
        group by all order by all
        """,
        partner_id,
    )
    outgoing = sum(n for _, d, n in rows if d == "outgoing")
    incoming = sum(n for _, d, n in rows if d == "incoming")
    assert outgoing and incoming
    assert layout[partner_page.KPI_OUTGOING].children == f"{outgoing:,}".replace(",", " ")
    assert layout[partner_page.KPI_INCOMING].children == f"{incoming:,}".replace(",", " ")
    balance = layout[partner_page.KPI_BALANCE].children.replace(" ", "")
    assert int(balance) == incoming - outgoing
    assert layout[partner_page.KPI_RATIO].children == f"{incoming / outgoing:.2f}"
    filters = components.resolve(query)[0]
    flows = data.partner_flows(filters, partner_id)
    shown = flows.filter(flows["count_mobilities"] > 0)
    assert sorted(shown.select("academic_year", "direction", "count_mobilities").rows()) == rows
    # every year of the range is there, zeros included, so that the lines show the gaps
    assert flows["academic_year"].n_unique() == 8 and flows.height == 16


def test_the_agreements_grid_lists_the_partners_agreements(partner_page, demo_warehouse):
    partner_id = busiest_partner(demo_warehouse)
    expected = sql(
        demo_warehouse,
        "select school, first_academic_year from agreements where partner_id = ? order by all",
        partner_id,
    )
    grid = partner_page.layout(partner_id=partner_id)[partner_page.AGREEMENTS_GRID]
    got = sorted((r["school"], r["first_academic_year"]) for r in grid.rowData)
    assert got == expected and expected
    assert {r["status"] for r in grid.rowData} <= {"Active", "Ended", "Planned"}


def test_a_partner_without_coordinates_has_its_country_highlighted(partner_page, demo_warehouse):
    unlocated = sql(
        demo_warehouse,
        "select partner_id, country_iso3 from partners where latitude is null order by all",
    )
    # the demo keeps partners whose city is unknown (76 of 181): this case is always tested
    assert unlocated, "the demo has no partner without coordinates any more"
    partner_id, iso3 = unlocated[0]
    layout = partner_page.layout(partner_id=partner_id)
    figure = layout[partner_page.MAP].figure
    country = figure.data[0]
    assert (country.type, country.locationmode, list(country.locations)) == (
        "choropleth",
        "ISO-3",
        [iso3],
    )
    assert figure.data[1].type == "scattergeo"  # the home schools
    assert "Its city is not known" in text_of(layout[partner_page.MAP_NOTE])


def test_a_partner_with_coordinates_is_a_point_beside_its_home_schools(
    partner_page, demo_warehouse
):
    [(partner_id, latitude, longitude)] = sql(
        demo_warehouse,
        """
        select partner_id, latitude, longitude from partners
        where latitude is not null and partner_id in (select partner_id from agreements)
        order by partner_id limit 1
        """,
    )
    schools = sql(
        demo_warehouse,
        """
        select distinct s.name from schools s
        where s.latitude is not null and s.school_id in (
            select school_id from agreements where partner_id = ?
            union select school_id from mobilities where partner_id = ?)
        """,
        partner_id,
        partner_id,
    )
    layout = partner_page.layout(partner_id=partner_id)
    point, stars = layout[partner_page.MAP].figure.data
    assert point.type == "scattergeo" and (point.lat, point.lon) == ((latitude,), (longitude,))
    assert len(stars.lat) == len(schools) > 0
    with pytest.raises(KeyError):
        layout[partner_page.MAP_NOTE]


def test_an_unknown_partner_gets_a_clear_page(partner_page, demo_warehouse):
    for lang, message in (
        ("en", "No partner p-nope in this warehouse."),
        ("fr", "Aucun partenaire p-nope dans cet entrepôt."),
    ):
        layout = partner_page.layout(partner_id="p-nope", lang=lang)
        text = text_of(layout[partner_page.NOT_FOUND])
        assert message in text
        link = layout[partner_page.NOT_FOUND].children[1]
        assert link.href.startswith("/?") and f"lang={lang}" in link.href + "lang=en"


def test_quotas_and_coordinates_from_an_import_are_shown(partner_page, demo_warehouse):
    from warehouse.cli import cli

    result = CliRunner().invoke(
        cli,
        ["--db", str(demo_warehouse), "import", "agreements", str(PARTNERS_WITH_PLACES),
         "--school", "IMT Mines Alès"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    quotas = sql(  # the imported quota (the demo's own quotas are IMT Mines Alès's)
        demo_warehouse,
        """
        select partner_id, mobilities_per_year from agreement_quotas
        where source_file = ? order by all
        """,
        PARTNERS_WITH_PLACES.name,
    )
    assert quotas
    partner_id, places = quotas[0]
    layout = partner_page.layout(partner_id=partner_id)
    grid = layout[partner_page.QUOTAS_GRID]
    count = sql(
        demo_warehouse, "select count(*) from agreement_quotas where partner_id = ?", partner_id
    )[0][0]
    assert len(grid.rowData) == count
    listed = sql(  # the imported quota among the partner's others, in the page's order
        demo_warehouse,
        """
        select mobilities_per_year from agreement_quotas where partner_id = ?
        order by school, direction desc, mobility_type, first_academic_year, agreement_id,
                 source_file
        """,
        partner_id,
    )
    assert [r["mobilities_per_year"] for r in grid.rowData] == [row[0] for row in listed]
    assert places in [row[0] for row in listed]
    frame = DOWNLOADS["partner_quotas"](
        components.resolve({"partner": partner_id})[0]
    )  # the partner travels in the download's query string
    assert frame.height == count


def test_the_downloads_name_the_partner_and_are_empty_without_one(partner_page, demo_warehouse):
    partner_id = busiest_partner(demo_warehouse)
    layout = partner_page.layout(partner_id=partner_id, lang="fr")
    text = text_of(layout)
    shown = components.resolve({"lang": "fr"})[0]
    for name, file_format in (
        ("partner_agreements", "csv"),
        ("partner_quotas", "xlsx"),
        ("partner_flows", "csv"),
    ):
        link = downloads.href(name, file_format, shown, partner=partner_id)
        assert f"&partner={partner_id}" in link and link in text
    filters = components.resolve({"partner": partner_id})[0]
    [[agreements]] = sql(
        demo_warehouse, "select count(*) from agreements where partner_id = ?", partner_id
    )
    assert DOWNLOADS["partner_agreements"](filters).height == agreements
    assert (
        DOWNLOADS["partner_flows"](filters)["count_mobilities"].sum()
        == sql(demo_warehouse, "select count(*) from mobilities where partner_id = ?", partner_id)[
            0
        ][0]
    )
    nobody = components.resolve({})[0]
    for name in ("partner_agreements", "partner_quotas"):
        assert DOWNLOADS[name](nobody).is_empty()

"""Places on the map: partners and home schools lying outside their country are flagged, on the
real shapes of the dashboard's world map and the real gazetteer."""

from __future__ import annotations

import importlib

import dash
import pytest
from click.testing import CliRunner

from dashboard.app import create_app
from mobility import cli
from warehouse import db, places

from .conftest import DATA, read_download, sql

PARTNERS = DATA / "imports" / "place_checks" / "partners.csv"
VALENCIA_REASON = (
    "Valencia lies in Venezuela on the map, 5,557 km from Spain, "
    "the country of its Erasmus code E VALENCI02"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout


def import_fixture() -> str:
    code, out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    assert code == 0, out
    return out


def test_the_import_reports_the_partner_its_erasmus_code_places_in_another_country(
    isolated_warehouse,
):
    out = import_fixture()
    # 7 partners of the file and the 9 home schools are located; San Marino has no shape
    assert (
        "  places outside their country on the map: 1 of 16 located partners and home "
        "schools (view place_flags, page /data)\n"
        f"    Universitat Politècnica de València: {VALENCIA_REASON}\n"
        "  places not checked (the map has no shape for their country): 1\n"
    ) in out
    assert sql(
        isolated_warehouse,
        """
        select kind, name, city, city_source, country_iso2, erasmus_code, code_country_iso2,
               map_country, km_outside_country, km_outside_code_country, disagreement, reason
        from place_flags
        """,
    ) == [
        (
            "partner", "Universitat Politècnica de València", "Valencia", "file", "VE",
            "E VALENCI02", "ES", "VE", 0.0, 5557.1, "Erasmus code", VALENCIA_REASON,
        )
    ]  # fmt: skip


def test_close_places_territories_and_claimed_areas_are_not_flagged(isolated_warehouse):
    import_fixture()
    measured = sql(
        isolated_warehouse,
        """
        select places.city, checks.country_iso2, checks.map_id, round(checks.distance_km, 1)
        from marts.located_places as places
        join place_checks as checks using (latitude, longitude)
        where places.kind = 'partner'
        order by all
        """,
    )
    assert measured == [
        ("Apatity", "RU", "RUS", 0.0),  # Russia's rings cross the 180th meridian: split there
        ("Ceuta", "ES", None, 22.8),  # no Ceuta on the map: at sea, within the tolerance
        ("Paris", "FR", "FRA", 0.0),  # Télécom SudParis (F EVRY11) placed in Paris: France
        ("Saint-Denis", "FR", "REU", 0.0),  # Réunion is French for the Erasmus code F …
        ("Saint-Denis", "RE", "REU", 0.0),
        ("San Marino", "IT", "ITA", 0.0),  # I SAN-MAR01: in Italy's shape
        ("San Marino", "SM", "ITA", None),  # the map has no San Marino: not checked
        ("Srinagar", "IN", "XJK", 0.0),  # Jammu and Kashmir, claimed by India
        ("Valencia", "ES", "VEN", 5557.1),
        ("Valencia", "VE", "VEN", 0.0),
    ]


def test_a_gazetteer_hit_in_the_wrong_country_is_flagged_against_the_partners_country(
    isolated_warehouse,
):
    # the gazetteer's answers are kept in geocoded_places: one wrong answer there for
    # (Valencia, ES), Venezuela's Valencia, stands for a wrong hit of the gazetteer
    with db.writing() as con:
        con.execute(
            "insert into geocoded_places values ('Valencia', 'ES', 'Valencia', 10.16202, -68.00765)"
        )
    code, out = run(
        "import", "agreements", DATA / "imports" / "place_checks" / "valencia_es.csv",
        "--school", "IMT Mines Albi",
    )  # fmt: skip
    assert code == 0, out
    assert sql(
        isolated_warehouse,
        "select name, map_country, km_outside_country, km_outside_code_country, disagreement, "
        "reason from place_flags",
    ) == [
        (
            "Universitat de València", "VE", 5557.8, 5557.8, "country and Erasmus code",
            "Valencia lies in Venezuela on the map, 5,558 km from Spain, its country and that "
            "of its Erasmus code E VALENCI01",
        )
    ]  # fmt: skip


def test_measures_are_kept_from_one_write_to_the_next(isolated_warehouse):
    import_fixture()
    before = sql(isolated_warehouse, "select * from place_checks order by all")
    with db.writing() as con:
        assert places.check_places(con) == 0  # nothing new: the shapes are not even read
    assert sql(isolated_warehouse, "select * from place_checks order by all") == before
    assert {row[-1] for row in before} == {places.shapes_version()}


def test_measure_on_the_map_shapes():
    claims = [
        (55.75, 37.61, "RU"),  # Moscow
        (71.0, 10.0, "RU"),  # the Norwegian Sea: inside Russia before the split at 180°
        (-18.14161, 178.44149, "FJ"),  # Suva, on a coast the 50 m shapes simplify
        (60.1, 19.93, "FI"),  # Mariehamn, Åland
        (27.15, -13.2, "MA"),  # Laayoune, Western Sahara
        (48.85341, 2.3488, "RE"),  # Paris said to be in Réunion
    ]
    measures = [(where, round(km)) for where, km in places.measure(claims)]
    assert measures == [
        ("RUS", 0),
        (None, 759),
        (None, 3),
        ("ALA", 0),
        ("ESH", 0),
        ("FRA", 9339),
    ]


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def data_page(app):
    """The /data page module as Dash registered it."""
    page = next(p for p in dash.page_registry.values() if p["path"] == "/data")
    return importlib.import_module(page["module"])


def test_the_data_page_lists_the_flagged_partner_with_a_download(
    app, data_page, isolated_warehouse
):
    import_fixture()
    text = str(data_page.layout(lang="fr")).replace('"', "'")
    assert "Lieux hors de leur pays sur la carte" in text
    assert "Universitat Politècnica de València" in text and VALENCIA_REASON in text
    assert "/download/place_flags.csv" in text
    response = app.server.test_client().get("/download/place_flags.csv")
    assert response.status_code == 200
    frame = read_download(response.data)
    assert frame.select("name", "map_country", "km_outside_code_country").rows() == [
        ("Universitat Politècnica de València", "VE", 5557.1)
    ]


def test_the_data_page_says_when_every_place_lies_in_its_country(data_page, demo_warehouse):
    text = str(data_page.layout(lang="en"))
    assert "Every located partner and home school lies in its country on the map." in text

"""French all through: check reasons written by the page, downloads with human column names and
a read-me sheet, tab titles, Plotly's own words, ISCED fields. The browser sweep of every page
is tests/browser/test_french.py."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import plotly
import pytest

from dashboard import downloads, erasmus, figures
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.i18n import field_label, page_title, translator
from warehouse import db

from .conftest import read_download, sql

ROOT = Path(__file__).resolve().parent.parent


def failures(warehouse: Path) -> list[tuple]:
    """Every failed check of the demo with what the page writes its reason from."""
    rows = []
    for (call,) in sql(warehouse, "select distinct call_year from erasmus_mobilities order by 1"):
        # the query itself: the values a reason is written from, and the warehouse's reason
        checks = db.query("erasmus_failed_checks", **Filters().params(), call_year=call, limit=None)
        rows += checks.select("failed_check", "check_values", "reason").rows()
    return rows


def test_the_page_writes_in_english_the_reasons_the_warehouse_writes(demo_warehouse):
    found = failures(demo_warehouse)
    assert len({code for code, _values, _reason in found}) >= 8
    english = translator("en")
    for code, values, reason in found:
        assert erasmus.check_reason(code, values, english) == reason


def test_every_reason_is_written_in_french(demo_warehouse):
    french = translator("fr")
    assert erasmus.reasons_translated("fr")
    for code, values, reason in failures(demo_warehouse):
        written = erasmus.check_reason(code, values, french)
        assert written != reason and "{" not in written, written
        assert written.startswith(french.label("check", code.split(".")[0]).split()[0].lower())


def test_a_reason_in_french_writes_numbers_dates_and_days_the_french_way():
    values = {
        "activity_type": "HE-SMS", "physical_days": 36, "physical_months": 1.2,
        "failed_duration_limit": 2.0, "direction": "outgoing", "call_year": 2023,
        "start_date": None, "end_date": date(2025, 9, 6),
        "project_start_date": date(2023, 6, 1),
        "project_end_date": date(2025, 7, 31),
        "overlapping_mobilities": "m-1 (2024-11-04 to 2025-03-28)",
    }  # fmt: skip
    t = translator("fr")
    assert erasmus.check_reason("duration.long_term_below_min", values, t) == (
        "durée : 1,2 mois, moins que le minimum de 2 mois en longue durée (études)"
    )
    assert erasmus.check_reason("window.ends_after", values, t) == (
        "période : finit le 06/09/2025, après la période du projet de l'appel 2023 "
        "(du 01/06/2023 au 31/07/2025)"
    )
    assert erasmus.check_reason("overlap.same_participant", values, t) == (
        "chevauchement : le même participant a la mobilité m-1 (du 04/11/2024 au 28/03/2025) "
        "en même temps"
    )


def test_every_column_of_every_download_has_a_name_in_each_language(demo_warehouse):
    create_app()  # the pages register their downloads
    filters = Filters().with_years(["2014-2015", "2024-2025"])
    for lang in ("en", "fr"):
        codes = downloads.column_codes(lang)
        assert len(codes) == len(downloads.COLUMN_NAMES), f"two columns share a name in {lang}"
    for name, function in downloads.DOWNLOADS.items():
        extra = {"call": "2024"} if name.startswith("erasmus_") else {}
        columns = function(Filters(**{**filters.__dict__, "extra": extra})).columns
        assert set(columns) <= set(downloads.COLUMN_NAMES), (
            name,
            set(columns) - set(downloads.COLUMN_NAMES),
        )
        assert name in downloads.TITLES


def test_a_french_csv_has_french_headers_that_map_back(demo_warehouse):
    client = create_app().server.test_client()
    response = client.get("/download/mobility_trend.csv?lang=fr&schools=imt-mines-ales")
    header = response.data.decode().splitlines()[0]
    assert header == "Année universitaire,Sens,Mobilités,Lignes synthétiques"
    frame = read_download(response.data, "fr")
    ((expected,),) = sql(
        demo_warehouse, "select count(*) from mobilities where school_id = 'imt-mines-ales'"
    )
    assert frame["count_mobilities"].sum() == expected
    english = client.get("/download/mobility_trend.csv?schools=imt-mines-ales").data.decode()
    assert english.splitlines()[0] == "Academic year,Direction,Mobilities,Synthetic rows"


def test_a_workbook_says_what_it_is_in_a_read_me_sheet(demo_warehouse):
    client = create_app().server.test_client()
    response = client.get(
        "/download/erasmus_failed_checks.xlsx?lang=fr&call=2024&schools=imt-mines-albi"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["erasmus_failed_checks", "Lisez-moi"]
    read_me = dict(workbook["Lisez-moi"].iter_rows(min_row=2, values_only=True))
    assert read_me["Titre"] == "Contrôles Erasmus+ en échec"
    assert read_me["Écoles"] == "IMT Mines Albi" and read_me["Année d'appel"] == "2024"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", read_me["Téléchargé le"])
    assert read_me["Source"].startswith("l'entrepôt mobility, dernier import le ")
    assert read_me["Données synthétiques"].startswith("oui : 5\u202f570 mobilités sur 5\u202f572")
    assert read_me["Colonne Motif"] == "reason"
    ((failed,),) = sql(
        demo_warehouse,
        "select count(*) from erasmus_check_failures where school_id = 'imt-mines-albi' "
        "and call_year = 2024 and is_reported",
    )
    assert read_me["Lignes"] == str(failed)
    sheet = workbook["erasmus_failed_checks"]
    headers = [cell.value for cell in sheet[1]]
    assert "Motif" in headers and "reason" not in headers
    reasons = [row[headers.index("Motif")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(" : " in reason for reason in reasons) and len(reasons) == failed


def test_the_tab_title_is_in_the_language_of_the_request():
    app = create_app()
    title = page_title("Agreements")
    with app.server.test_request_context("/agreements?lang=fr"):
        assert title() == "mobility : Accords"
    with app.server.test_request_context("/agreements"):
        assert title() == "mobility: Agreements"


def test_graphs_use_plotly_french_served_from_the_assets():
    assert figures.graph_config("fr")["locale"] == "fr"
    locale = (ROOT / "assets" / "plotly-locale-fr.js").read_text("utf-8")
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    # the tooltips plotly.js gives its mode-bar buttons, each translated
    titles = set(
        re.findall(
            r'title:function\([a-z]\)\{return [A-Za-z]+\([a-z],"([^"]+)"\)', bundle.read_text()
        )
    )
    assert {"Pan", "Zoom in", "Autoscale", "Reset axes"} <= titles
    missing = [title for title in titles if f"'{title}':" not in locale]
    assert missing == []
    assert "decimal: ','" in locale and "'Download plot as a PNG'" in locale


def test_a_field_of_education_shows_its_isced_label_in_french():
    assert field_label("0710 Engineering and engineering trades", "fr") == (
        "0710 Ingénierie et techniques apparentées"
    )
    assert field_label("0713 Electricity and energy", "fr") == "0713 Électricité et énergie"
    assert field_label("0610 Information and Communication Technologies", "fr") == (
        "0610 Technologies de l'information et de la communication (TIC)"
    )
    assert field_label("Génie des procédés", "fr") == "Génie des procédés"  # no code: as it is
    assert field_label("0710 Engineering and engineering trades", "en") == (
        "0710 Engineering and engineering trades"
    )


@pytest.mark.parametrize(
    ("label", "expected"),
    [("8,000 km and more", "8\u202f000 km et plus"), ("500–1,999 km", "500–1\u202f999 km")],
)
def test_distance_bands_in_french(label, expected):
    assert erasmus.band_label(label, "fr") == expected

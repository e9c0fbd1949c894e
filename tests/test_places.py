"""Places per programme: a partner list with one places column per programme, degree or level
gives one quota per agreement and column, labelled; totals are checked, never stored."""

from __future__ import annotations

import importlib

import duckdb
import pytest
from click.testing import CliRunner

from dashboard import data
from dashboard.filters import Filters
from mobility import cli
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.spreadsheets import describe_columns, read_spreadsheet

from .conftest import DATA

PLACES = DATA / "imports" / "places" / "plazas_por_titulacion.csv"
VALLADOLID = SchoolContext("universidad-de-valladolid", "Universidad de Valladolid", None, None)
PROGRAMMES = [
    "Grado Ing. Industrial", "Grado Ing. Química", "Máster Ing. Industrial", "Doctorado",
    "PDI", "PAS",
]  # fmt: skip


def read(path=PLACES, **options):
    return read_spreadsheet(path, "agreements", VALLADOLID, pseudonym_key=b"k", **options)


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_every_places_column_gives_its_own_quota_labelled_by_the_column():
    parsed = read()
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (6, 5, 1)
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [(10, "total row")]
    read_as = dict(describe_columns(parsed))
    assert [read_as[name] for name in PROGRAMMES] == [f"places ({name})" for name in PROGRAMMES]
    assert read_as["Total"] == "checked against the row's places (not stored)"
    quotas = {(q["partner_name"], q["programme"]): q for q in parsed.quotas}
    assert len(quotas) == len(parsed.quotas) == 17  # the filled places cells, each once
    albi = {programme: q["mobilities_per_year"] for (name, programme), q in quotas.items()
            if name == "IMT Mines Albi"}  # fmt: skip
    assert albi == {
        "Grado Ing. Industrial": 2, "Grado Ing. Química": 1, "Máster Ing. Industrial": 2,
        "PDI": 1,
    }  # fmt: skip
    # staff places are staff quotas: PDI teach, PAS are trained (Spanish staff categories)
    kinds = {q["programme"]: q["mobility_type"] for q in parsed.quotas}
    assert kinds == {
        "Grado Ing. Industrial": "student_studies", "Grado Ing. Química": "student_studies",
        "Máster Ing. Industrial": "student_studies", "Doctorado": "student_studies",
        "PDI": "staff_teaching", "PAS": "staff_training",
    }  # fmt: skip
    assert {q["direction"] for q in parsed.quotas} == {"outgoing"}
    assert sum(q["mobilities_per_year"] for q in parsed.quotas) == 29


def test_totals_are_checked_and_every_difference_said():
    notes = read().notes
    # a row's own total: Politecnico di Torino says 9, its six cells add up to 8
    assert "line 7: total 9 but the places columns add up to 8" in notes
    # the total row: 7 Máster places where the rows hold 6, and 30 in all where they hold 29
    assert (
        "line 10: the total row differs: 'Máster Ing. Industrial' says 7 where the accepted rows "
        "add up to 6; 'Total' says 30 where the accepted rows add up to 29"
    ) in notes


def test_a_total_row_matching_its_columns_says_so(tmp_path):
    fixed = tmp_path / "fixed.csv"
    text = PLACES.read_bytes().replace(b"TOTAL;;;12;5;7;2;2;2;30", b"TOTAL;;;12;5;6;2;2;2;29")
    fixed.write_bytes(text.replace(b";1;1;9\r\n", b";1;1;8\r\n"))
    notes = read(fixed).notes
    assert "line 10: the total row matches the places columns' sums" in notes
    assert not [note for note in notes if "add up to" in note]


def test_map_places_names_the_columns_to_read_and_only_those():
    parsed = read(column_map={"places": ["Doctorado", "PDI"]})
    read_as = dict(describe_columns(parsed))
    assert read_as["Doctorado"] == "places (Doctorado) (--map)"
    assert read_as["Grado Ing. Industrial"] == "ignored"
    assert sorted({q["programme"] for q in parsed.quotas}) == ["Doctorado", "PDI"]
    assert len(parsed.quotas) == 4
    # the Total column adds up every column: it checks nothing against a choice of them
    assert not [note for note in parsed.notes if note.startswith("line 7")]


def test_one_places_column_keeps_quotas_without_a_programme(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Partner;Country;Places\nUniversity of Bath;GB;3\n", encoding="utf-8")
    (quota,) = read(path).quotas
    assert (quota["programme"], quota["mobilities_per_year"]) == (None, 3)


def test_places_named_in_the_header_are_read_and_labelled_by_the_rest(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(
        "Partner;Country;Plazas Grado;Plazas Máster\nUniversity of Bath;GB;3;1\n", encoding="utf-8"
    )
    quotas = read(path).quotas
    assert [(q["programme"], q["mobilities_per_year"]) for q in quotas] == [
        ("Grado", 3),
        ("Máster", 1),
    ]


def test_a_lone_column_of_numbers_is_not_taken_on_a_guess_and_the_note_says_how(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Partner;Country;Ranking\nUniversity of Bath;GB;7\n", encoding="utf-8")
    parsed = read(path)
    assert parsed.quotas == []
    assert dict(describe_columns(parsed))["Ranking"] == (
        "ignored (numbers: --map places='Ranking' reads them as places)"
    )


def test_the_import_stores_each_programme_and_the_pages_show_them(isolated_warehouse):
    run("schools", "add", "Universidad de Valladolid", "--country", "ES", "--city", "Valladolid")
    out = run("import", "agreements", PLACES, "--school", "Universidad de Valladolid")
    assert "quotas (cooperation conditions, places): 17" in out
    assert (
        "places per programme: Grado Ing. Industrial 12, Grado Ing. Química 5, Máster Ing. "
        "Industrial 6, PDI 2, Doctorado 2, PAS 2; in total 29"
    ) in out
    with duckdb.connect(str(isolated_warehouse), read_only=True) as con:
        stored = con.execute(
            "select programme, sum(mobilities_per_year), count(distinct quota_id) "
            "from agreement_quotas group by all order by 1"
        ).fetchall()
    assert stored == [
        ("Doctorado", 2, 2), ("Grado Ing. Industrial", 12, 5), ("Grado Ing. Química", 5, 3),
        ("Máster Ing. Industrial", 6, 3), ("PAS", 2, 2), ("PDI", 2, 2),
    ]  # fmt: skip
    places = data.places_by_programme(Filters(), "2024-2025")
    students = places.filter(direction="outgoing", mobility_type="student_studies")
    assert students.filter(is_total=False).select("programme", "places_per_year").rows() == [
        ("Doctorado", 2), ("Grado Ing. Industrial", 12), ("Grado Ing. Química", 5),
        ("Máster Ing. Industrial", 6),
    ]  # fmt: skip
    assert students.filter(is_total=True)["places_per_year"].to_list() == [25]
    assert students.filter(is_total=True)["count_partners"].to_list() == [5]
    from dashboard.app import create_app

    create_app()
    agreements = importlib.import_module("pages.agreements")
    page = str(agreements.layout())
    assert "Places offered in" in page and "Grado Ing. Química" in page
    partner = importlib.import_module("pages.partner")
    torino = data.partner_points(Filters(), "2024-2025").filter(
        partner_name="Politecnico di Torino"
    )["partner_id"][0]
    text = str(partner.layout(partner_id=torino))
    assert (
        "Places a year in total: 1 staff teaching (outgoing), 1 staff training (outgoing), "
        "6 student studies (outgoing)."
    ) in text


@pytest.mark.parametrize("value", ["places", "partner_name"])
def test_only_places_may_be_mapped_twice(isolated_warehouse, value):
    result = CliRunner().invoke(
        cli,
        ["import", "agreements", str(PLACES), "--school", "IMT Mines Albi", "--dry-run",
         "--map", f"{value}=Doctorado", "--map", f"{value}=PDI"],
    )  # fmt: skip
    if value == "places":
        assert result.exit_code == 0, result.output
        assert "column 'PDI' → places (PDI) (--map)" in result.output
    else:
        assert result.exit_code == 1
        assert result.output.strip() == (
            "error: --map partner_name= given twice; only places can name several"
        )


def test_columns_of_numbers_that_name_no_programme_are_not_places(tmp_path):
    # a review found these read as 'places per programme: Postcode 38169, QS ranking 3…'
    path = tmp_path / "partners.csv"
    path.write_text(
        "Partner;Country;Postcode;QS ranking;Students 2022;Students 2023\n"
        "University of Bath;GB;38169;3;5;6\n",
        encoding="utf-8",
    )
    parsed = read(path)
    assert parsed.quotas == []
    read_as = dict(describe_columns(parsed))
    assert read_as["QS ranking"] == (
        "ignored (numbers: --map places='QS ranking' reads them as places)"
    )


@pytest.mark.parametrize("total", ["Total Erasmus", "Nº total de plazas", "Suma"])
def test_a_header_with_a_total_word_holds_a_total_never_a_programme(tmp_path, total):
    path = tmp_path / "partners.csv"
    path.write_text(
        f"Partner;Country;Grado;Máster;{total}\nUniversity of Bath;GB;6;3;8\n", encoding="utf-8"
    )
    parsed = read(path)
    assert [(q["programme"], q["mobilities_per_year"]) for q in parsed.quotas] == [
        ("Grado", 6),
        ("Máster", 3),
    ]
    assert dict(describe_columns(parsed))[total] == "checked against the row's places (not stored)"
    assert "line 2: total 8 but the places columns add up to 9" in parsed.notes

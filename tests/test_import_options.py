"""--map FIELD=COLUMN and --set FIELD=VALUE on every import command: a column under another name,
a field the file lacks; and every misuse refused in one line, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA, sql


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def error_of(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr.removeprefix("error: ").rstrip("\n")


@pytest.fixture
def outgoing_list(tmp_path) -> Path:
    """The issue's case: a list of outgoing students, no direction column, other headers."""
    return write(
        tmp_path / "sortants.csv",
        "Socio;Land;Jahr;Beginn\n"
        "Politecnico di Milano;Italie;2024-2025;02-SEP-2024 00.00.00\n"
        "Aalto University;FI;;01/09/2024\n",
    )


MAPS = ["--map", "partner_name=Socio", "--map", "country=Land", "--map", "academic_year=Jahr",
        "--map", "start_date=Beginn"]  # fmt: skip


def test_set_gives_the_direction_a_mobility_list_lacks(isolated_warehouse, outgoing_list):
    result = run("import", "mobilities", outgoing_list, "--school", "Mines Albi", *MAPS)
    assert error_of(result) == (
        f"{outgoing_list}, line 1: missing column(s) direction (such as 'direction', 'sens', "
        "'sentido'); name them with --map FIELD=COLUMN, or give a value for every row with "
        "--set FIELD=VALUE"
    )
    result = run(
        "import", "mobilities", outgoing_list, "--school", "Mines Albi", *MAPS,
        "--set", "direction=Sortant",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "note: --set direction=Sortant: every row's direction (no column holds it)" in (
        result.output
    )
    assert sql(
        isolated_warehouse,
        "select direction, academic_year, start_date::varchar from mobilities order by start_date",
    ) == [("outgoing", "2024-2025", "2024-09-01"), ("outgoing", "2024-2025", "2024-09-02")]


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("direction=sideways", "--set direction=sideways: unknown direction 'sideways'"),
        ("start_date=soon", "--set start_date=soon: bad start date 'soon'"),
        ("academic_year=2024", "--set academic_year=2024: not an academic year such as 2024-2025"),
        ("is_blended=perhaps", "--set is_blended=perhaps: not yes or no"),
        ("erasmus_action=KA999", "--set erasmus_action=KA999: not KA131 or KA171"),
        ("activity=holidays", "--set activity=holidays: not understood (study, traineeship, "
                              "staff teaching, staff training…)"),
        ("student_id=123", "--set student_id=123: each row has its own student: name the column "
                           "with --map student_id=…"),
        ("directions=out", "unknown field 'directions' in --set; fields: partner_name, country, "
                           "erasmus_code, direction, academic_year, start_date, end_date, "
                           "duration_months, activity, level, field, funding, is_blended, "
                           "is_green_travel, has_fewer_opportunities, erasmus_activity, "
                           "erasmus_action, student_id"),
    ],
)  # fmt: skip
def test_a_set_value_its_column_would_refuse_is_an_error(outgoing_list, option, problem):
    result = run(
        "import", "mobilities", outgoing_list, "--school", "Mines Albi", *MAPS,
        "--set", option, "--dry-run",
    )  # fmt: skip
    assert error_of(result) == f"{outgoing_list}: {problem}"


def test_a_set_field_the_file_has_is_an_error(outgoing_list):
    result = run(
        "import", "mobilities", outgoing_list, "--school", "Mines Albi", *MAPS,
        "--set", "direction=out", "--set", "country=ES", "--dry-run",
    )  # fmt: skip
    assert error_of(result) == (
        f"{outgoing_list}, line 1: --set country: the file has a country column ('Land'); drop "
        "--set, or --map country to another column"
    )


@pytest.mark.parametrize("option", ["--map", "--set"])
def test_malformed_options_are_refused(outgoing_list, option):
    result = run("import", "mobilities", outgoing_list, "--school", "Mines Albi", option, "x")
    what = "COLUMN" if option == "--map" else "VALUE"
    assert error_of(result) == f"{option} 'x': expected FIELD={what}"


def test_ec_statistics_files_refuse_map_and_set():
    path = DATA / "imports" / "ec_statistics" / "part_000.csv"
    result = run("import", "mobilities", path, "--set", "direction=out", "--dry-run")
    assert error_of(result) == (
        f"{path}: EC statistics files have a fixed layout: --map and --set do not apply"
    )


def test_set_gives_a_partner_list_its_country(isolated_warehouse, tmp_path):
    path = write(
        tmp_path / "socios.csv",
        "Universidad;Ciudad\nUniversidad de Sevilla;Sevilla\nUniversidad de Vigo;Vigo\n",
    )
    result = run("import", "agreements", path, "--school", "Mines Albi", "--dry-run")
    assert "missing column(s) country or erasmus_code" in error_of(result)
    result = run("import", "agreements", path, "--school", "Mines Albi", "--set", "country=ES")
    assert result.exit_code == 0, result.output
    assert sql(isolated_warehouse, "select name, country_iso2 from partners order by 1") == [
        ("Universidad de Sevilla", "ES"), ("Universidad de Vigo", "ES"),
    ]  # fmt: skip
    result = run("import", "agreements", path, "--school", "Mines Albi", "--set",
                 "country=Atlantis", "--dry-run")  # fmt: skip
    assert error_of(result) == f"{path}: --set country=Atlantis: unknown country 'Atlantis'"
    result = run("import", "agreements", path, "--school", "Mines Albi", "--set",
                 "places=many", "--dry-run")  # fmt: skip
    assert error_of(result) == f"{path}: --set places=many: not a number"


def test_ewp_xml_refuses_map_and_set():
    path = DATA / "imports" / "ewp" / "two_iias.xml"
    result = run("import", "agreements", path, "--school", "Mines Albi", "--set", "country=FR")
    assert error_of(result) == f"{path}: --map and --set do not apply to EWP XML files"


def test_set_gives_a_graduate_list_its_year(isolated_warehouse, tmp_path):
    path = write(tmp_path / "promo.csv", "Student ID,ECTS abroad\nG-1,30\nG-2,\n")
    result = run("import", "graduates", path, "--school", "Mines Albi", "--set",
                 "graduation_year=2023-2024")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sql(
        isolated_warehouse, "select graduation_year, count(*) from graduates group by 1"
    ) == [(2024, 2)]
    result = run("import", "graduates", path, "--school", "Mines Albi", "--set",
                 "graduation_year=soon", "--dry-run")  # fmt: skip
    assert error_of(result) == f"{path}: --set graduation_year=soon: bad graduation year 'soon'"


def test_map_and_set_on_the_charter_list(isolated_warehouse, tmp_path):
    path = write(tmp_path / "registry.csv", "ID;Nom;Ville\nF  ALBI05;IMT Mines Albi;Albi\n")
    result = run("import", "institutions", path, "--dry-run")
    assert error_of(result) == (
        f"{path}, line 1: not a charter list: no header with 'Erasmus Code' and 'Legal Name' "
        "(or name them with --map FIELD=COLUMN)"
    )
    result = run("import", "institutions", path, "--map", "erasmus_code=ID", "--map",
                 "legal_name=Nom", "--map", "city=Ville", "--set",
                 "country_iso2=France")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "note: column 'ID' → erasmus_code (--map)" in result.output
    assert "note: --set country_iso2=FR: every row's country_iso2 (no column holds it)" in (
        result.output
    )
    assert sql(isolated_warehouse, "select erasmus_code, name, city, country_iso2 from "
               "institutions") == [("F ALBI05", "IMT Mines Albi", "Albi", "FR")]  # fmt: skip
    for options, problem in [
        (["--map", "code=ID"], "unknown field 'code' in --map; fields: erasmus_code, pic, oid, "
         "legal_name, street, postcode, city, country_iso2, website, charter_start, charter_end"),
        (["--map", "erasmus_code=Code"], "--map erasmus_code=Code: no such column in the "
         "first 20 rows"),
        (["--map", "erasmus_code=ID", "--map", "legal_name=Name"], "--map legal_name=Name: no "
         "column 'Name' in the header; its columns: 'ID', 'Nom', 'Ville'"),
        (["--map", "erasmus_code=ID", "--map", "legal_name=Nom", "--set",
          "country_iso2=Atlantis"], "--set country_iso2=Atlantis: unknown country 'Atlantis'"),
    ]:  # fmt: skip
        message = error_of(run("import", "institutions", path, *options, "--dry-run"))
        assert message.split(": ", 1)[1] == problem
    json_list = write(tmp_path / "euc.json", "[]")
    result = run("import", "institutions", json_list, "--map", "city=Town", "--dry-run")
    assert error_of(result) == f"{json_list}: --map and --set do not apply to the JSON charter list"

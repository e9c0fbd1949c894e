"""Graduate lists: read in EN, FR and ES shapes, pseudonymised like mobility files, imported
with the usual guarantees, and measured against the compulsory stay abroad (view graduates)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from warehouse.cli import cli
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.spreadsheets import pseudonym, read_spreadsheet

from .conftest import DATA, sql

FIXTURES = DATA / "imports" / "graduates"
ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
KEY = b"test pseudonym key"

# What the fixtures say about people: none of it may reach a ParsedFile or the warehouse.
PERSONAL = [
    "Arnaud", "Léo", "Blanc", "Jade", "Carré", "Dumas", "Inès", "Étienne", "Fabre", "Garnier",
    "Henry", "Petit", "Roux", "@example.org", "G-001", "G-002", "G-003", "G-009", "G-010",
]  # fmt: skip
REJECTS = [
    "no student id",
    "bad graduation year '2O24'",
    "student already listed on line {first}",
    "bad ECTS abroad 'n/a'",
    "total row",
]
ACCEPTED = [  # (student number, graduation year, ECTS abroad)
    ("G-001", 2024, 30.0),
    ("G-002", 2024, None),  # written '2023-2024': the academic year the diploma closes
    ("G-003", 2024, None),
    ("G-004", 2024, 15.0),
    ("G-005", 2024, None),
    ("G-006", 2024, None),
    ("G-007", 2024, None),
]


def spanish_workbook(path: Path) -> Path:
    """The English rows under Spanish headers, with a title row above them, as a workbook."""
    lines = (FIXTURES / "graduates.csv").read_text(encoding="utf-8").splitlines()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Titulados 2024 (lista de la secretaría)"])
    sheet.append([])
    sheet.append(
        ["NIA", "Apellidos", "Nombre", "Correo", "Año de graduación",
         "Créditos ECTS en el extranjero", "Titulación"]
    )  # fmt: skip
    for line in lines[1:]:
        cells = line.split(",")
        # years and credits as Excel numbers, as a secretary's workbook has them
        sheet.append([int(c) if c.isdigit() else (c or None) for c in cells])
    workbook.save(path)
    return path


def shapes(tmp_path: Path) -> list[Path]:
    return [
        FIXTURES / "graduates.csv",
        FIXTURES / "diplomes_semicolon_cp1252.csv",
        spanish_workbook(tmp_path / "titulados.xlsx"),
        FIXTURES / "titulados.xls",  # the same workbook as Excel 97-2003 (make_eu_formats.py)
    ]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ---------- reading


@pytest.mark.parametrize(
    "shape", [0, 1, 2, 3], ids=["english_csv", "french_cp1252", "spanish_xlsx", "spanish_xls"]
)
def test_every_shape_of_graduate_list_gives_the_same_graduates(tmp_path, shape):
    parsed = read_spreadsheet(shapes(tmp_path)[shape], "graduates", ALBI, pseudonym_key=KEY)
    assert [
        (g["participant_id"], g["graduation_year"], g["ects_abroad"]) for g in parsed.graduates
    ] == [(pseudonym(student, KEY), year, ects) for student, year, ects in ACCEPTED]
    first = 4 if shape >= 2 else 2  # the workbooks have a title and a blank row above their header
    assert [r.reason for r in parsed.rejects] == [r.format(first=first) for r in REJECTS]
    assert parsed.rows_read == parsed.rows_accepted + parsed.rows_rejected == 12


@pytest.mark.parametrize(
    "shape", [0, 1, 2, 3], ids=["english_csv", "french_cp1252", "spanish_xlsx", "spanish_xls"]
)
def test_names_emails_and_student_numbers_never_reach_the_parsed_file(tmp_path, shape):
    parsed = read_spreadsheet(shapes(tmp_path)[shape], "graduates", ALBI, pseudonym_key=KEY)
    text = repr(parsed.graduates) + repr(parsed.rejects)
    assert [word for word in PERSONAL if word in text] == []
    dropped = [note for note in parsed.notes if note.endswith("dropped (personal data)")]
    assert len(dropped) == 3  # last name, first name, e-mail


def test_a_graduate_gets_the_pseudonym_of_their_mobilities():
    key = b"one key for the warehouse"
    graduates = read_spreadsheet(
        FIXTURES / "graduates.csv", "graduates", ALBI, pseudonym_key=key
    ).graduates
    mobilities = read_spreadsheet(
        FIXTURES / "mobilities.csv", "mobilities", ALBI, pseudonym_key=key
    ).mobilities.to_dicts()
    assert (
        graduates[0]["participant_id"] == mobilities[0]["participant_id"] == pseudonym("G-001", key)
    )


# ---------- importing


@pytest.fixture
def albi_with_graduates(isolated_warehouse) -> Path:
    """A warehouse with the fixtures' mobilities and graduates of IMT Mines Albi."""
    for kind, name in (("mobilities", "mobilities.csv"), ("graduates", "graduates.csv")):
        result = run("import", kind, str(FIXTURES / name), "--school", "IMT Mines Albi")
        assert result.exit_code == 0, result.output
    return isolated_warehouse


def test_the_import_says_what_it_dropped_and_rejected(isolated_warehouse):
    run("import", "mobilities", str(FIXTURES / "mobilities.csv"), "--school", "Mines Albi")
    result = run("import", "graduates", str(FIXTURES / "graduates.csv"), "--school", "Mines Albi")
    assert result.exit_code == 0, result.output
    output = result.output
    assert "personal data dropped, never stored: 'Last name', 'First name', 'Email'" in output
    assert "graduates: 7 (student numbers pseudonymised)" in output
    assert "rejected line 10: bad graduation year '2O24'" in output
    assert "graduates.csv: 12 rows read, 7 accepted, 5 rejected" in output
    assert "IMT Mines Albi: 4 of 7 graduates have a stay abroad on record" in output
    assert [w for w in PERSONAL if w in output] == []


def test_the_import_keeps_lineage_and_rejected_rows(albi_with_graduates):
    [(kind, school, read, accepted, rejected)] = sql(
        albi_with_graduates,
        "select kind, school_id, rows_read, rows_accepted, rows_rejected from imports "
        "where file_name = 'graduates.csv'",
    )
    assert (kind, school, read, accepted, rejected) == ("graduates", "imt-mines-albi", 12, 7, 5)
    reasons = sql(
        albi_with_graduates,
        "select line_number, reason from rejected_rows where file_name = 'graduates.csv' "
        "order by line_number",
    )
    expected = [reason.format(first=2) for reason in REJECTS]
    assert reasons == list(zip([9, 10, 11, 12, 13], expected, strict=True))
    stored = "".join(
        str(row)
        for table in ("raw.graduates", "rejected_rows", "graduates")
        for row in sql(albi_with_graduates, f"select * from {table}")
    )
    assert [word for word in PERSONAL if word in stored] == []


def test_months_abroad_and_the_two_rules_per_graduate(albi_with_graduates):
    key = albi_with_graduates.with_suffix(".key").read_bytes()
    rows = sql(
        albi_with_graduates,
        """
        select participant_id, graduation_year, count_mobilities_abroad, months_abroad,
               ects_abroad, meets_school_rule, meets_eu_benchmark, is_synthetic
        from graduates where school = 'IMT Mines Albi'
        """,
    )
    got = {row[0]: row[1:] for row in rows}
    expected = {
        # 5 months of study, 30 ECTS: both rules
        "G-001": (2024, 1, 5.0, 30.0, True, True),
        # a 3-month traineeship: the EU benchmark, not the school's 4 months
        "G-002": (2024, 1, 3.0, None, False, True),
        # 2 months, then 1 Sep to 15 Nov (76 days / 30): added up, 4.53 months
        "G-003": (2024, 2, 4.53, None, True, True),
        # 2 months, but 15 ECTS: the EU benchmark by credits
        "G-004": (2024, 1, 2.0, 15.0, False, True),
        # never abroad
        "G-005": (2024, 0, 0.0, None, False, False),
        # a stay after graduating does not count
        "G-006": (2024, 0, 0.0, None, False, False),
        # a staff mobility never counts
        "G-007": (2024, 0, 0.0, None, False, False),
    }
    assert got == {
        pseudonym(student, key): (*values, False) for student, values in expected.items()
    }


def test_the_same_file_twice_changes_nothing(albi_with_graduates):
    before = hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest()
    result = run("import", "graduates", str(FIXTURES / "graduates.csv"), "--school", "Mines Albi")
    assert result.exit_code == 0
    assert "already imported for IMT Mines Albi" in result.output
    assert hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest() == before


def test_a_corrected_file_of_the_same_name_replaces_the_first(albi_with_graduates, tmp_path):
    corrected = tmp_path / "graduates.csv"
    corrected.write_text("Student ID,Graduation year\nG-001,2024\nG-005,2025\n", "utf-8")
    result = run("import", "graduates", str(corrected), "--school", "IMT Mines Albi")
    # it takes out most of the first file's rows: said, and done only with --replace
    assert result.exit_code == 1
    assert "taking its rows from 7 to 2 (graduates 7 → 2)" in result.output
    result = run("import", "graduates", str(corrected), "--school", "IMT Mines Albi", "--replace")
    assert result.exit_code == 0, result.output
    assert "replaces import #2 (graduates.csv, " in result.output
    # the first file's 7 graduates and 5 rejected rows give way to the corrected file's
    assert "graduates 7 → 2, rejected rows 5 → 0" in result.output
    assert sql(
        albi_with_graduates, "select graduation_year, count(*) from graduates group by all"
    ) == [(2024, 1), (2025, 1)]


def test_a_dry_run_writes_nothing(albi_with_graduates):
    before = hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest()
    result = run(
        "import", "graduates", str(FIXTURES / "diplomes_semicolon_cp1252.csv"),
        "--school", "IMT Mines Albi", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("personal data dropped, never stored: 'Nom', 'Prénom'")
    assert "Dry run, nothing written" in result.output
    assert hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("content", "school", "message"),
    [
        ("", "IMT Mines Albi", "the file is empty"),
        (
            "Student ID,Last name\nG-001,Arnaud\n",
            "IMT Mines Albi",
            "missing column(s) graduation_year (such as 'graduation year', "
            "'année de diplomation', 'año de graduación')",
        ),
        (
            "Student ID,Graduation year\nG-001,2024\n",
            "Mines de Nulle Part",
            "unknown school 'Mines de Nulle Part'",
        ),
    ],
    ids=["empty", "no_graduation_year", "unknown_school"],
)
def test_bad_input_is_one_line_and_leaves_the_warehouse_untouched(
    albi_with_graduates, tmp_path, content, school, message
):
    before = hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest()
    path = tmp_path / "bad.csv"
    path.write_text(content, "utf-8")
    result = CliRunner().invoke(cli, ["import", "graduates", str(path), "--school", school])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert message in result.output
    assert hashlib.sha256(albi_with_graduates.read_bytes()).hexdigest() == before

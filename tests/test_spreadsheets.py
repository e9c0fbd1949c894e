"""Partner and mobility spreadsheets (CSV, TSV, XLSX; EN, FR, ES) read into raw rows.

The same logical rows are written in many shapes under tests/data/imports/spreadsheets (see
make_fixtures.py there); each shape must give exactly the rows of the *_expected.csv file.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
from pathlib import Path

import openpyxl
import pytest

from warehouse.errors import ImportFileError
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.result import NOT_KEPT
from warehouse.importers.spreadsheets import (
    FIELDS_MOBILITIES,
    FIELDS_PARTNERS,
    describe_columns,
    pseudonym,
    read_spreadsheet,
)

from .conftest import DATA

ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
KEY = b"test pseudonym key"
FIXTURES = DATA / "imports" / "spreadsheets"
PARTNER_FILES = sorted((FIXTURES / "partners").glob("*"))
MOBILITY_FILES = sorted((FIXTURES / "mobilities").glob("*"))

AGREEMENT_FIELDS = (
    "partner_name",
    "partner_country_iso2",
    "agreement_type",
    "partner_erasmus_code",
    "partner_city",
    "signatory_level",
    "first_academic_year",
    "last_academic_year",
)

# What the fixtures say about people: none of it may reach a ParsedFile.
PERSONAL = [
    "Dupont", "Camille", "Martin", "Léa", "Müller", "Jonas", "García López", "María",
    "Bernard", "Hugo", "Leroy", "Anne", "Virtanen", "Aino", "Petit", "Lucas", "Moreau", "Chloé",
    "@",
]  # fmt: skip


def read(path: Path, kind: str = "agreements", **options):
    return read_spreadsheet(path, kind, ALBI, pseudonym_key=KEY, **options)


def expected(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def hmac_pseudonym(student_id: str, key: bytes = KEY) -> str:
    return "p-" + hmac.new(key, student_id.lower().encode(), hashlib.sha256).hexdigest()[:16]


# ---------- the same partners in every shape


@pytest.mark.parametrize("path", PARTNER_FILES, ids=lambda p: p.name)
def test_every_shape_of_partner_list_gives_the_same_agreements_and_quotas(path):
    parsed = read(path)
    rows = expected("partners_expected.csv")
    assert [tuple(a[f] or "" for f in AGREEMENT_FIELDS) for a in parsed.agreements] == [
        tuple(row[f] for f in AGREEMENT_FIELDS) for row in rows
    ]
    assert [
        (q["partner_name"], q["partner_country_iso2"], q["agreement_type"], q["direction"],
         q["mobility_type"], q["mobilities_per_year"], q["first_academic_year"])
        for q in parsed.quotas
    ] == [
        (row["partner_name"], row["partner_country_iso2"], row["agreement_type"], "outgoing",
         "student_studies", float(row["places"]), row["first_academic_year"])
        for row in rows
        if row["places"]
    ]  # fmt: skip
    reasons = ["total row"] if path.name == "trailing_total_row.xlsx" else []
    assert [r.reason for r in parsed.rejects] == reasons
    assert (
        parsed.rows_read == parsed.rows_accepted + parsed.rows_rejected == len(rows) + len(reasons)
    )
    suffix = {".xlsx": "xlsx", ".xls": "xls", ".tsv": "tsv"}.get(path.suffix, "csv")
    assert parsed.file_format == f"spreadsheet_{suffix}"


@pytest.mark.parametrize("path", MOBILITY_FILES, ids=lambda p: p.name)
def test_every_shape_of_mobility_list_gives_the_same_mobilities(path):
    parsed = read(path, "mobilities")
    got = [
        (
            m["partner_name"], m["partner_country_iso2"], m["partner_erasmus_code"],
            m["direction"], m["academic_year"], str(m["start_date"] or ""),
            str(m["end_date"] or ""), m["duration_months"], m["activity"], m["participant_id"],
        )
        for m in parsed.mobilities.to_dicts()
    ]  # fmt: skip
    assert got == [
        (
            row["partner_name"], row["partner_country_iso2"], row["partner_erasmus_code"],
            row["direction"], row["academic_year"], row["start_date"], row["end_date"],
            float(row["duration_months"]) if row["duration_months"] else None, row["activity"],
            hmac_pseudonym(row["student_id"]) if row["student_id"] else None,
        )
        for row in expected("mobilities_expected.csv")
    ]  # fmt: skip
    assert [r.reason for r in parsed.rejects] == ["unknown direction 'Mixte'"]
    assert parsed.rows_read == parsed.rows_accepted + parsed.rows_rejected == 9


@pytest.mark.parametrize("path", MOBILITY_FILES, ids=lambda p: p.name)
def test_no_personal_data_reaches_the_parsed_file(path):
    parsed = read(path, "mobilities")
    text = repr(parsed)
    assert [word for word in PERSONAL if word in text] == []
    student_ids = [row["student_id"] for row in expected("mobilities_expected.csv")]
    assert [sid for sid in [*student_ids, "21900555"] if sid and sid in text] == []
    # The rejected row keeps its shape: people masked, the student number pseudonymised.
    raw = parsed.rejects[0].raw_text
    assert raw.count("…") == 3
    assert hmac_pseudonym("21900555") in raw and "Mixte" in raw


def test_columns_are_described_for_a_dry_run():
    parsed = read(FIXTURES / "mobilities" / "spanish.xlsx", "mobilities")
    columns = dict(describe_columns(parsed))
    assert columns["Universidad socia"] == "partner_name"
    assert columns["Nombre"] == "dropped (personal data)"
    assert columns["Correo"] == "dropped (personal data)"
    assert columns["NIA"] == "student_id"
    assert columns["Tipo de movilidad"] == "direction"
    assert columns["Comentario"] == "ignored"
    assert "header on line 2; the lines above it skipped" in parsed.notes


# ---------- line numbers


def test_xlsx_line_numbers_are_excel_row_numbers():
    parsed = read(FIXTURES / "partners" / "title_rows_above_header.xlsx")
    assert [a["line_number"] for a in parsed.agreements] == [5, 6, 7, 8, 9, 10]
    total = read(FIXTURES / "partners" / "trailing_total_row.xlsx")
    assert [(r.line_number, r.raw_text) for r in total.rejects] == [(9, "Total |  |  |  |  | 2")]


def test_text_line_numbers_count_blank_lines():
    parsed = read(FIXTURES / "partners" / "blank_cells_only_spaces.csv")
    assert [a["line_number"] for a in parsed.agreements] == [3, 4, 5, 8, 9, 10]


def test_a_total_row_is_read_and_rejected():
    parsed = read(FIXTURES / "partners" / "trailing_total_row.xlsx")
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (7, 6, 1)
    assert parsed.rejects[0].reason == "total row"


@pytest.mark.parametrize("footer", ["TOTAL", "Totaux", "Sous-total", "Suma", "Grand total : 12"])
def test_total_rows_are_recognised_in_three_languages(tmp_path, footer):
    path = tmp_path / "partners.csv"
    path.write_text(f"Institution;Country\nAalto University;Finland\n{footer};\n", "utf-8")
    parsed = read(path)
    assert [(r.line_number, r.reason, r.raw_text) for r in parsed.rejects] == [
        (3, "total row", f"{footer};")
    ]


# ---------- pseudonyms


def test_pseudonyms_are_stable_for_a_key_and_differ_between_keys():
    path = FIXTURES / "mobilities" / "clean.csv"
    first = [m["participant_id"] for m in read(path, "mobilities").mobilities.to_dicts()]
    again = [m["participant_id"] for m in read(path, "mobilities").mobilities.to_dicts()]
    other = [
        m["participant_id"]
        for m in read_spreadsheet(
            path, "mobilities", ALBI, pseudonym_key=b"another key"
        ).mobilities.to_dicts()
    ]
    assert first == again
    assert all(a != b for a, b in zip(first, other, strict=True) if a)
    assert first[0] == pseudonym("21900123", KEY) == hmac_pseudonym("21900123")
    assert pseudonym(" AB12 ", KEY) == pseudonym("ab12", KEY)


@pytest.mark.parametrize("key", [b"", b"k" * 64, b"a key longer than a SHA-256 block, " * 3])
def test_pseudonyms_are_the_hmac_sha256_of_the_id_for_any_key_length(key):
    # keys of exactly a block and longer take the other branches of RFC 2104's key preparation
    assert pseudonym("21900123", key) == hmac_pseudonym("21900123", key)


# ---------- --map and missing columns


def test_map_names_a_column_the_reader_does_not_know(tmp_path):
    path = tmp_path / "socios.csv"
    path.write_text("Socio;País;Convenio\nUniversidad de Sevilla;España;Erasmus+\n", "utf-8")
    parsed = read(path, column_map={"partner_name": "socio"})  # compared folded
    assert [(a["partner_name"], a["partner_country_iso2"]) for a in parsed.agreements] == [
        ("Universidad de Sevilla", "ES")
    ]
    assert "column 'Socio' → partner_name (--map)" in parsed.notes
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert error.value.line == 1
    assert error.value.problem.startswith("missing column(s) partner_name (such as")


def test_map_overrides_a_recognised_column(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Institution,Partner,Country\nAcronym,Full Name University,FI\n", "utf-8")
    parsed = read(path, column_map={"partner_name": "Partner"})
    assert parsed.agreements[0]["partner_name"] == "Full Name University"
    assert "column 'Institution' → ignored ('Partner' is read as partner_name)" in parsed.notes


def test_an_unknown_map_field_fails_listing_the_fields():
    with pytest.raises(ImportFileError) as error:
        read(FIXTURES / "partners" / "clean.csv", column_map={"university": "Institution"})
    assert error.value.problem == (
        f"unknown field 'university' in --map; fields: {', '.join(FIELDS_PARTNERS)}"
    )
    assert "student_id" in FIELDS_MOBILITIES and "places" in FIELDS_PARTNERS


def test_a_map_column_absent_from_the_header_fails_listing_the_columns():
    with pytest.raises(ImportFileError) as error:
        read(FIXTURES / "partners" / "clean.csv", column_map={"city": "Town hall"})
    assert error.value.line == 1
    assert "no column 'Town hall' in the header; its columns: 'Institution', 'Country'" in str(
        error.value
    )


def test_a_missing_required_column_fails_naming_the_header_line(tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(
        "Mobilités sortantes 2024\n"
        "Établissement;Pays;Année universitaire\n"
        "Aalto University;Finlande;2024-2025\n",
        "utf-8",
    )
    with pytest.raises(ImportFileError) as error:
        read(path, "mobilities")
    assert str(error.value) == (
        f"{path}, line 2: missing column(s) direction (such as 'direction', 'sens', 'sentido'); "
        "name them with --map FIELD=COLUMN, or give a value for every row with --set FIELD=VALUE"
    )


def test_a_file_without_a_recognisable_header_fails_on_line_1(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Some notes\nabout partners\n", "utf-8")
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert error.value.line == 1
    assert error.value.problem.startswith(
        "no header row recognised: expected columns such as 'institution', 'établissement'"
    )


# ---------- values and rejects


def test_mobility_values_and_rejects(tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(
        "Partner,Country,Direction,Year,Start date,Activity\n"
        "Aalto University,Finlande,Outgoing students,,15/1/2025,\n"  # year from the date
        "Aalto University,Finlnd,IN,2024/2025,,Internship\n"  # a close spelling, noted
        "Aalto University,Atlantis,OUT,2024-2025,,\n"
        "Aalto University,FI,sideways,2024-2025,,\n"
        "Aalto University,FI,OUT,,31/02/2025,\n"
        "Aalto University,FI,OUT,2024-2026,,\n"
        ",,OUT,2024-2025,,\n"
        "Aalto University,FI,OUT,,,\n",
        "utf-8",
    )
    parsed = read(path, "mobilities")
    assert [
        (m["academic_year"], m["direction"], m["activity"]) for m in parsed.mobilities.to_dicts()
    ] == [
        ("2024-2025", "outgoing", "study"),
        ("2024-2025", "incoming", "traineeship"),
    ]
    assert "line 3: country 'Finlnd' read as Finland (close spelling)" in parsed.notes
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (4, "unknown country 'Atlantis'"),
        (5, "unknown direction 'sideways'"),
        (6, "bad start date '31/02/2025'"),
        (7, "bad academic year '2024-2026'"),
        (8, "no partner name"),
        (9, "no academic year and no start date"),
    ]
    assert parsed.rows_read == 8


def test_a_shifted_text_row_is_rejected(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("Institution,Country\nUniversity of Oslo, UiO,Norway\n", "utf-8")
    parsed = read(path)
    assert parsed.rejects[0].reason.startswith("3 cells for 2 columns")


# ---------- unreadable files


def test_a_broken_workbook_fails_with_one_line(tmp_path):
    path = tmp_path / "partners.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip archive")
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert error.value.problem.startswith("not a readable Excel workbook (")
    assert "\n" not in str(error.value)


def test_a_damaged_xls_workbook_fails_with_one_line(tmp_path, capfd):
    # .xls files are read since calamine; a damaged one is refused as a damaged XLSX is
    path = tmp_path / "partners.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert error.value.problem.startswith("not a readable Excel workbook (")
    assert "\n" not in str(error.value)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize(("content", "problem"), [(b"", "the file is empty"),
                                                  (b"  \n\n", "the file is empty")])  # fmt: skip
def test_an_empty_text_file_is_refused_like_other_text_imports(tmp_path, content, problem):
    path = tmp_path / "partners.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert error.value.problem == problem


def test_a_workbook_is_read_from_its_first_sheet_with_data(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Empty"
    sheet = workbook.create_sheet("Partners")
    sheet["B3"], sheet["C3"] = "Partner", "Country"
    sheet["B4"], sheet["C4"] = "Aalto University", "Finland"
    path = tmp_path / "partners.xlsx"
    workbook.save(path)
    parsed = read(path)
    assert [(a["line_number"], a["partner_country_iso2"]) for a in parsed.agreements] == [(4, "FI")]


# ---------- mobility lists, read column-wise


def test_mobility_rows_keep_their_line_numbers_whatever_the_quoting(tmp_path):
    """Quoted cells holding the separator, a cell spanning two lines, blank and separator-only
    lines, a shifted row and a footer: each row keeps the line it starts on."""
    header = "Partner,Country,Direction,Academic year,Activity\n"
    rows = (
        '"Universidad de Navarra, Pamplona",ES,OUT,2024-2025,Study\n'  # line 2
        "\n"
        ",,,,\n"
        "Aalto University,FI,IN,2024-2025,Internship,note beside\n"  # line 5: shifted
        "Aalto University,FI,IN,2024-2025,  Stage  \n"  # line 6
        "Tótal,,,,\n"  # line 7: a footer, accented
    )
    single_lines = tmp_path / "single.csv"
    single_lines.write_text(header + rows, "utf-8")
    parsed = read(single_lines, "mobilities")
    assert [
        (m["line_number"], m["partner_name"], m["activity"]) for m in parsed.mobilities.to_dicts()
    ] == [
        (2, "Universidad de Navarra, Pamplona", "study"),
        (6, "Aalto University", "traineeship"),
    ]
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (5, "6 cells for 5 columns (a separator inside an unquoted cell?)"),
        (7, "total row"),
    ]
    # a shifted row is not kept as written: which of its cells is whose cannot be told
    assert parsed.rejects[0].raw_text == NOT_KEPT
    assert (parsed.rows_read, parsed.rows_accepted) == (4, 2)

    # A quoted cell over two lines: the rows below start one line further down.
    spanning = tmp_path / "spanning.csv"
    spanning.write_text(header + '"Politecnico\ndi Milano",IT,OUT,2024-2025,\n' + rows, "utf-8")
    parsed = read(spanning, "mobilities")
    assert [(m["line_number"], m["partner_name"]) for m in parsed.mobilities.to_dicts()] == [
        (2, "Politecnico di Milano"),
        (4, "Universidad de Navarra, Pamplona"),
        (8, "Aalto University"),
    ]
    assert [r.line_number for r in parsed.rejects] == [7, 9]


def test_mobility_notes_come_in_the_order_of_the_rows(tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(
        "Partner,Country,Direction,Academic year,Green travel,Key action\n"
        "Aalto University,Finlnd,OUT,2024-2025,maybe,KA2\n"
        "Aalto University,Finlnd,sideways,2024-2025,maybe,\n"  # rejected after its country
        "Aalto University,FI,OUT,2024-2025,yes,KA131\n",
        "utf-8",
    )
    parsed = read(path, "mobilities")
    assert [note for note in parsed.notes if note.startswith("line")] == [
        "line 2: country 'Finlnd' read as Finland (close spelling)",
        "line 2: green travel 'maybe' is not yes or no, left empty",
        "line 2: Erasmus+ action 'KA2' is not KA131 or KA171, left empty",
        "line 3: country 'Finlnd' read as Finland (close spelling)",
    ]
    rows = parsed.mobilities.to_dicts()
    assert [(m["is_green_travel"], m["erasmus_action"]) for m in rows] == [
        (None, None),
        (True, "KA131"),
    ]


def test_cells_are_cleaned_column_wise_as_one_by_one():
    """Every character Python counts as a space is collapsed, as clean() does."""
    import sys

    import polars as pl

    from warehouse.importers.spreadsheets.tables import cleaned
    from warehouse.text import clean

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    cells = [f"{s}a{s}{s}b{s}" for s in spaces] + [f"a{s}b" for s in spaces] + ["", " ", "a"]
    column_wise = pl.select(cleaned(pl.Series(cells))).to_series().to_list()
    assert column_wise == [clean(cell) for cell in cells]


def test_pseudonyms_are_those_of_the_hand_written_hmac():
    """hmac.digest gives the pseudonyms the warehouse already holds, byte for byte (values
    computed by the former hand-written HMAC-SHA256, keys shorter and longer than a block)."""
    assert pseudonym("12345", KEY) == "p-c73340fcd9aa7d23"
    assert pseudonym("  Étudiant-42 ", KEY) == "p-23e3c515f821cb43"
    assert pseudonym("abc", b"k" * 100) == "p-b58b2b694fdba0dd"
    assert pseudonym("21900001", bytes(range(64))) == "p-f915f8f47e569fdb"


def test_an_office_adds_column_names_beside_the_warehouse(tmp_path, monkeypatch):
    """header_synonyms.csv beside the warehouse extends the shipped names: a German list reads
    once its two headers are declared, and an edited file is read again."""
    monkeypatch.setenv("MOBILITY_DB", str(tmp_path / "mobility.duckdb"))
    listing = tmp_path / "partner.csv"
    listing.write_text("Hochschule;Staat;Plätze\nTU München;Deutschland;2\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no header row recognised"):
        read_spreadsheet(listing, "agreements", ALBI, pseudonym_key=None)
    synonyms = tmp_path / "header_synonyms.csv"
    synonyms.write_text("field,column_name\npartner_name,Hochschule\ncountry,Staat\n")
    parsed = read_spreadsheet(listing, "agreements", ALBI, pseudonym_key=None)
    assert [(a["partner_name"], a["partner_country_iso2"]) for a in parsed.agreements] == [
        ("TU München", "DE")
    ]
    assert parsed.quotas == []  # Plätze is not a name of places yet
    synonyms.write_text(
        "field,column_name\npartner_name,Hochschule\ncountry,Staat\nplaces,Plätze\n"
    )
    parsed = read_spreadsheet(listing, "agreements", ALBI, pseudonym_key=None)
    assert [q["mobilities_per_year"] for q in parsed.quotas] == [2.0]


def test_a_bad_row_in_the_office_synonyms_names_its_line(tmp_path, monkeypatch):
    monkeypatch.setenv("MOBILITY_DB", str(tmp_path / "mobility.duckdb"))
    (tmp_path / "header_synonyms.csv").write_text("field,column_name\nplace,Plätze\n")
    listing = tmp_path / "partner.csv"
    listing.write_text("Institution;Country\nTU München;Germany\n", encoding="utf-8")
    with pytest.raises(
        ImportFileError, match=r"header_synonyms.csv, line 2: unknown field 'place'"
    ):
        read_spreadsheet(listing, "agreements", ALBI, pseudonym_key=None)


def test_every_shipped_column_name_means_its_field():
    """Each row of reference/header_synonyms.csv is read as its field in the lists having it."""
    from warehouse.importers.spreadsheets import headers

    rows = list(csv.DictReader(headers.SYNONYMS_FILE.open(encoding="utf-8")))
    assert len(rows) > 300
    for row in rows:
        for kind, fields in headers.FIELDS.items():
            if row["field"] in fields:
                assert headers.meaning_of(row["column_name"], kind) == row["field"], row
            elif row["field"] == "personal":
                assert headers.meaning_of(row["column_name"], kind) in {
                    headers.PERSONAL,
                    *fields,  # a list's own field wins: 'Nombre Universidad' is a partner
                }

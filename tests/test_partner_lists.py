"""Partner lists (tab-separated export, markdown page) read into raw rows, without a database."""

from pathlib import Path

import pytest

from warehouse.errors import ImportFileError
from warehouse.importers._files import read_text_file
from warehouse.importers.partner_lists import SchoolContext, agreement_type, read_partner_list

from .conftest import DATA

ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
FIXTURES = DATA / "imports" / "agreements"


def read(path: Path):
    return read_partner_list(read_text_file(path), ALBI)


def test_tsv_list_counts_every_row_as_accepted_or_rejected():
    parsed = read(FIXTURES / "partner_list.tsv")
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (13, 10, 3)
    assert parsed.rows_accepted + parsed.rows_rejected == parsed.rows_read


def test_tsv_list_rejects_with_line_and_reason():
    parsed = read(FIXTURES / "partner_list.tsv")
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (15, "unknown country 'XX - Atlantis'"),
        (16, "expected 3 tab-separated cells, found 2"),
        (
            17,
            "signatory 'IMT Mines Alès' is neither the school 'IMT Mines Albi' nor its group 'IMT'",
        ),
    ]
    assert parsed.rejects[0].raw_text == "Atlantis University\tXX - Atlantis\tERASMUS+"


def test_tsv_list_splits_two_programmes_in_one_cell():
    parsed = read(FIXTURES / "partner_list.tsv")
    hes_so = [a for a in parsed.agreements if "HES-SO" in a["partner_name"]]
    assert [(a["agreement_type"], a["signatory_level"]) for a in hes_so] == [
        ("erasmus", "school"),
        ("iia", "school"),
    ]
    assert len(parsed.agreements) == 11


def test_tsv_list_reads_signatory_suffixes_and_ignores_a_stray_quote():
    parsed = read(FIXTURES / "partner_list.tsv")
    levels = {
        (a["partner_name"], a["agreement_type"]): a["signatory_level"] for a in parsed.agreements
    }
    assert levels[("Universidad Nacional de Colombia", "iia")] == "group"
    assert levels[("Universidad Nacional de Colombia", "mou")] == "school"
    assert levels[("UNIVERSITY COLLEGE DUBLIN", "moa")] == "group"
    assert levels[("National Technical University of Athens", "erasmus")] == "school"


def test_tsv_list_resolves_country_cells_to_iso_codes():
    parsed = read(FIXTURES / "partner_list.tsv")
    countries = {a["partner_name"]: a["partner_country_iso2"] for a in parsed.agreements}
    assert countries["UNIVERSITY COLLEGE DUBLIN"] == "IE"
    assert countries["INDIAN INSTITUTE OF TECHNOLOGY - BOMBAY"] == "IN"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ERASMUS+", "erasmus"),
        ("IIA Interinstitutional Agreement", "iia"),
        ("Memorandum of Understanding", "mou"),
        ("Memorandum of Agreement", "moa"),
        ("MoU", "mou"),
        ("Double diplôme", "double_degree"),
        ("Doble titulación", "double_degree"),
        ("Dual degree programme", "double_degree"),
        ("Accord bilatéral", "other"),
    ],
)
def test_agreement_type_is_read_from_the_programme_label(label, expected):
    assert agreement_type(label) == expected


def test_markdown_list_reads_partners_under_country_headings():
    parsed = read(FIXTURES / "partner_list.md")
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (4, 3, 1)
    assert [(a["partner_name"], a["partner_country_iso2"]) for a in parsed.agreements] == [
        ("Aalto University", "FI"),
        ("Université de Sherbrooke", "CA"),
        ("Phelma, Grenoble INP", "FR"),
    ]
    assert parsed.agreements[0]["partner_url"] == "https://www.aalto.fi/en"
    assert parsed.rejects[0].line_number == 19
    assert parsed.rejects[0].reason == "list item without a partner link"


def test_markdown_list_turns_exchange_counts_into_outgoing_mobilities():
    parsed = read(FIXTURES / "partner_list.md")
    assert [(m["partner_name"], m["direction"], m["academic_year"]) for m in parsed.mobilities] == [
        ("Aalto University", "outgoing", "2019-2020"),
        ("Aalto University", "outgoing", "2019-2020"),
        ("Phelma, Grenoble INP", "outgoing", "2019-2020"),
    ]


def test_markdown_list_reads_a_misspelt_country_heading_and_says_so():
    parsed = read(FIXTURES / "partner_list.md")
    assert any("'Finalde' read as Finland" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "the file is empty"),
        ("blank_lines_only.txt", "the file is empty"),
        ("image.png", "binary file (a PNG image), not a text list"),
        ("random_bytes.bin", "binary file (it holds NUL bytes), not a text list"),
    ],
)
def test_unreadable_files_fail_with_one_line_naming_the_file(name, problem):
    path = DATA / "imports" / "bad" / name
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert str(error.value) == f"{path}: {problem}"


def test_a_file_without_the_expected_columns_fails_naming_the_line():
    path = DATA / "imports" / "bad" / "other_columns.csv"
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert str(error.value).startswith(f"{path}, line 1: not a partner list")

""".xls workbooks (Excel 97-2003), read with calamine wherever a workbook is read: the EUC charter
lists of 2007-2013 and 2013-2014, partner, mobility and graduate lists, Mobility Tool+ exports.
Line numbers are Excel's row numbers; a damaged file fails in one line.

The .xls fixtures are written by tests/data/imports/make_eu_formats.py and
tests/data/imports/spreadsheets/make_fixtures.py (with xlwt), beside them.
"""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

from mobility import cli
from warehouse.errors import ImportFileError
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.registry import read_registry
from warehouse.importers.spreadsheets import read_spreadsheet

from .conftest import DATA

INSTITUTIONS = DATA / "imports" / "institutions"
SPREADSHEETS = DATA / "imports" / "spreadsheets"
ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
KEY = b"test pseudonym key"

CHARTER_HOLDERS = [
    ("F ALBI05", "ECOLE NATIONALE SUPERIEURE DES MINES ALBI-CARMAUX", "ALBI CEDEX 09", "FR"),
    ("F DOUAI02", "ECOLE NATIONALE SUPERIEURE DES MINES DE DOUAI", "DOUAI Cedex", "FR"),
    ("D MUNCHEN02", "TECHNISCHE UNIVERSITAET MUENCHEN", "Muenchen", "DE"),
    ("G ATHINE01", "ETHNIKO KAI KAPODISTRIAKO PANEPISTIMIO ATHINON", "ATHENS", "GR"),  # 'EL'
    ("UK LEEDS02", "LEEDS METROPOLITAN UNIVERSITY", "Leeds", "GB"),  # 'UK'
    ("SF ESPOO12", "AALTO-YLIOPISTO (AALTO-KORKEAKOULUSÄÄTIÖ)", "AALTO (TOWN, ESPOO)", "FI"),
]


@pytest.mark.parametrize(
    ("name", "rejected_line"), [("euc_2013_2014.xls", 8), ("euc_2007_2013.xls", 10)]
)
def test_the_euc_charter_lists_of_2013_14_and_2007_13_are_read_from_xls(name, rejected_line):
    parsed = read_registry(INSTITUTIONS / name)
    assert parsed.file_format == "charter_list_xls"
    assert [
        (i["erasmus_code"], i["legal_name"], i["city"], i["country_iso2"])
        for i in parsed.institutions
    ] == CHARTER_HOLDERS
    # Excel row numbers: the 2007-2013 table has a title and a blank row above its header
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (rejected_line, "no Erasmus code")
    ]
    if name == "euc_2007_2013.xls":
        assert parsed.institutions[0]["street"] == "Campus Jarlard"
        assert parsed.institutions[0]["postcode"] == "81013"


def test_import_institutions_takes_an_xls_charter_list(isolated_warehouse):
    result = CliRunner().invoke(
        cli, ["import", "institutions", str(INSTITUTIONS / "euc_2013_2014.xls")]
    )
    assert result.exit_code == 0, result.output
    assert "euc_2013_2014.xls: 7 rows read, 6 accepted, 1 rejected" in result.output
    with duckdb.connect(str(isolated_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from institutions").fetchone() == (6,)


def test_xls_line_numbers_are_excel_row_numbers_like_xlsx():
    xls = read_spreadsheet(SPREADSHEETS / "partners" / "title_rows_above_header.xls", "agreements",
                           ALBI, pseudonym_key=KEY)  # fmt: skip
    xlsx = read_spreadsheet(SPREADSHEETS / "partners" / "title_rows_above_header.xlsx",
                            "agreements", ALBI, pseudonym_key=KEY)  # fmt: skip
    assert "header on line 4; the lines above it skipped" in xls.notes
    assert xls.notes == xlsx.notes
    assert [a["line_number"] for a in xls.agreements] == [5, 6, 7, 8, 9, 10]
    assert xls.agreements == xlsx.agreements


@pytest.mark.parametrize(
    ("length", "reason"),
    [(4096, "damaged or truncated file"),  # calamine panics in Rust on this one
     (2048, "Sector 8 points past end of file")],
)  # fmt: skip
def test_a_truncated_xls_fails_in_one_line_with_nothing_on_stderr(tmp_path, capfd, length, reason):
    whole = (INSTITUTIONS / "euc_2013_2014.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(whole[:length])  # an attachment cut short
    for read in (
        lambda: read_registry(path),
        lambda: read_spreadsheet(path, "mobilities", ALBI, pseudonym_key=KEY),
    ):
        with pytest.raises(ImportFileError) as error:
            read()
        assert str(error.value) == f"{path}: not a readable Excel workbook ({reason})"
    assert capfd.readouterr().err == ""

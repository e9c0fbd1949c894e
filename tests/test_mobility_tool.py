"""Mobility Tool+ exports (the EC's reporting tool before the Beneficiary Module) read as a home
school's mobilities: recognised by their header, the direction from which end is the school,
rows of other institutions rejected, never filed as the school's.

Fixtures: tests/data/imports/mobility_tool, written by tests/data/imports/make_eu_formats.py in
the shapes of the EC's 2013-14 open data (27 columns, ';') and of a school's export (the
columns of the field file, as .xls).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from warehouse.cli import cli
from warehouse.errors import ImportFileError
from warehouse.importers.mobility_tool import read_school_mobilities
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.spreadsheets import pseudonym, read_spreadsheet

from .conftest import DATA, sql

FIXTURES = DATA / "imports" / "mobility_tool"
OPEN_DATA = FIXTURES / "open_data_2013_14.csv"
SCHOOL_EXPORT = FIXTURES / "school_export.xls"
ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")
KEY = b"test pseudonym key"

# line, partner code, country, direction, start, end, months, activity, level, Erasmus+ activity,
# fewer opportunities
ACCEPTED = [
    (2, "E MADRID05", "ES", "outgoing", date(2013, 9, 2), date(2014, 1, 31), 4.97, "study",
     "bachelor", "HE-SMS", None),
    (3, None, "DE", "outgoing", date(2014, 3, 3), date(2014, 8, 29), 6.0, "traineeship",
     "master", "HE-SMT", None),
    (4, "I MILANO02", "IT", "outgoing", date(2014, 4, 7), date(2014, 4, 11), 0.17,
     "staff_teaching", None, "HE-STA", None),
    (5, "D MUNCHEN02", "DE", "incoming", date(2013, 9, 30), date(2014, 2, 28), 5.0, "study",
     "master", "HE-SMS", None),
    (6, "SF ESPOO12", "FI", "incoming", date(2014, 6, 2), date(2014, 6, 6), 0.17,
     "staff_training", None, "HE-STT", None),
    (7, "P LISBOA07", "PT", "outgoing", date(2014, 2, 1), date(2014, 6, 30), 5.0, "study",
     "short_cycle", "HE-SMS", True),  # a special-needs supplement of 350.0
]  # fmt: skip
NAMES = [
    "UNIVERSIDAD POLITECNICA DE MADRID (UPM)",
    "Airbus Defence and Space GmbH",  # a placement host without an Erasmus code
    "POLITECNICO DI MILANO",
    "TECHNISCHE UNIVERSITAET MUENCHEN",
    "AALTO-YLIOPISTO",
    "ISCTE-INSTITUTO UNIVERSITÁRIO DE LISBOA",
]
REJECTS = [
    (8, "sent by G ATHINE01 to D FREIBUR01: neither is IMT Mines Albi"),
    (9, "sent by UK LEEDS02 to 'IES El Bohio' (no Erasmus code): neither is IMT Mines Albi"),
    (10, "unknown mobility type 'Mob-XYZ' (Mob-SMS, Mob-SMP, Mob-STA or Mob-STT)"),
    (11, "end date 2014-01-15 before start date 2014-02-15"),
]


def read(path: Path, codes=("F  ALBI05",), **options):
    return read_school_mobilities(path, ALBI, list(codes), pseudonym_key=KEY, **options)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def rows_of(parsed) -> list[tuple]:
    return [
        (m["line_number"], m["partner_erasmus_code"], m["partner_country_iso2"], m["direction"],
         m["start_date"], m["end_date"], m["duration_months"], m["activity"], m["level"],
         m["erasmus_activity"], m["has_fewer_opportunities"])
        for m in parsed.mobilities.to_dicts()
    ]  # fmt: skip


# ---------- reading


@pytest.mark.parametrize("path", [OPEN_DATA, SCHOOL_EXPORT], ids=lambda p: p.name)
def test_both_shapes_give_the_schools_mobilities_with_their_direction(path):
    parsed = read(path)
    assert rows_of(parsed) == ACCEPTED
    mobilities = parsed.mobilities.to_dicts()
    assert {m["academic_year"] for m in mobilities} == {"2013-2014"}  # 1 August rule
    assert {m["funding"] for m in mobilities} == {"erasmus"}
    assert {m["erasmus_action"] for m in mobilities} == {None}  # ERA02 is not KA131 or KA171
    names = [m["partner_name"] for m in mobilities]
    if path == OPEN_DATA:
        assert names == NAMES
    else:  # the field file has no SendingPartnerName: an incoming partner is named by its code
        assert names == [*NAMES[:3], "D MUNCHEN02", "SF ESPOO12", NAMES[5]]
    assert parsed.file_format == f"mobility_tool_{path.suffix[1:]}"
    assert (
        "IMT Mines Albi (F ALBI05) is the sender of 4 accepted rows (outgoing) and the host "
        "of 2 (incoming)"
    ) in parsed.notes
    assert (
        "action 'ERA02' is not KA131 or KA171: the Erasmus+ action is left empty "
        "(lines 2, 3, 4, 5, 6…)"
    ) in parsed.notes


def test_an_xlsx_export_reads_as_the_csv(tmp_path):
    import csv

    import openpyxl

    workbook = openpyxl.Workbook()
    with open(OPEN_DATA, encoding="utf-8", newline="") as file:
        for row in csv.reader(file, delimiter=";"):
            workbook.active.append(row)
    workbook.active.cell(1, 28, "Email")  # a column about the person: never read
    workbook.active.cell(11, 28, "someone@example.org")
    workbook.save(tmp_path / "export.xlsx")
    parsed = read(tmp_path / "export.xlsx")
    assert rows_of(parsed) == ACCEPTED
    assert parsed.file_format == "mobility_tool_xlsx"
    assert "column 'Email' → dropped (personal data)" in parsed.notes
    assert parsed.rejects[-1].raw_text.endswith(" | …")


def test_rows_of_other_institutions_are_rejected_naming_both_ends():
    parsed = read(OPEN_DATA)
    assert [(r.line_number, r.reason) for r in parsed.rejects] == REJECTS
    assert parsed.rows_read == parsed.rows_accepted + parsed.rows_rejected == 10
    assert (
        "2 rows are mobilities of other institutions (neither sender nor host is IMT Mines "
        "Albi): rejected, never counted as the school's"
    ) in parsed.notes


def test_fields_and_notes_say_how_each_column_was_read():
    parsed = read(OPEN_DATA)
    assert [m["field"] for m in parsed.mobilities.to_dicts()] == [
        "52 Engineering and engineering trades", "52 Engineering and engineering trades", None,
        "52 Engineering and engineering trades", None, "48 Computing",
    ]  # fmt: skip
    notes = parsed.notes
    assert notes[0] == "Mobility Tool+ export, recognised by its header"
    assert "column 'ParticipantGender' → dropped (personal data)" in notes
    assert (
        "column 'MobiilityID' → the mobility's reference, not stored (some embed a national "
        "id number)"
    ) in notes
    assert "column 'SubsistenceTravel' → ignored (the grant paid, not stored)" in notes


def test_participants_are_pseudonymised_and_mobility_ids_never_kept():
    parsed = read(OPEN_DATA)
    assert parsed.mobilities["participant_id"].to_list() == [
        pseudonym("2013ALB0042", KEY), pseudonym("2012ALB0117", KEY),
        pseudonym("STAFF-0007", KEY), pseudonym("TUM-03318877", KEY), None,
        pseudonym("2013ALB0077", KEY),
    ]  # fmt: skip
    text = repr(parsed.mobilities.to_dicts()) + repr(parsed.rejects)
    written = ["2013ALB0042", "2013ALB0099", "39464320T", "51234-MOB-00005", "GRSMS13314752160"]
    assert [value for value in written if value in text] == []
    # a rejected row keeps its shape: the columns read, the participant pseudonymised, every
    # other cell masked (the mobility id, the gender, the grant, the project…)
    raw = parsed.rejects[2].raw_text
    assert raw.split(";")[3] == raw.split(";")[18] == "…"
    assert raw.split(";")[17] == pseudonym("2013ALB0099", KEY)
    # the row as read: its cells (runs of spaces collapsed) joined by the file's separator, the
    # columns not read (CallYear, ProjectNumber, MobiilityID, CombinedMobilityYesNo,
    # SubsistenceTravel, ParticipantGender, ParticipantType, Language, HostingPartnerCity) masked
    line = [
        " ".join(cell.split()) for cell in OPEN_DATA.read_text("utf-8").splitlines()[7].split(";")
    ]
    for index in (1, 2, 3, 10, 15, 18, 19, 20, 26):
        line[index] = "…" if line[index] else ""
    assert parsed.rejects[0].raw_text == ";".join(line)


def test_the_school_is_found_by_any_of_its_erasmus_codes(tmp_path):
    # IMT Nord Europe reported as Mines Douai (F DOUAI02) before it became F LILLE91
    path = tmp_path / "douai.csv"
    path.write_text(OPEN_DATA.read_text("utf-8").replace("F  ALBI05", "F  DOUAI02"), "utf-8")
    assert rows_of(read(path, codes=("F LILLE91", "F DOUAI02"))) == ACCEPTED
    with pytest.raises(ImportFileError, match="no row is sent or hosted by IMT Mines Albi"):
        read(path, codes=("F LILLE91",))


def test_a_file_in_which_no_row_involves_the_school_is_refused():
    with pytest.raises(ImportFileError) as error:
        read(OPEN_DATA, codes=("F LILLE91", "F DOUAI02"))
    assert str(error.value) == (
        f"{OPEN_DATA}: no row is sent or hosted by IMT Mines Albi (Erasmus code(s) F DOUAI02, "
        "F LILLE91); the file's senders are D MUNCHEN02, F ALBI05, G ATHINE01, SF ESPOO12, "
        "UK LEEDS02: is --school right?"
    )


def test_a_school_without_an_erasmus_code_cannot_read_an_export():
    school = SchoolContext("ecole-x", "École X", None, None)
    with pytest.raises(ImportFileError) as error:
        read_school_mobilities(OPEN_DATA, school, [], pseudonym_key=KEY)
    assert str(error.value) == (
        f"{OPEN_DATA}: École X has no Erasmus code registered: a Mobility Tool+ export is "
        "matched on the codes of the sender and the host"
    )


def test_the_partner_country_comes_from_the_host_column_the_code_or_the_row(tmp_path):
    header = (
        "Action;MobilityType;StartDate;EndDate;SendingCountry;ReceivingCountry;"
        "SendingPartnerErasmusID;HostingPartnerErasmusID;HostingPartnerName;"
        "HostingPartnerCountry"
    )
    lines = [
        # the host's country column first, whatever the code says
        "KA131;Mob-SMS;01-SEP-2024 00.00.00;;FR;DE;F  ALBI05;CH LAUSANN06;EPFL;Suisse",
        # no host country: the code's prefix (the EC writes Greece EL)
        "KA131;Mob-SMS;01-SEP-2024 00.00.00;;FR;EL;F  ALBI05;G  ATHINE01;;",
        # an unknown prefix and no country anywhere
        "KA131;Mob-SMS;01-SEP-2024 00.00.00;;FR;;F  ALBI05;ZZ NOWHERE01;;",
        # incoming from a code of unknown prefix: the sending country of the row
        "KA171;Mob-STA;02-JUN-2025 00.00.00;;UK;FR;ZZ NOWHERE02;F  ALBI05;;FR",
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([header, *lines]) + "\n", "utf-8")
    parsed = read(path)
    assert [
        (m["partner_erasmus_code"], m["partner_country_iso2"], m["direction"], m["erasmus_action"])
        for m in parsed.mobilities.to_dicts()
    ] == [
        ("CH LAUSANN06", "CH", "outgoing", "KA131"),
        ("G ATHINE01", "GR", "outgoing", "KA131"),
        ("ZZ NOWHERE02", "GB", "incoming", "KA171"),
    ]
    assert [(r.line_number, r.reason) for r in parsed.rejects] == [
        (4, "partner country unknown: no country column filled, and Erasmus code "
            "'ZZ NOWHERE01' has no known country prefix"),
    ]  # fmt: skip


def test_oracle_dates_are_read_by_every_mobility_list(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "Partner;Country;Direction;Start date;End date\n"
        "Aalto University;Finland;outgoing;02-JUN-2014 00.00.00;31-dec-14\n",
        "utf-8",
    )
    parsed = read_spreadsheet(path, "mobilities", ALBI, pseudonym_key=KEY)
    [mobility] = parsed.mobilities.to_dicts()
    assert (mobility["start_date"], mobility["end_date"], mobility["academic_year"]) == (
        date(2014, 6, 2), date(2014, 12, 31), "2013-2014",
    )  # fmt: skip


def test_map_names_a_renamed_column_and_set_gives_a_missing_one(tmp_path):
    text = OPEN_DATA.read_text("utf-8")
    path = tmp_path / "renamed.csv"
    path.write_text(
        text.replace("MobilityType", "Type of mobility").replace("LevelOfStudy", "Cycle"), "utf-8"
    )
    parsed = read(
        path,
        column_map={"mobility_type": "Type of mobility", "level": "Cycle"},
        set_values={"fewer_opportunities": "no"},
    )
    assert rows_of(parsed) == [(*row[:-1], False) for row in ACCEPTED]
    assert "column 'Type of mobility' → mobility_type (--map)" in parsed.notes
    assert (
        "--set fewer_opportunities=no: every row's fewer_opportunities (no column holds it)"
    ) in parsed.notes
    with pytest.raises(ImportFileError, match="--set fewer_opportunities=maybe: not yes or no"):
        read(path, set_values={"fewer_opportunities": "maybe"})
    with pytest.raises(ImportFileError) as error:
        read(path)
    assert str(error.value) == (
        f"{path}, line 1: Mobility Tool+ export without the column(s) MobilityType; name them "
        "with --map FIELD=COLUMN"
    )
    with pytest.raises(ImportFileError) as error:
        read(path, set_values={"direction": "outgoing"})
    assert str(error.value).startswith(
        f"{path}: unknown field 'direction' in --set: this file is a Mobility Tool+ export, "
        "whose fields are action, "
    )
    with pytest.raises(ImportFileError) as error:
        read(OPEN_DATA, set_values={"level": "Fourth Cycle"})
    assert str(error.value) == (
        f"{OPEN_DATA}: --set level=Fourth Cycle: not First Cycle, Second Cycle, Third Cycle "
        "or Short cycle"
    )
    with pytest.raises(ImportFileError) as error:
        read(OPEN_DATA, set_values={"level": "First Cycle"})
    assert "--set level: the file has a level column ('LevelOfStudy')" in str(error.value)


# ---------- importing


def test_import_files_the_schools_rows_and_speaks_of_the_others(isolated_warehouse):
    result = run("import", "mobilities", OPEN_DATA, "--school", "IMT Mines Albi")
    assert result.exit_code == 0, result.output
    assert "(mobility_tool_csv)" in result.output
    assert (
        "rejected line 8: sent by G ATHINE01 to D FREIBUR01: neither is IMT Mines Albi"
    ) in result.output
    assert "open_data_2013_14.csv: 10 rows read, 6 accepted, 4 rejected" in result.output
    assert sql(
        isolated_warehouse,
        "select direction, activity, count(*) from mobilities group by all order by all",
    ) == [
        ("incoming", "staff_training", 1),
        ("incoming", "study", 1),
        ("outgoing", "staff_teaching", 1),
        ("outgoing", "study", 2),
        ("outgoing", "traineeship", 1),
    ]
    assert sql(isolated_warehouse, "select count(*) from rejected_rows") == [(4,)]


def test_a_wrong_school_fails_in_one_line_and_writes_nothing(isolated_warehouse):
    run("import", "mobilities", OPEN_DATA, "--school", "IMT Mines Albi")
    before = isolated_warehouse.read_bytes()
    result = run("import", "mobilities", SCHOOL_EXPORT, "--school", "IMT Nord Europe")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"error: {SCHOOL_EXPORT}: no row is sent or hosted by IMT Nord Europe (Erasmus code(s) "
        "F DOUAI02, F LILLE91)"
    )
    assert isolated_warehouse.read_bytes() == before

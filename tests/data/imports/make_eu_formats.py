"""Write the fixtures of the EU's own formats: Mobility Tool+ exports, the EUC charter lists of
2007-2013 and 2013-2014 as old .xls workbooks, and a graduate list as .xls.

Run from anywhere: `python tests/data/imports/make_eu_formats.py` (it needs xlwt, the writer of
Excel 97-2003 workbooks: `pip install xlwt`; the project itself only reads them, with calamine).
Text files come out byte for byte the same on each run.

The shapes follow the EC's published files (see warehouse/importers/mobility_tool.py and
registry.py): the 2013-14 Mobility Tool open data (27 columns, ';'-separated, its 'MobiilityID'
typo, Oracle dates '21-OCT-2013 00.00.00', padded Erasmus codes, 'EL' and 'UK'); a school's
export with the columns of the field file; the EUC lists' columns. Institutions are real
charter holders; people are made up.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import xlwt

HERE = Path(__file__).resolve().parent

# ---------- Mobility Tool+ exports
# The 27 columns of the EC's 2013-14 file, as it spells them.
OPEN_DATA_COLUMNS = [
    "Action", "CallYear", "ProjectNumber", "MobiilityID", "SendingCountry", "ReceivingCountry",
    "MobilityType", "SpecialNeeds", "SubjectAreaCode", "SubjectAreaName", "CombinedMobilityYesNo",
    "StartDate", "EndDate", "DurationInMonths", "DurationInDays", "SubsistenceTravel",
    "LevelOfStudy", "ParticipantID", "ParticipantGender", "ParticipantType", "Language",
    "SendingPartnerErasmusID", "SendingPartnerName", "HostingPartnerErasmusID",
    "HostingPartnerName", "HostingPartnerCountry", "HostingPartnerCity",
]  # fmt: skip
# The columns of the export a school had in the field (the list).
FIELD_COLUMNS = [
    "Action", "CallYear", "ProjectNumber", "MobilityID", "SendingCountry", "ReceivingCountry",
    "MobilityType", "StartDate", "EndDate", "DurationInMonths", "DurationInDays", "LevelOfStudy",
    "SendingPartnerErasmusID", "HostingPartnerErasmusID", "HostingPartnerName",
    "HostingPartnerCountry", "HostingPartnerCity", "SpecialNeeds", "SubsistenceTravel",
]  # fmt: skip

ALBI = ("F  ALBI05", "ECOLE NATIONALE SUPERIEURE DES MINES ALBI-CARMAUX", "FR", "ALBI")
PROJECT = "2013-1-FR1-ERA02-51234"
# One dict per row of the export, under the open data's column names.
ROWS = [
    # outgoing studies to Madrid (the participant's id is a national id number)
    dict(MobiilityID="51234-MOB-00001", SendingCountry="FR", ReceivingCountry="ES",
         MobilityType="Mob-SMS", SpecialNeeds="0.0", SubjectAreaCode="52",
         SubjectAreaName="Engineering and engineering trades", CombinedMobilityYesNo="NO",
         StartDate="02-SEP-2013 00.00.00", EndDate="31-JAN-2014 00.00.00",
         DurationInMonths="4", DurationInDays="29", SubsistenceTravel="1150.0",
         LevelOfStudy="First Cycle", ParticipantID="2013ALB0042", ParticipantGender="F",
         ParticipantType="Students", Language="ES", sender=ALBI,
         host=("E  MADRID05", "UNIVERSIDAD POLITECNICA DE MADRID (UPM)", "ES", "Madrid")),
    # outgoing placement in a company: no Erasmus code for the host
    dict(MobiilityID="51234-MOB-00002", SendingCountry="FR", ReceivingCountry="DE",
         MobilityType="Mob-SMP", SpecialNeeds="0.0", SubjectAreaCode="52",
         SubjectAreaName="Engineering and engineering trades", CombinedMobilityYesNo="",
         StartDate="03-MAR-2014 00.00.00", EndDate="29-AUG-2014 00.00.00",
         DurationInMonths="6", DurationInDays="0", SubsistenceTravel="2400.0",
         LevelOfStudy="Second Cycle", ParticipantID="2012ALB0117", ParticipantGender="M",
         ParticipantType="Students", Language="DE", sender=ALBI,
         host=("", "Airbus Defence and Space GmbH", "DE", "Ottobrunn")),
    # outgoing staff teaching: five days, no level
    dict(MobiilityID="51234-MOB-00003", SendingCountry="FR", ReceivingCountry="IT",
         MobilityType="Mob-STA", SpecialNeeds="0.0", SubjectAreaCode="", SubjectAreaName="",
         CombinedMobilityYesNo="", StartDate="07-APR-2014 00.00.00",
         EndDate="11-APR-2014 00.00.00", DurationInMonths="0", DurationInDays="5",
         SubsistenceTravel="800.0", LevelOfStudy="", ParticipantID="STAFF-0007",
         ParticipantGender="M", ParticipantType="Staff", Language="EN", sender=ALBI,
         host=("I  MILANO02", "POLITECNICO DI MILANO", "IT", "Milano")),
    # incoming studies: the school hosts; the partner is the sender
    dict(MobiilityID="MUNCHEN-2013-118", SendingCountry="DE", ReceivingCountry="FR",
         MobilityType="Mob-SMS", SpecialNeeds="0.0", SubjectAreaCode="52",
         SubjectAreaName="Engineering and engineering trades", CombinedMobilityYesNo="NO",
         StartDate="30-SEP-2013 00.00.00", EndDate="28-FEB-2014 00.00.00",
         DurationInMonths="5", DurationInDays="0", SubsistenceTravel="1375.0",
         LevelOfStudy="Second Cycle", ParticipantID="TUM-03318877", ParticipantGender="M",
         ParticipantType="Students", Language="FR",
         sender=("D  MUNCHEN02", "TECHNISCHE UNIVERSITAET MUENCHEN", "DE", "Muenchen"),
         host=ALBI),
    # incoming staff training, in June
    dict(MobiilityID="AALTO-STT-4", SendingCountry="FI", ReceivingCountry="FR",
         MobilityType="Mob-STT", SpecialNeeds="0.0", SubjectAreaCode="", SubjectAreaName="",
         CombinedMobilityYesNo="", StartDate="02-JUN-2014 00.00.00",
         EndDate="06-JUN-2014 00.00.00", DurationInMonths="0", DurationInDays="5",
         SubsistenceTravel="900.0", LevelOfStudy="", ParticipantID="",
         ParticipantGender="F", ParticipantType="Staff", Language="EN",
         sender=("SF ESPOO12", "AALTO-YLIOPISTO", "FI", "Espoo"), host=ALBI),
    # outgoing, short cycle, with a special-needs supplement
    dict(MobiilityID="51234-MOB-00004", SendingCountry="FR", ReceivingCountry="PT",
         MobilityType="Mob-SMS", SpecialNeeds="350.0", SubjectAreaCode="48",
         SubjectAreaName="Computing", CombinedMobilityYesNo="NO",
         StartDate="01-FEB-2014 00.00.00", EndDate="30-JUN-2014 00.00.00",
         DurationInMonths="5", DurationInDays="0", SubsistenceTravel="1600.0",
         LevelOfStudy="Short cycle", ParticipantID="2013ALB0077", ParticipantGender="F",
         ParticipantType="Students", Language="PT", sender=ALBI,
         host=("P  LISBOA07", "ISCTE-INSTITUTO UNIVERSITÁRIO DE LISBOA", "PT", "LISBOA")),
    # two mobilities of other institutions (rows of the EC's file): never the school's
    dict(MobiilityID="GRSMS13314752160", SendingCountry="EL", ReceivingCountry="DE",
         MobilityType="Mob-SMS", SpecialNeeds="0.0", SubjectAreaCode="380",
         SubjectAreaName="Law", CombinedMobilityYesNo="NO",
         StartDate="21-OCT-2013 00.00.00", EndDate="02-AUG-2014 00.00.00",
         DurationInMonths="9", DurationInDays="0", SubsistenceTravel="4037.5",
         LevelOfStudy="First Cycle", ParticipantID="", ParticipantGender="F",
         ParticipantType="Students", Language="DE",
         sender=("G  ATHINE01", "ETHNIKO KAI KAPODISTRIAKO PANEPISTIMIO ATHINON", "EL", "ATHINA"),
         host=("D  FREIBUR01", "ALBERT-LUDWIGS-UNIVERSITÄT FREIBURG IM BREISGAU", "DE",
               "Freiburg")),
    dict(MobiilityID="39464320TSMP", SendingCountry="UK", ReceivingCountry="ES",
         MobilityType="Mob-SMP", SpecialNeeds="0.0", SubjectAreaCode="222",
         SubjectAreaName="Foreign languages", CombinedMobilityYesNo="",
         StartDate="01-OCT-2013 00.00.00", EndDate="31-MAY-2014 00.00.00",
         DurationInMonths="8", DurationInDays="0", SubsistenceTravel="3093.75",
         LevelOfStudy="First Cycle", ParticipantID="39464320T", ParticipantGender="F",
         ParticipantType="Students", Language="ES",
         sender=("UK LEEDS02", "Leeds Metropolitan University", "UK", "Leeds"),
         host=("", "IES El Bohio", "ES", "Murcia")),
    # a mobility type the tool never had
    dict(MobiilityID="51234-MOB-00005", SendingCountry="FR", ReceivingCountry="ES",
         MobilityType="Mob-XYZ", SpecialNeeds="0.0", SubjectAreaCode="", SubjectAreaName="",
         CombinedMobilityYesNo="", StartDate="02-SEP-2013 00.00.00",
         EndDate="20-DEC-2013 00.00.00", DurationInMonths="3", DurationInDays="18",
         SubsistenceTravel="0.0", LevelOfStudy="First Cycle", ParticipantID="2013ALB0099",
         ParticipantGender="M", ParticipantType="Students", Language="ES", sender=ALBI,
         host=("E  MADRID05", "UNIVERSIDAD POLITECNICA DE MADRID (UPM)", "ES", "Madrid")),
    # an end before the start
    dict(MobiilityID="51234-MOB-00006", SendingCountry="FR", ReceivingCountry="IT",
         MobilityType="Mob-SMS", SpecialNeeds="0.0", SubjectAreaCode="", SubjectAreaName="",
         CombinedMobilityYesNo="", StartDate="15-FEB-2014 00.00.00",
         EndDate="15-JAN-2014 00.00.00", DurationInMonths="1", DurationInDays="0",
         SubsistenceTravel="0.0", LevelOfStudy="Second Cycle", ParticipantID="2013ALB0100",
         ParticipantGender="F", ParticipantType="Students", Language="IT", sender=ALBI,
         host=("I  MILANO02", "POLITECNICO DI MILANO", "IT", "Milano")),
]  # fmt: skip


def export_row(row: dict, columns: list[str]) -> list[str]:
    (sender_code, sender_name, _country, _city) = row["sender"]
    (host_code, host_name, host_country, host_city) = row["host"]
    values = {
        **row,
        "Action": "ERA02",
        "CallYear": "2013",
        "ProjectNumber": PROJECT if sender_code == ALBI[0] else "2013-1-XX1-ERA02-00001",
        "MobilityID": row["MobiilityID"],
        "SendingPartnerErasmusID": sender_code,
        "SendingPartnerName": sender_name,
        "HostingPartnerErasmusID": host_code,
        "HostingPartnerName": host_name,
        "HostingPartnerCountry": host_country,
        "HostingPartnerCity": host_city,
    }
    return [values[column] for column in columns]


def write_text(path: Path, rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


DATE = xlwt.easyxf(num_format_str="DD/MM/YYYY")


def write_xls(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A BIFF8 workbook: real dates in date cells, numbers as numbers, text as text."""
    workbook = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = workbook.add_sheet(title)
        for number, row in enumerate(rows):
            for column, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, date | datetime):
                    sheet.write(number, column, value, DATE)
                else:
                    sheet.write(number, column, value)
    workbook.save(str(path))


def make_mobility_tool() -> None:
    folder = HERE / "mobility_tool"
    folder.mkdir(exist_ok=True)
    write_text(
        folder / "open_data_2013_14.csv",
        [OPEN_DATA_COLUMNS, *(export_row(row, OPEN_DATA_COLUMNS) for row in ROWS)],
        ";",
    )
    # The school's own rows only (an export of its project), with the field file's columns;
    # numbers typed as numbers, dates as the tool's text.
    rows: list[list[object]] = [list(FIELD_COLUMNS)]
    for row in ROWS[:6]:
        cells: list[object] = export_row(row, FIELD_COLUMNS)
        for index, column in enumerate(FIELD_COLUMNS):
            if column in {"CallYear", "DurationInMonths", "DurationInDays"} or column in {
                "SpecialNeeds",
                "SubsistenceTravel",
            }:
                cells[index] = float(cells[index]) if cells[index] else None
        rows.append(cells)
    write_xls(folder / "school_export.xls", {"Mobilities": rows})


# ---------- EUC charter lists (.xls)
# (Erasmus code, application reference, name, country, city, charter type, street, postcode)
CHARTER_HOLDERS = [
    ("F  ALBI05", "30071-IC-1-2007-1-FR-ERASMUS-EUCX-1",
     "ECOLE NATIONALE SUPERIEURE DES MINES ALBI-CARMAUX", "FR", "ALBI CEDEX 09", "EUCX",
     "Campus Jarlard", "81013"),
    ("F  DOUAI02", "28056-IC-1-2007-1-FR-ERASMUS-EUCX-1",
     "ECOLE NATIONALE SUPERIEURE DES MINES DE DOUAI", "FR", "DOUAI Cedex", "EUCX",
     "941 rue Charles Bourseul", "59508"),
    ("D  MUNCHEN02", "28692-IC-1-2007-1-DE-ERASMUS-EUCX-1",
     "TECHNISCHE UNIVERSITAET MUENCHEN", "DE", "Muenchen", "EUCX", "Arcisstrasse 21", "80333"),
    ("G  ATHINE01", "31475-IC-1-2007-1-GR-ERASMUS-EUCX-1",
     "ETHNIKO KAI KAPODISTRIAKO PANEPISTIMIO ATHINON", "EL", "ATHENS", "EUCX",
     "Panepistimiou 30", "10679"),
    ("UK LEEDS02", "28694-IC-1-2007-1-UK-ERASMUS-EUCX-1", "LEEDS METROPOLITAN UNIVERSITY",
     "UK", "Leeds", "EUCX", "City Campus", "LS1 3HE"),
    ("SF ESPOO12", "257712-IC-1-2011-1-FI-ERASMUS-EUCX-1",
     "AALTO-YLIOPISTO (AALTO-KORKEAKOULUSÄÄTIÖ)", "FI", "AALTO (TOWN, ESPOO)", "EUCX",
     "Otakaari 1", "02150"),
    ("", "99999-IC-1-2013-1-FR-ERASMUS-EUC-1", "INSTITUT SANS CODE", "FR", "Paris", "EUC",
     "", ""),  # rejected: no Erasmus code
]  # fmt: skip


def make_charter_lists() -> None:
    folder = HERE / "institutions"
    folder.mkdir(exist_ok=True)
    rows_2013: list[list[object]] = [
        ["Institutional code", "Application Reference Number", "Name of Organisation",
         "Country", "City", "Code"]
    ]  # fmt: skip
    rows_2013 += [[c, ref, name, country, city, kind] for c, ref, name, country, city, kind, *_ in
                  CHARTER_HOLDERS]  # fmt: skip
    write_xls(folder / "euc_2013_2014.xls", {"EUC 2013-2014": rows_2013})
    # The consolidated 2007-2013 table: a title and a blank row above the header.
    rows_2007: list[list[object]] = [
        ["Erasmus University Charter holders 2007-2013"],
        [],
        ["Country", "Charter type code", "Organisation Name", "Erasmus code", "Street",
         "Postcode", "City"],
    ]  # fmt: skip
    rows_2007 += [
        [country, kind, name, c, street, postcode, city]
        for c, _ref, name, country, city, kind, street, postcode in CHARTER_HOLDERS
    ]
    write_xls(folder / "euc_2007_2013.xls", {"Notes": [], "EUC 2007-2013": rows_2007})


# ---------- a graduate list as .xls
def make_graduates() -> None:
    """graduates.csv's rows under Spanish headers, a title and a blank row above them."""
    folder = HERE / "graduates"
    lines = (folder / "graduates.csv").read_text(encoding="utf-8").splitlines()
    rows: list[list[object]] = [
        ["Titulados 2024 (lista de la secretaría)"],
        [],
        ["NIA", "Apellidos", "Nombre", "Correo", "Año de graduación",
         "Créditos ECTS en el extranjero", "Titulación"],
    ]  # fmt: skip
    for line in lines[1:]:
        cells = line.split(",")
        rows.append([int(c) if c.isdigit() else c for c in cells])
    write_xls(folder / "titulados.xls", {"Titulados": rows})


if __name__ == "__main__":
    make_mobility_tool()
    make_charter_lists()
    make_graduates()
    print(f"fixtures written under {HERE}")

"""The header of a Mobility Tool+ export: how it is recognised, and which column holds what.

Field names are the export's own ('MobilityType', 'SendingPartnerErasmusID'…), compared without
case, spaces or punctuation; --map FIELD=COLUMN names another column, --set FIELD=VALUE gives a
field every row, checked as a cell of its column would be. warehouse/importers/mobility_tool.py
says what the export holds and reads its rows.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers import _xls
from warehouse.importers._files import readable
from warehouse.importers.spreadsheets.cells import (
    Rejected,
    match_key,
    read_country,
    read_date,
    read_number,
    yes_no,
)
from warehouse.importers.spreadsheets.headers import PERSONAL, meaning_of
from warehouse.importers.spreadsheets.tables import check_cells, read_tables
from warehouse.text import clean

# Field -> header names, compared without case, spaces or punctuation ('Mobility Type',
# 'MobilityType' and 'mobility_type' are one name).
HEADERS: dict[str, tuple[str, ...]] = {
    "action": ("Action",),
    "sending_country": ("SendingCountry",),
    "receiving_country": ("ReceivingCountry",),
    "mobility_type": ("MobilityType",),
    "special_needs": ("SpecialNeeds",),
    "fewer_opportunities": ("FewerOpportunities", "ParticipantWithFewerOpportunities"),
    "subject_area_code": ("SubjectAreaCode",),
    "subject_area_name": ("SubjectAreaName",),
    "start_date": ("StartDate",),
    "end_date": ("EndDate",),
    "duration_months": ("DurationInMonths",),
    "duration_days": ("DurationInDays",),
    "level": ("LevelOfStudy",),
    "participant_id": ("ParticipantID",),
    "sending_code": ("SendingPartnerErasmusID",),
    "sending_name": ("SendingPartnerName",),
    "hosting_code": ("HostingPartnerErasmusID",),
    "hosting_name": ("HostingPartnerName",),
    "hosting_country": ("HostingPartnerCountry",),
}


FIELDS = tuple(HEADERS)


_REQUIRED = ("mobility_type", "start_date", "sending_code", "hosting_code")


# Columns read for nothing, and why (the notes say it); the participant's are kept out.
_IGNORED = {
    "CallYear": "ignored (the academic year is the start date's)",
    "ProjectNumber": "ignored",
    "HostingPartnerCity": "ignored (a partner's city comes from the charter list)",
    "MobilityID": "the mobility's reference, not stored (some embed a national id number)",
    "MobiilityID": "the mobility's reference, not stored (some embed a national id number)",
    "CombinedMobilityYesNo": "ignored (a combined study and placement is read as its type)",
    "SubsistenceTravel": "ignored (the grant paid, not stored)",
    "ParticipantType": "ignored (the mobility type says it)",
    "Language": "ignored",
}


_PERSONAL = ("ParticipantGender", "ParticipantName", "ParticipantEmail")


MOBILITY_TYPES = {
    "mob sms": ("study", "HE-SMS"),
    "mob smp": ("traineeship", "HE-SMT"),
    "mob sta": ("staff_teaching", "HE-STA"),
    "mob stt": ("staff_training", "HE-STT"),
}


LEVELS = {
    "first cycle": "bachelor",
    "second cycle": "master",
    "third cycle": "doctorate",
    "short cycle": "short_cycle",
}


_SNIFF_BYTES = 65_536


def compact(text: str) -> str:
    return match_key(text).replace(" ", "")


_BY_NAME = {compact(name): field for field, names in HEADERS.items() for name in names}


_IGNORED_BY_NAME = {compact(name): why for name, why in _IGNORED.items()}


_PERSONAL_BY_NAME = frozenset(map(compact, _PERSONAL))


def _is_header(cells: list[str], column_map: dict[str, str]) -> bool:
    """A Mobility Tool+ header names the mobility type and a partner's Erasmus code, or both
    partners' codes (its mobility type column renamed: the reader then asks for --map)."""
    mapped = {compact(column): field for field, column in column_map.items()}
    fields = {_BY_NAME.get(compact(cell)) or mapped.get(compact(cell)) for cell in cells}
    codes = fields & {"sending_code", "hosting_code"}
    return len(codes) == 2 or ("mobility_type" in fields and bool(codes))


def find_header(path: Path, column_map: dict[str, str]):
    """(table, index of the header row) of a Mobility Tool+ export; None for another file."""
    source = readable(path)
    if not source.is_file():
        return None  # the spreadsheet reader says what is wrong
    with open(source, "rb") as file:
        head = file.read(_SNIFF_BYTES)
    if not head.startswith((b"PK\x03\x04", _xls.OLE_SIGNATURE)):
        # a text file: its first bytes tell, without reading a million rows twice
        names = {compact(column) for column in column_map.values()}
        text = re.sub(r"[^a-z0-9]", "", head.decode("utf-8", errors="replace").lower())
        # a partner's code column (a mobility list may well have a 'Mobility type' column)
        signs = ["sendingpartnererasmusid", "hostingpartnererasmusid", *filter(None, names)]
        if not any(sign in text for sign in signs):
            return None
    for table in read_tables(path):
        for index, row in enumerate(table.head):
            if _is_header(row.cells, column_map):
                check_cells(path, table.head[: index + 1])
                return table, index
    return None


def columns_of(path: Path, header, column_map: dict[str, str], set_values: dict[str, str]):
    """Which column holds which field (--map first), the header's width, and the notes (a
    rejected row's text keeps the fields' columns only)."""
    for option, given in (("--map", column_map), ("--set", set_values)):
        for field in given:
            if field not in FIELDS:
                raise ImportFileError(
                    path,
                    f"unknown field {field!r} in {option}: this file is a Mobility Tool+ "
                    f"export, whose fields are {', '.join(FIELDS)}",
                )
    keys = [compact(cell) for cell in header.cells]
    fields: dict[str, int] = {}
    for field, column in column_map.items():
        if compact(column) not in keys:
            listed = ", ".join(repr(cell) for cell in header.cells if cell)
            raise ImportFileError(
                path,
                f"--map {field}={column}: no column {column!r} in the header; its columns: "
                f"{listed}",
                line=header.line_number,
            )
        fields[field] = keys.index(compact(column))
    notes = ["Mobility Tool+ export, recognised by its header"]
    for index, (cell, key) in enumerate(zip(header.cells, keys, strict=True)):
        if not cell:
            continue
        mapped = [field for field, at in fields.items() if at == index]
        field = _BY_NAME.get(key)
        if mapped:
            notes.append(f"column {cell!r} → {', '.join(mapped)} (--map)")
        elif key in _PERSONAL_BY_NAME or meaning_of(cell, "mobilities") == PERSONAL:
            notes.append(f"column {cell!r} → {PERSONAL}")
        elif key in _IGNORED_BY_NAME:
            notes.append(f"column {cell!r} → {_IGNORED_BY_NAME[key]}")
        elif field is None:
            notes.append(f"column {cell!r} → ignored")
        elif field in fields:
            notes.append(f"column {cell!r} → ignored ({header.cells[fields[field]]!r} is read)")
        else:
            fields[field] = index
            notes.append(f"column {cell!r} → {field}")
    missing = [f for f in _REQUIRED if f not in fields and f not in set_values]
    if missing:
        names = ", ".join(HEADERS[field][0] for field in missing)
        raise ImportFileError(
            path,
            f"Mobility Tool+ export without the column(s) {names}; name them with "
            "--map FIELD=COLUMN",
            line=header.line_number,
        )
    width = max(index for index, cell in enumerate(header.cells) if cell) + 1
    return fields, width, notes


def set_value(path: Path, field: str, value: str) -> str:
    """A --set value, checked as a cell of its column would be."""
    cell = clean(value)
    problem = None
    if not cell:
        problem = "empty value"
    elif field == "participant_id":
        problem = "each row has its own participant: name the column with --map"
    elif field == "mobility_type" and cell_key(cell) not in MOBILITY_TYPES:
        problem = "not Mob-SMS, Mob-SMP, Mob-STA or Mob-STT"
    elif field == "level" and cell_key(cell) not in LEVELS:
        problem = "not First Cycle, Second Cycle, Third Cycle or Short cycle"
    elif field in {"sending_code", "hosting_code"} and not normalise_erasmus_code(cell):
        problem = "no Erasmus code"
    elif field in {"duration_months", "duration_days"} and read_number(cell) is None:
        problem = "not a number"
    elif field == "fewer_opportunities" and yes_no(cell, field)[1]:
        problem = "not yes or no"
    elif field == "special_needs" and read_number(cell) is None and yes_no(cell, "")[1]:
        problem = "not an amount, yes or no"
    elif field in {"start_date", "end_date", "hosting_country", "sending_country"}:
        try:
            if field.endswith("date"):
                read_date(cell, field.replace("_", " "))
            else:
                read_country(cell, None)
        except Rejected as rejected:
            problem = str(rejected)
    if problem:
        raise ImportFileError(path, f"--set {field}={value}: {problem}")
    return cell


@functools.lru_cache(maxsize=4096)
def cell_key(cell: str) -> str:
    return match_key(cell)

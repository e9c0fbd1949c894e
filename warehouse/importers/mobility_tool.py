"""Mobility Tool+ exports: the mobilities a beneficiary reported in the EC's Mobility Tool, the
reporting tool of Erasmus and Erasmus+ before the Beneficiary Module.

What the export holds, and where that comes from:

- The EC published the last year of the Lifelong Learning Programme's Erasmus mobilities
  (2013-14, action ERA02, 272,497 rows) as open data on the EU Open Data Portal, dataset
  'erasmus-mobility-statistics-2013-14', straight from the Mobility Tool. Its header, as public
  analyses of that file quote it (the VI13 visualisation course's README, for one, with sample
  rows): Action, CallYear, ProjectNumber, MobiilityID (sic, with two i), SendingCountry,
  ReceivingCountry, MobilityType, SpecialNeeds, SubjectAreaCode, SubjectAreaName,
  CombinedMobilityYesNo, StartDate, EndDate, DurationInMonths, DurationInDays, SubsistenceTravel,
  LevelOfStudy, ParticipantID, ParticipantGender, ParticipantType, Language,
  SendingPartnerErasmusID, SendingPartnerName, HostingPartnerErasmusID, HostingPartnerName,
  HostingPartnerCountry, HostingPartnerCity. The export a school downloads from the tool has
  these columns (a field file had Action … HostingPartnerCity without the subject area and the
  participant's columns); the EC's Mobility Tool guides for beneficiaries (v3.2.0, 2013; MT+
  v1.3, 2014) describe the tool, not the file.
- Values seen in it: MobilityType 'Mob-SMS' (studies), 'Mob-SMP' (placement), 'Mob-STA' (staff
  teaching), 'Mob-STT' (staff training); dates as Oracle writes them, '21-OCT-2013 00.00.00'
  (DD-MON-YYYY HH.MI.SS, English month abbreviations); LevelOfStudy 'First Cycle', 'Second
  Cycle', 'Third Cycle', 'Short cycle'; Erasmus codes padded ('G  ATHINE01'); SpecialNeeds '0.0'
  (a supplement, 0 for nearly everyone); SubsistenceTravel the grant in euros; country codes the
  EC's ('EL' Greece, 'UK'). A placement's host often has no Erasmus code, only a name, a country
  and a city. MobilityID is the mobility's reference in the project ('39278-MOB-00009'), not a
  person, but some beneficiaries built it from a national id number ('39464320TSMS'): it is
  never read nor stored. ParticipantID is a person's number (a national id, a student number):
  it is pseudonymised as student numbers are; ParticipantGender is dropped.

How a row becomes a mobility of the home school (--school):

- The direction comes from which end is the school, by any Erasmus code it has had: sender,
  outgoing; host, incoming. A row in which it is neither (the EC's file holds every
  institution's mobilities) is rejected naming both codes, never filed as the school's; a row in
  which it is both is rejected too. A file in which no row involves the school is refused.
- The partner is the other end: its Erasmus code and name; its country from HostingPartnerCountry
  for a host, else from its Erasmus code (geography.erasmus_code_country), else from
  ReceivingCountry or SendingCountry; a row whose partner country stays unknown is rejected.
- Mob-SMS is study (Erasmus+ activity HE-SMS), Mob-SMP traineeship (HE-SMT), Mob-STA
  staff_teaching (HE-STA), Mob-STT staff_training (HE-STT); another type is rejected. The
  cycles become bachelor, master, doctorate and short_cycle. The academic year is the start
  date's (it starts on 1 August); the duration is DurationInMonths plus DurationInDays / 30; the
  field is the subject area's code and name; the funding is Erasmus. A SpecialNeeds supplement
  (above 0, or 'yes') marks fewer opportunities, which special needs are part of; 0 says nothing
  of the other reasons, so the flag stays unknown. KA131 and KA171 actions are kept as the
  Erasmus+ action; older actions (ERA02, KA103, KA107) are said in a note.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

import polars as pl

from warehouse import geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers.mobility_tool_columns import (
    FIELDS,
    LEVELS,
    MOBILITY_TYPES,
    cell_key,
    columns_of,
    find_header,
    set_value,
)
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.result import NOT_KEPT, ParsedFile
from warehouse.importers.spreadsheets import read_spreadsheet
from warehouse.importers.spreadsheets.cells import (
    Rejected,
    attempted,
    dated,
    erasmus_action,
    per_value,
    read_country,
    read_number,
    yes_no,
)
from warehouse.importers.spreadsheets.pseudonyms import pseudonym
from warehouse.importers.spreadsheets.tables import shape_reason


def read_school_mobilities(
    path: Path,
    school: SchoolContext,
    school_codes: list[str],
    *,
    column_map: dict[str, str] | None = None,
    set_values: dict[str, str] | None = None,
    pseudonym_key: bytes,
) -> ParsedFile:
    """A school's mobility file: a Mobility Tool+ export when its header says so, else a
    mobility list read by the spreadsheet reader."""
    path = Path(path)
    found = find_header(path, column_map or {})
    if found is None:
        return read_spreadsheet(
            path, "mobilities", school, column_map=column_map, set_values=set_values,
            pseudonym_key=pseudonym_key,
        )  # fmt: skip
    table, header_index = found
    return _read_export(
        path, table, header_index, school, school_codes, column_map or {}, set_values or {},
        pseudonym_key,
    )  # fmt: skip


def _read_export(
    path: Path,
    table,
    header_index: int,
    school: SchoolContext,
    school_codes: list[str],
    column_map: dict[str, str],
    set_values: dict[str, str],
    key: bytes,
) -> ParsedFile:
    header = table.head[header_index]
    set_values = {field: set_value(path, field, value) for field, value in set_values.items()}
    fields, width, notes = columns_of(path, header, column_map, set_values)
    codes = sorted({normalise_erasmus_code(code) for code in school_codes if code})
    if not codes:
        raise ImportFileError(
            path,
            f"{school.name} has no Erasmus code registered: a Mobility Tool+ export is matched "
            "on the codes of the sender and the host",
        )
    parsed = ParsedFile(table.file_format.replace("spreadsheet", "mobility_tool"))
    if header.line_number > 1:
        parsed.notes.append(f"header on line {header.line_number}; the lines above it skipped")
    parsed.notes.extend(notes)
    body = table.body(header_index, width)
    frame = body.frame
    for offset, (field, value) in enumerate(set_values.items()):
        if field in fields:
            raise ImportFileError(
                path,
                f"--set {field}: the file has a {field} column ({header.cells[fields[field]]!r});"
                f" drop --set, or --map {field} to another column",
                line=header.line_number,
            )
        fields[field] = width + offset
        frame = frame.with_columns(pl.lit(value, pl.String).alias(f"c{width + offset}"))
        parsed.notes.append(f"--set {field}={value}: every row's {field} (no column holds it)")

    def cell(field: str) -> pl.Expr:
        index = fields.get(field)
        return (pl.col(f"c{index}") if index is not None else pl.lit("")).alias(field)

    rows = frame.select("line", "extra", *map(cell, FIELDS))
    rows = per_value(rows, ["sending_code"], normalise_erasmus_code, {"sender": pl.String})
    rows = per_value(rows, ["hosting_code"], normalise_erasmus_code, {"host": pl.String})
    # a missing code (a placement's host) is no end of the school's: false, not null
    is_sender = pl.col("sender").is_in(codes).fill_null(False)
    is_host = pl.col("host").is_in(codes).fill_null(False)
    outgoing = is_sender & ~is_host
    rows = rows.with_columns(
        direction=pl.when(outgoing).then(pl.lit("outgoing")).otherwise(pl.lit("incoming")),
        code=pl.when(outgoing).then("host").otherwise("sender"),
        name=pl.when(outgoing).then("hosting_name").otherwise("sending_name"),
        other_country=pl.when(outgoing).then("receiving_country").otherwise("sending_country"),
        written_country=pl.when(outgoing).then("hosting_country").otherwise(pl.lit("")),
    )
    rows = rows.with_columns(
        name=pl.when(pl.col("name") != "").then("name").otherwise("code"),
    )
    rows = per_value(
        rows, ["written_country", "code", "other_country"], attempted(_partner_country, 2),
        {"iso2": pl.String, "country_note": pl.String, "country_reason": pl.String},
    )  # fmt: skip
    rows = per_value(
        rows, ["mobility_type"], attempted(_mobility_type, 2),
        {"activity": pl.String, "erasmus_activity": pl.String, "type_reason": pl.String},
    )  # fmt: skip
    for end in ("start", "end"):
        rows = per_value(
            rows, [f"{end}_date"],
            attempted(functools.partial(dated, what=f"{end} date"), 2),
            {end: pl.Date, f"{end}_text": pl.String, f"{end}_reason": pl.String},
        )  # fmt: skip
    rows = per_value(
        rows, ["duration_months", "duration_days"], attempted(_duration, 1),
        {"duration": pl.Float64, "duration_reason": pl.String},
    )  # fmt: skip
    neither = pl.format(
        "sent by {} to {}: neither is {}",
        _code_or_none(pl.col("sender"), "sending_name"),
        _code_or_none(pl.col("host"), "hosting_name"),
        pl.lit(school.name),
    )
    reason = pl.coalesce(
        shape_reason(pl.col("extra"), width),
        pl.when(~is_sender & ~is_host).then(neither),
        pl.when(is_sender & is_host).then(
            pl.format(
                "sent and hosted by {} ({}): not a mobility abroad", pl.lit(school.name), "sender"
            )
        ),  # fmt: skip
        pl.when(pl.col("name").is_null()).then(pl.lit("no partner name and no Erasmus code")),
        "type_reason",
        "country_reason",
        pl.when(pl.col("start_date") == "").then(pl.lit("no start date")),
        "start_reason",
        "end_reason",
        pl.when(pl.col("end") < pl.col("start")).then(
            pl.format("end date {} before start date {}", "end_text", "start_text")
        ),
        "duration_reason",
    )
    rows = rows.with_columns(reason=reason, is_other=~is_sender & ~is_host)
    involved = rows.filter(~pl.col("is_other")).height
    if involved == 0 and rows.height:
        senders = rows.filter(pl.col("sender").is_not_null())["sender"].unique().sort()
        listed = ", ".join(senders.head(5).to_list()) + ("…" if senders.len() > 5 else "")
        raise ImportFileError(
            path,
            f"no row is sent or hosted by {school.name} (Erasmus code(s) {', '.join(codes)}); "
            f"the file's senders are {listed or 'none'}: is --school right?",
        )
    _reject(rows.filter(pl.col("reason").is_not_null()), frame, body, fields, width, parsed, key)
    accepted = rows.filter(pl.col("reason").is_null())
    start_year = pl.col("start").dt.year() - (pl.col("start").dt.month() < 8).cast(pl.Int32)
    accepted = per_value(
        accepted, ["participant_id"],
        lambda participant: pseudonym(participant, key) if participant else None,
        {"participant": pl.String},
    )  # fmt: skip
    accepted = per_value(
        accepted, ["level"], _level, {"level_read": pl.String, "level_note": pl.String}
    )
    accepted = per_value(
        accepted, ["fewer_opportunities", "special_needs"], _fewer_opportunities,
        {"fewer": pl.Boolean, "fewer_note": pl.String},
    )  # fmt: skip
    accepted = per_value(
        accepted, ["action"], _action, {"erasmus_action": pl.String, "action_note": pl.String}
    )
    subject = pl.concat_str(
        pl.when(pl.col("subject_area_code") != "").then("subject_area_code"),
        pl.when(pl.col("subject_area_name") != "").then("subject_area_name"),
        separator=" ",
        ignore_nulls=True,
    )
    parsed.mobilities = accepted.select(
        line_number="line",
        partner_name="name",
        partner_country_iso2="iso2",
        partner_erasmus_code="code",
        direction="direction",
        academic_year=pl.format("{}-{}", start_year, start_year + 1),
        start_date="start",
        end_date="end",
        duration_months="duration",
        activity="activity",
        level="level_read",
        field=pl.when(subject != "").then(subject),
        funding=pl.lit("erasmus"),
        participant_id="participant",
        has_fewer_opportunities="fewer",
        erasmus_activity="erasmus_activity",
        erasmus_action="erasmus_action",
    )
    parsed.accept(accepted.height)
    _summarise(parsed, rows, accepted, school, codes)
    return parsed


def _reject(
    rejected: pl.DataFrame,
    frame: pl.DataFrame,
    body,
    fields: dict[str, int],
    width: int,
    parsed: ParsedFile,
    key: bytes,
) -> None:
    """Reject rows with their reasons and texts: the columns read only, the participant
    pseudonymised, every other cell masked (the mobility id, the gender, the grant, a comment
    column…); a row with more cells than the header (shape rejected) is not kept (NOT_KEPT).

    The EC's file holds every institution's mobilities: a school's import rejects nearly all of
    its rows. Their texts are therefore built column-wise from the cells as read (a text row's
    cells joined by its separator, quoted where the csv module would quote them), not row by row
    from the lines (docs/performance.md, import design notes).
    """
    participant = fields.get("participant_id")
    read = {index for index in fields.values() if index < width}
    texts = [
        (line, reason, NOT_KEPT)
        for line, reason in rejected.filter(pl.col("extra") > 0).select("line", "reason").rows()
    ]
    plain = rejected.filter(pl.col("extra") == 0).select("line", "reason")
    cells = plain.join(frame, on="line", how="left", maintain_order="left")
    if participant is not None and participant < width:
        cells = per_value(
            cells, [f"c{participant}"],
            lambda cell: pseudonym(cell, key) if cell else "",
            {"pseudonym": pl.String},
        )  # fmt: skip
    delimiter = body.delimiter
    parts = []
    for index in range(width):
        cell = pl.col(f"c{index}")
        if index == participant:
            cell = pl.col("pseudonym")
        elif index not in read:
            cell = pl.when(cell != "").then(pl.lit("…")).otherwise(pl.lit(""))
        elif delimiter is not None:
            needs_quotes = (
                cell.str.contains(delimiter, literal=True)
                | cell.str.contains('"', literal=True)
                | cell.str.contains("\n", literal=True)
            )
            quoted = pl.format('"{}"', cell.str.replace_all('"', '""', literal=True))
            cell = pl.when(needs_quotes).then(quoted).otherwise(cell)
        parts.append(cell)
    text = pl.concat_str(parts, separator=delimiter if delimiter is not None else " | ")
    if delimiter is None:  # a workbook row: up to its last filled cell, as the reader writes it
        text = text.str.replace(r"(?: \| )+$", "")
    texts += cells.select("line", "reason", text).rows()
    for line, reason, raw in sorted(texts, key=lambda reject: reject[0]):
        parsed.reject(line, reason, raw)


def _code_or_none(code: pl.Expr, name: str) -> pl.Expr:
    """An end of a mobility in a reject reason: its code, else its name, else 'no code'."""
    return pl.coalesce(
        code,
        pl.when(pl.col(name) != "").then(pl.format("'{}' (no Erasmus code)", name)),
        pl.lit("no Erasmus code"),
    )


def _summarise(
    parsed: ParsedFile, rows: pl.DataFrame, accepted: pl.DataFrame, school, codes
) -> None:
    """Notes of what was read, one per kind of thing and value, with the lines concerned."""
    outgoing = accepted.filter(pl.col("direction") == "outgoing").height
    parsed.notes.append(
        f"{school.name} ({', '.join(codes)}) is the sender of {outgoing} accepted rows "
        f"(outgoing) and the host of {accepted.height - outgoing} (incoming)"
    )
    others = rows.filter("is_other").height
    if others:
        parsed.notes.append(
            f"{others} rows are mobilities of other institutions (neither sender nor host is "
            f"{school.name}): rejected, never counted as the school's"
        )
    grouped: dict[str, list[int]] = defaultdict(list)
    for column in ("country_note", "level_note", "fewer_note", "action_note"):
        frame = rows if column == "country_note" else accepted
        source = frame.filter(pl.col("reason").is_null()) if column == "country_note" else frame
        for line, note in source.select("line", column).iter_rows():
            if note:
                grouped[note].append(line)
    for note, lines in grouped.items():
        shown = ", ".join(map(str, lines[:5])) + ("…" if len(lines) > 5 else "")
        parsed.notes.append(f"{note} (line{'s' if len(lines) > 1 else ''} {shown})")


def _mobility_type(cell: str) -> tuple[str, str]:
    if not cell:
        raise Rejected("no mobility type")
    found = MOBILITY_TYPES.get(cell_key(cell))
    if found is None:
        raise Rejected(f"unknown mobility type {cell!r} (Mob-SMS, Mob-SMP, Mob-STA or Mob-STT)")
    return found


def _partner_country(written: str, code: str | None, other: str) -> tuple[str, str | None]:
    """The partner's country: as the host's country column writes it, else its Erasmus code's,
    else the receiving or sending country of the row; and a note for a close spelling."""
    if written:
        return read_country(written, None)
    iso2 = geography.erasmus_code_country(code)
    if iso2:
        return iso2, None
    if other:
        return read_country(other, None)
    described = f"Erasmus code {code!r} has no known country prefix" if code else "no Erasmus code"
    raise Rejected(f"partner country unknown: no country column filled, and {described}")


def _duration(months: str, days: str) -> float | None:
    """DurationInMonths plus DurationInDays / 30 (a month of the grant is 30 days)."""
    if not months and not days:
        return None
    values = []
    for cell, what in ((months, "DurationInMonths"), (days, "DurationInDays")):
        number = read_number(cell) if cell else 0.0
        if number is None:
            raise Rejected(f"bad {what} {cell!r}")
        values.append(number)
    return round(values[0] + values[1] / 30, 2)


def _level(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, None
    level = LEVELS.get(cell_key(cell))
    if level is None:
        return None, (
            f"level of study {cell!r} is not First, Second, Third or Short cycle, left empty"
        )
    return level, None


def _fewer_opportunities(flag: str, special_needs: str) -> tuple[bool | None, str | None]:
    """A fewer-opportunities column when there is one; else a special-needs supplement."""
    if flag:
        return yes_no(flag, "fewer opportunities")
    if not special_needs:
        return None, None
    amount = read_number(special_needs)
    if amount is not None:
        return (True if amount > 0 else None), None
    said, note = yes_no(special_needs, "special needs")
    return (True if said else None), note


def _action(cell: str) -> tuple[str | None, str | None]:
    if not cell:
        return None, None
    action, _note = erasmus_action(cell)
    if action:
        return action, None
    return None, f"action {cell!r} is not KA131 or KA171: the Erasmus+ action is left empty"

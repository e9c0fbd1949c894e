"""The European Commission's Erasmus+ KA1 mobility data, 2014 onwards (EU open data portal,
"Erasmus+ mobility statistics 2014-2019" and its later yearly files "KA1 mobilities eligible
finalised started in <year>").

What the files hold, from the EC's data dictionary (as republished with the 2014-2019 files by
TidyTuesday, 2022-03-08, rfordatascience/tidytuesday data/2022/2022-03-08/readme.md) and from
published extracts of the files (nmayat/Erasmus_Data, LumiDoll50/Springboard_Capstone_2):

- ';'-separated, UTF-8, one header: `Project Reference; Academic Year; Mobility Start Month;
  Mobility End Month; Mobility Duration; Activity (mob); Field of Education; Participant
  Nationality; Education Level; Participant Gender; Participant Profile; Special Needs; Fewer
  Opportunities; GroupLeader; Participant Age; Sending Country Code; Sending City; Sending
  Organization; Sending Organisation Erasmus Code; Receiving Country Code; Receiving City;
  Receiving Organization; Receiving Organisation Erasmus Code; Participants`. Some years write
  'Sending Organisation', 'Mobility Duration - calendar days' or 'Mobility Start Year/Month':
  they are read as the same columns.
- A row is an aggregate: "similar mobility periods are aggregated where possible (same
  sending/receiving organisation, same status regarding fewer opportunities, gender, age…)";
  `Participants` counts them (1 for most rows).
- `Project Reference`: YYYY-R-AAAA-KAnnn-NNNNNN (call year, round, national agency, key action:
  KA103/KA107 higher education 2014-2020, KA131/KA171 from 2021; KA101 schools, KA102/KA116 VET,
  KA104 adults, KA105/KA347 youth…). Later references carry a sector too ('…-KA131-HED-…').
- `Academic Year` '2014-2015'; `Mobility Start Month`, `Mobility End Month` 'YYYY-MM';
  `Mobility Duration`: "exact duration of the mobility in calendar days"; `Participant Profile`
  'Learner' or 'Staff'; `Special Needs`, `Fewer Opportunities`, `GroupLeader` 'Yes'/'No'.
- `Activity (mob)`: every sector's activities. Higher education writes 'Student mobility for
  studies between Programme Countries', 'Student mobility for traineeships …', 'Staff mobility
  for teaching …', 'Staff mobility for training …' (each also '… To/From Partner Countries');
  later files 'HE-SMS - …', 'HE-SMT', 'HE-STA', 'HE-STT'. Others: 'Staff training abroad'
  (schools), 'VET learners traineeships in companies abroad', 'Youth Exchanges - Programme
  Countries', 'National youth meetings'… (macro ka1_activity).
- `Education Level`: 'ISCED-6 - First cycle / Bachelor’s or equivalent level (EQF-6)', ISCED-5
  short cycle, ISCED-7 master, ISCED-8 doctorate; '??? - ? Unknown ?' for staff and most other
  sectors (macro ka1_level). `Field of Education`: ISCED-F names ('Language acquisition'),
  '? Unknown ?' when not given.
- Country codes are the EU's: Greece 'EL', the United Kingdom 'UK'. Erasmus codes are written
  as in the charter list ('F  ALBI05'); '-' when the organisation has none (all but higher
  education). Cities and organisation names are as the beneficiaries typed them.

Read here: every row is kept in raw.ec_ka1_mobilities, for institution_flows. A row whose
`Participants` is not a whole number of at least 1, or above MAX_PARTICIPANTS, is rejected with
its reason: an aggregate of 300,000 is a mistake, and it would become 300,000 mobilities of a
home school. A row needs an academic year: the file's, else that of its start month (academic
years start on 1 August, macro academic_year_of); a row with neither is rejected. Durations are
days; a mobility's months are days / 30, as Erasmus+ counts them.

Higher-education rows in which a home school sends or hosts (by any of its Erasmus codes)
become its mobilities, one per participant (int_ec_ka1_home_mobilities, marts.mobilities). Rows
of other sectors naming a home school, and home-school rows whose activity is not read, stay in
institution_flows only; the import says how many.

Not stored: nationality, gender, age (personal attributes), special needs (health) and group
leader (of no use here). Fewer opportunities is kept: Erasmus+ reporting counts it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import polars as pl

from warehouse import geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError
from warehouse.importers._ec_csv import as_utf8, first_line_of, read_numbered
from warehouse.importers._files import readable
from warehouse.importers._limits import ROWS
from warehouse.importers.result import Reject

# One row may count at most this many participants. The largest aggregates of the real files
# are youth meetings of a few hundred; 10,000 leaves room and refuses a slip of the keyboard.
MAX_PARTICIPANTS = 10_000

# header (lower case, spaces collapsed) -> the column's name here
_COLUMNS = {
    "project reference": "project_reference",
    "academic year": "academic_year",
    "mobility start month": "start_month",
    "mobility start year/month": "start_month",
    "mobility end month": "end_month",
    "mobility end year/month": "end_month",
    "mobility duration": "duration",
    "mobility duration - calendar days": "duration",
    "activity (mob)": "activity",
    "field of education": "field",
    "participant nationality": "nationality",
    "education level": "education_level",
    "participant gender": "gender",
    "participant profile": "profile",
    "special needs": "special_needs",
    "fewer opportunities": "fewer_opportunities",
    "groupleader": "group_leader",
    "group leader": "group_leader",
    "participant age": "age",
    "sending country code": "sending_country",
    "sending city": "sending_city",
    "sending organization": "sending_name",
    "sending organisation": "sending_name",
    "sending organisation erasmus code": "sending_code",
    "sending organization erasmus code": "sending_code",
    "receiving country code": "receiving_country",
    "receiving city": "receiving_city",
    "receiving organization": "receiving_name",
    "receiving organisation": "receiving_name",
    "receiving organisation erasmus code": "receiving_code",
    "receiving organization erasmus code": "receiving_code",
    "participants": "participants",
}
_REQUIRED = (
    "activity", "participants", "sending_country", "sending_name", "sending_code",
    "receiving_country", "receiving_name", "receiving_code",
)  # fmt: skip
_PERSONAL = {
    "nationality": "Participant Nationality",
    "gender": "Participant Gender",
    "age": "Participant Age",
    "special_needs": "Special Needs",
    "group_leader": "GroupLeader",
}
_SIGNATURE = {"project_reference", "activity", "participants"}
_READ = set(_COLUMNS.values()) - set(_PERSONAL)


def _header_key(cell: str) -> str:
    return re.sub(r"\s+", " ", cell.strip().lstrip("\ufeff").strip().lower())


def columns_of(first_line: str) -> list[str]:
    """The header's columns, named as here; columns this reader does not know are 'other_<n>'."""
    cells = first_line.rstrip("\r\n").split(";")
    return [_COLUMNS.get(_header_key(cell), f"other_{n}") for n, cell in enumerate(cells, 1)]


def is_ec_ka1(first_line: str) -> bool:
    """Whether a file's first line is the header of the EC's KA1 mobility data."""
    return set(columns_of(first_line)) >= _SIGNATURE


def load(
    con: duckdb.DuckDBPyConnection, path: Path, import_id: int
) -> tuple[int, int, list[Reject], list[str]]:
    """Load one file into raw.ec_ka1_mobilities; return rows read, accepted, rejects, notes."""
    first_line = first_line_of(path)
    columns = columns_of(first_line)
    if not set(columns) >= _SIGNATURE:
        raise ImportFileError(path, "not an EC Erasmus+ KA1 mobility file: unexpected header", 1)
    missing = [name for name in _REQUIRED if name not in columns]
    if "academic_year" not in columns and "start_month" not in columns:
        missing.append("academic_year or start_month")
    if missing:
        raise ImportFileError(path, f"EC KA1 file without the columns {', '.join(missing)}", 1)
    doubled = sorted({name for name in columns if columns.count(name) > 1})
    if doubled:
        raise ImportFileError(path, f"EC KA1 file with two columns for {', '.join(doubled)}", 1)
    notes = []
    with as_utf8(readable(path)) as (utf8, encoding_note):
        if encoding_note:
            notes.append(encoding_note)
        kept = [name for name in columns if name not in _PERSONAL and name in _READ]
        rejects = read_numbered(con, utf8, columns, "ka1_read", keep=kept)
    dropped = [label for name, label in _PERSONAL.items() if name in columns]
    if dropped:
        notes.append(f"personal data dropped, never stored: {', '.join(dropped)}")
    headers = first_line.rstrip("\r\n").lstrip("\ufeff").split(";")
    others = [headers[n] for n, name in enumerate(columns) if name.startswith("other_")]
    if others:
        notes.append(f"columns not read: {', '.join(map(repr, others))}")
    for name in _OPTIONAL:
        if name not in columns:
            con.execute(f"alter table temp.ka1_read add column {name} varchar")
    _read_values(con)
    con.execute(_CHECKED.format(most=MAX_PARTICIPANTS))
    # a rejected row as written, the cells not read (personal attributes, unknown columns) blank
    raw_text = " || ';' || ".join(
        f"coalesce({name}, '')" if name in kept else "''" for name in columns
    )
    con.execute(
        f"""
        create or replace temp table ka1_rejected as
        select line_number, reason, {raw_text} as raw_text
        from temp.ka1_checked where reason is not null
        """
    )
    rejects += [Reject(*row) for row in con.execute("select * from temp.ka1_rejected").fetchall()]
    rejects.sort(key=lambda reject: reject.line_number)
    con.execute(_INSERT, [import_id])
    notes += _value_notes(con)
    con.execute("drop view temp.ka1_checked")
    for name in ("ka1_read", "ka1_rejected", "ka1_years", "ka1_months", "ka1_countries",
                 "ka1_codes"):  # fmt: skip
        con.execute(f"drop table if exists temp.{name}")
    accepted = con.execute(
        "select count(*) from raw.ec_ka1_mobilities where import_id = ?", [import_id]
    ).fetchone()[0]
    notes += home_school_notes(con, import_id, path)
    return accepted + len(rejects), accepted, rejects, notes


_OPTIONAL = (
    "project_reference", "academic_year", "start_month", "end_month", "duration", "field",
    "education_level", "profile", "fewer_opportunities", "sending_city", "receiving_city",
)  # fmt: skip

# Each row read, with the reason it is rejected (null: accepted). A view, read twice (rejects,
# then accepted rows): a copy of 600,000 rows would cost more memory than the joins cost time.
_CHECKED = """
create or replace temp view ka1_checked as
with counted as (
    select
        rows.*,
        case
            when regexp_full_match(trim(rows.participants), '[0-9]+(\\.0*)?')
                then cast(trim(rows.participants) as double)
        end as participant_count,
        coalesce(years.value, academic_year_of(starts.value)) as year,
        starts.value as start_month_read,
    from temp.ka1_read as rows
    left join temp.ka1_years as years on years.text = trim(rows.academic_year)
    left join temp.ka1_months as starts on starts.text = trim(rows.start_month)
)
select
    *,
    case
        when participant_count is null or participant_count < 1
            then 'Participants ''' || coalesce(trim(participants), '')
                 || ''' is not a whole number of at least 1'
        when participant_count > {most}
            then 'Participants ' || trim(participants) || ' is above the {most:,} one row may '
                 || 'count: taken for a mistake'
        when year is null
            then 'no academic year: neither Academic Year ''' || coalesce(academic_year, '')
                 || ''' nor Mobility Start Month ''' || coalesce(start_month, '')
                 || ''' can be read'
    end as reason,
from counted
"""

_INSERT = """
insert into raw.ec_ka1_mobilities
select
    ? as import_id,
    rows.line_number,
    nullif(trim(rows.project_reference), '') as project_reference,
    nullif(regexp_extract(upper(rows.project_reference), 'KA[0-9]{3}'), '') as key_action,
    rows.year as academic_year,
    rows.start_month_read as start_month,
    ends.value as end_month,
    case when try_cast(replace(trim(rows.duration), ',', '.') as double) >= 0
        then try_cast(replace(trim(rows.duration), ',', '.') as double)
    end as duration_days,
    ec_known(rows.activity) as activity_as_written,
    ec_known(rows.field) as field_of_education,
    ec_known(rows.education_level) as education_level,
    ec_known(rows.profile) as participant_profile,
    case lower(trim(rows.fewer_opportunities)) when 'yes' then true when 'no' then false
    end as has_fewer_opportunities,
    sending_country.value as sending_country_iso2,
    ec_known(rows.sending_city) as sending_city,
    ec_known(rows.sending_name) as sending_name,
    sending_code.code as sending_code,
    sending_code.value as sending_code_country_iso2,
    receiving_country.value as receiving_country_iso2,
    ec_known(rows.receiving_city) as receiving_city,
    ec_known(rows.receiving_name) as receiving_name,
    receiving_code.code as receiving_code,
    receiving_code.value as receiving_code_country_iso2,
    rows.participant_count::integer as participants,
from temp.ka1_checked as rows
left join temp.ka1_months as ends on ends.text = trim(rows.end_month)
left join temp.ka1_countries as sending_country
    on sending_country.text = trim(rows.sending_country)
left join temp.ka1_countries as receiving_country
    on receiving_country.text = trim(rows.receiving_country)
left join temp.ka1_codes as sending_code on sending_code.text = trim(rows.sending_code)
left join temp.ka1_codes as receiving_code on receiving_code.text = trim(rows.receiving_code)
where rows.reason is null
order by rows.line_number
"""


def _read_values(con: duckdb.DuckDBPyConnection) -> None:
    """Read the years, months, country codes and Erasmus codes of the rows once per distinct
    value (a file of 600,000 rows writes a few hundred of each), into temp tables keyed by the
    text as written, trimmed."""
    years = _distinct(con, "academic_year")
    months = _distinct(con, "start_month", "end_month")
    countries = _distinct(con, "sending_country", "receiving_country")
    codes = _distinct(con, "sending_code", "receiving_code")
    _register(con, "ka1_years", {text: academic_year(text) for text in years})
    _register(con, "ka1_months", {text: month_of(text) for text in months}, pl.Date)
    _register(con, "ka1_countries", {text: country_code(text) for text in countries})
    normalised = {text: normalise_erasmus_code(_known(text)) for text in codes}
    _register(
        con,
        "ka1_codes",
        # the one resolver of an Erasmus code's country, which every importer uses
        {text: geography.erasmus_code_country(code) for text, code in normalised.items()},
        codes=normalised,
    )


def _distinct(con: duckdb.DuckDBPyConnection, *columns: str) -> list[str]:
    union = " union ".join(f"select trim({column}) from temp.ka1_read" for column in columns)
    return sorted({value for (value,) in con.execute(union).fetchall() if value})


def _register(
    con, table: str, values: dict, dtype: type[pl.DataType] = pl.String, codes=None
) -> None:
    data = {"text": list(values), "value": list(values.values())}
    schema = {"text": pl.String, "value": dtype}
    if codes is not None:
        data["code"], schema["code"] = [codes[text] for text in values], pl.String
    frame = pl.DataFrame(data, schema=schema)
    con.register("values_frame", frame.__arrow_c_stream__())
    con.execute(f"create or replace temp table {table} as select * from values_frame")
    con.unregister("values_frame")


def _known(text: str) -> str | None:
    """As the macro ec_known: None for the EC's marks of unknown ('-', '? Unknown ?')."""
    return None if text.strip(" -?").lower() in ("", "unknown", "undefined") else text.strip()


_ACADEMIC_YEAR = re.compile(r"(\d{4})\s*[-/]\s*(\d{4}|\d{2})")
_MONTHS = (
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})(?:[-/.]\d{1,2}(?:[ T].*)?)?"),
    re.compile(r"(?P<month>\d{1,2})[-/.](?P<year>\d{4})"),
)


def academic_year(text: str) -> str | None:
    """'2014-2015', '2014/15' -> '2014-2015'; anything else (one year, '2014-2016') None."""
    match = _ACADEMIC_YEAR.fullmatch(text.strip())
    if not match:
        return None
    first, second = int(match.group(1)), match.group(2)
    if int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
        return None
    return f"{first}-{first + 1}"


def month_of(text: str) -> dt.date | None:
    """'2014-09' (also '09-2014', '2014-09-01') -> 1 September 2014; None when not a month."""
    for pattern in _MONTHS:
        match = pattern.fullmatch(text.strip())
        if match and 1 <= int(match["month"]) <= 12 and 1900 < int(match["year"]) < 2200:
            return dt.date(int(match["year"]), int(match["month"]), 1)
    return None


def country_code(text: str) -> str | None:
    """A country code of the file ('FR', 'EL', 'UK') as ISO alpha-2; None for '-' and for text
    that is no country's code or name (a guess on a misspelling would misplace a flow)."""
    if _known(text) is None:
        return None
    match = geography.resolve_country(text)
    return match.country.iso2 if match and match.method != "fuzzy" else None


# Cells the file filled, read as unknown: (what, columns, their table, what becomes of them).
_UNREAD = (
    ("a country code that is no country", ("sending_country", "receiving_country"),
     "ka1_countries", "kept of unknown country"),
    ("an Erasmus code without a known country prefix", ("sending_code", "receiving_code"),
     "ka1_codes", "its country is the row's country code"),
    ("an Academic Year that is not readable", ("academic_year",), "ka1_years",
     "the year of its start month is used"),
    ("a Mobility Start Month that is not readable", ("start_month",), "ka1_months",
     "kept without"),
    ("a Mobility End Month that is not readable", ("end_month",), "ka1_months", "kept without"),
)  # fmt: skip


def _value_notes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Cells that the file filled and that are kept as unknown, each kind said once, of the
    rows accepted."""
    notes = []
    for what, columns, table, outcome in _UNREAD:
        cells = " union all ".join(
            f"select line_number, trim({column}) as text from temp.ka1_read" for column in columns
        )
        code = "and known.code is not null" if table == "ka1_codes" else ""
        found = con.execute(
            f"""
            select cells.text, count(*) from ({cells}) as cells
            join temp.{table} as known using (text)
            anti join temp.ka1_rejected using (line_number)
            where known.value is null and ec_known(cells.text) is not null {code}
            group by all order by 2 desc, 1
            """
        ).fetchall()
        if found:
            notes.append(_counted(found, what, outcome))
    found = con.execute(
        """
        select trim(duration), count(*) from temp.ka1_read
        anti join temp.ka1_rejected using (line_number)
        where ec_known(duration) is not null
          and coalesce(try_cast(replace(trim(duration), ',', '.') as double) < 0, true)
        group by all order by 2 desc, 1
        """
    ).fetchall()
    if found:
        notes.append(
            _counted(found, "a Mobility Duration that is not a number of days", "kept without")
        )
    return notes


def _counted(found: list[tuple], what: str, outcome: str) -> str:
    rows = sum(count for _text, count in found)
    examples = ", ".join(f"{text!r} ({count})" for text, count in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return f"{rows} rows name {what}: {examples}{more}; {outcome}"


def home_school_notes(con: duckdb.DuckDBPyConnection, import_id: int, path: Path) -> list[str]:
    """How the rows of the home schools were taken: as mobilities, or kept apart and why. The
    mobilities they become (one per participant) must stay within the rows limit: 10,000
    participants a row times a few thousand rows would be tens of millions."""
    groups = con.execute(
        """
        with ends as (
            select rows.*, codes.school_id from raw.ec_ka1_mobilities as rows
            join main.school_erasmus_codes as codes on codes.erasmus_code = rows.sending_code
            where rows.import_id = $import_id
            union all
            select rows.*, codes.school_id from raw.ec_ka1_mobilities as rows
            join main.school_erasmus_codes as codes on codes.erasmus_code = rows.receiving_code
            where rows.import_id = $import_id
        )
        select
            case
                when ka1_activity(activity_as_written) is not null then 'taken'
                when ka1_is_higher_education(activity_as_written, key_action) then 'unread'
                else 'other sector'
            end as outcome,
            count(distinct line_number),
            sum(participants),
            list(distinct coalesce(activity_as_written, '(none)') order by 1),
        from ends
        group by all
        """,
        {"import_id": import_id},
    ).fetchall()
    found = {outcome: (rows, count, written) for outcome, rows, count, written in groups}
    rows, count, _written = found.get("taken", (0, 0, []))
    ROWS.check(path, count, f"{count:,} mobilities of home schools (one per participant)")
    notes = [
        f"{rows} higher-education rows of home schools became {count} mobilities (one per "
        "participant; a row between two home schools is one for each)"
    ]
    for outcome, what in (
        ("unread", "higher-education rows of home schools have an activity this version "
                   "does not read"),
        ("other sector", "rows of home schools are not higher-education mobility"),
    ):  # fmt: skip
        if outcome in found:
            rows, _count, written = found[outcome]
            listed = ", ".join(map(repr, written[:5])) + (" …" if len(written) > 5 else "")
            notes.append(f"{rows} {what} ({listed}): kept in institution_flows, not as mobilities")
    return notes

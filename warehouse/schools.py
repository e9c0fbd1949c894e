"""Home schools: the schools whose international office keeps the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from warehouse import gazetteer, geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import UnknownSchoolError, WarehouseError
from warehouse.text import fold, slug


@dataclass(frozen=True)
class School:
    school_id: str
    name: str
    short_name: str | None
    erasmus_code: str | None
    city: str | None
    country_iso2: str


def add_school(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    country: str,
    short_name: str | None = None,
    erasmus_code: str | None = None,
    former_erasmus_codes: list[str] | tuple[str, ...] = (),
    city: str | None = None,
    group_name: str | None = None,
    hei_id: str | None = None,
) -> School:
    """Register a home school; its city is located in the offline gazetteer."""
    name = " ".join(name.split())
    if not name:
        raise WarehouseError("a school needs a name")
    match = geography.resolve_country(country)
    if match is None or match.method == "fuzzy":
        raise WarehouseError(f"unknown country {country!r}: give an ISO code such as FR")
    country_iso2 = match.country.iso2
    school_id = slug(name)
    existing = con.execute(
        "select name from schools where school_id = ? or lower(name) = lower(?)", [school_id, name]
    ).fetchone()
    if existing:
        raise WarehouseError(
            f"a school named {existing[0]!r} is already registered; change it with "
            f"`mobility schools edit {existing[0]!r} ...`"
        )
    codes = [normalise_erasmus_code(erasmus_code)] if erasmus_code else []
    codes += [normalise_erasmus_code(code) for code in former_erasmus_codes]
    for code in codes:
        owner = con.execute(
            "select school_id from school_erasmus_codes where erasmus_code = ?", [code]
        ).fetchone()
        if owner:
            raise WarehouseError(f"Erasmus code {code} already belongs to school {owner[0]!r}")
    place = gazetteer.geocode(city, country_iso2) if city else None
    con.execute(
        """
        insert into schools (school_id, name, short_name, erasmus_code, city, country_iso2,
                             latitude, longitude, group_name, hei_id)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            school_id,
            name,
            short_name or None,
            codes[0] if erasmus_code else None,
            city or None,
            country_iso2,
            place.latitude if place else None,
            place.longitude if place else None,
            group_name or None,
            (hei_id or "").strip().lower() or None,
        ],
    )
    for position, code in enumerate(codes):
        is_current = position == 0 and bool(erasmus_code)
        con.execute(
            "insert into school_erasmus_codes values (?, ?, ?)", [code, school_id, is_current]
        )
    return School(
        school_id, name, short_name, codes[0] if erasmus_code else None, city, country_iso2
    )


@dataclass(frozen=True)
class SchoolEdit:
    """What `edit_school` changed, for the CLI to say."""

    school: School  # as it is after the edit
    renamed_from: str | None
    added_codes: list[str]
    codes_already_held: list[str]
    located: bool | None  # None when the city was not changed
    dropped_codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a code added or dropped moves


def edit_school(
    con: duckdb.DuckDBPyConnection,
    text: str,
    *,
    former_erasmus_codes: list[str] | tuple[str, ...] = (),
    city: str | None = None,
    hei_id: str | None = None,
    name: str | None = None,
    drop_former_codes: list[str] | tuple[str, ...] = (),
) -> SchoolEdit:
    """Change a registered school: add former Erasmus codes, move its city, set its HEI id,
    rename it.

    Everything is checked before anything is written. The school_id stays as it is through a
    rename: imports, graduates and the dashboard's URLs refer to it, and every view takes the
    name from the schools table when it is built. A former code added here re-attributes the
    EC statistics already imported, since the models join them to the schools by code at every
    write.
    """
    school = find_school(con, text)
    if (
        not former_erasmus_codes and not drop_former_codes
        and city is None and hei_id is None and name is None
    ):  # fmt: skip
        raise WarehouseError(
            "nothing to change: give --former-code, --drop-former-code, --city, --hei-id or --name"
        )
    dropped = [_droppable(con, school, written) for written in drop_former_codes]
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise WarehouseError("a school needs a name")
        _check_name_is_free(con, name, school.school_id)
    added, held = [], []
    for written in former_erasmus_codes:
        code = normalise_erasmus_code(written)
        if not code:
            raise WarehouseError(f"--former-code {written!r}: an empty Erasmus code")
        owner = con.execute(
            "select c.school_id, coalesce(s.name, c.school_id) from school_erasmus_codes c "
            "left join schools s using (school_id) where c.erasmus_code = ?",
            [code],
        ).fetchone()
        if owner and owner[0] != school.school_id:
            raise WarehouseError(f"Erasmus code {code} already belongs to school {owner[1]!r}")
        if owner or code in added:
            held.append(code)
        else:
            added.append(code)
    located = None
    if city is not None:
        city = " ".join(city.split()) or None
        place = gazetteer.geocode(city, school.country_iso2) if city else None
        located = place is not None if city else None
        con.execute(
            "update schools set city = ?, latitude = ?, longitude = ? where school_id = ?",
            [
                city,
                place.latitude if place else None,
                place.longitude if place else None,
                school.school_id,
            ],
        )
    if hei_id is not None:
        con.execute(
            "update schools set hei_id = ? where school_id = ?",
            [hei_id.strip().lower() or None, school.school_id],
        )
    if name is not None and name != school.name:
        con.execute("update schools set name = ? where school_id = ?", [name, school.school_id])
    notes = [_code_note(con, code, school.name, "now count") for code in added]
    notes += [_code_note(con, code, school.name, "no longer count") for code in dropped]
    for code in added:
        con.execute(
            "insert into school_erasmus_codes values (?, ?, false)", [code, school.school_id]
        )
        con.execute("delete from dropped_school_codes where erasmus_code = ?", [code])
    for code in dropped:
        con.execute("delete from school_erasmus_codes where erasmus_code = ?", [code])
        con.execute(
            "insert or replace into dropped_school_codes (erasmus_code, school_id) values (?, ?)",
            [code, school.school_id],
        )
    after = School(
        *con.execute(
            "select school_id, name, short_name, erasmus_code, city, country_iso2 from schools "
            "where school_id = ?",
            [school.school_id],
        ).fetchone()
    )
    renamed_from = school.name if after.name != school.name else None
    return SchoolEdit(after, renamed_from, added, held, located, dropped, notes)


def _droppable(con: duckdb.DuckDBPyConnection, school: School, written: str) -> str:
    """The former code to take away from `school`; one line when it is not one of them."""
    code = normalise_erasmus_code(written)
    if code == school.erasmus_code:
        raise WarehouseError(f"{code} is {school.name}'s current Erasmus code, not a former one")
    held = con.execute(
        "select 1 from school_erasmus_codes where erasmus_code = ? and school_id = ?",
        [code, school.school_id],
    ).fetchone()
    if not held:
        raise WarehouseError(f"--drop-former-code {written!r}: not a code of {school.name}")
    return code


def _code_note(con: duckdb.DuckDBPyConnection, code: str, school: str, change: str) -> str:
    """What a code is (its country, the registry's name for it) and the EC rows it moves."""
    country = geography.erasmus_code_country(code)
    registry = con.execute(
        "select any_value(legal_name) from raw.institutions where erasmus_code = ?", [code]
    ).fetchone()[0]
    (rows,) = con.execute(
        """
        select (select count(*) from raw.ec_student_mobilities
                where sending_code = $1 or receiving_code = $1)
             + (select count(*) from raw.ec_ka1_mobilities
                where sending_code = $1 or receiving_code = $1)
        """,
        [code],
    ).fetchone()
    what = [f"{code}:"]
    what.append(
        f"in {geography.country(country).name_en}" if country else "its prefix names no country"
    )
    what.append(f"'{registry}' in the charter list" if registry else "not in the charter list")
    return (
        f"{' '.join(what[:2])}, {what[2]}; {rows} rows of the EC's open data {change} for {school}"
    )


def _check_name_is_free(con: duckdb.DuckDBPyConnection, name: str, school_id: str) -> None:
    """A new name must not be read as another school by --school (names and short names are
    compared folded, then Erasmus codes) nor take another school's id."""
    code_owner = con.execute(
        "select school_id from school_erasmus_codes where erasmus_code = ?",
        [normalise_erasmus_code(name)],
    ).fetchone()
    for other_id, other_name, short_name in con.execute(
        "select school_id, name, short_name from schools where school_id <> ?", [school_id]
    ).fetchall():
        if (
            fold(name) in {fold(other_name), fold(short_name or "")}
            or slug(name) == other_id
            or code_owner == (other_id,)
        ):
            raise WarehouseError(f"the name {name!r} is taken by school {other_name!r}")


def find_school(con: duckdb.DuckDBPyConnection, text: str) -> School:
    """The school a --school value names: its name, short name, id or any Erasmus code it had."""
    wanted = fold(text)
    code = normalise_erasmus_code(text)
    rows = con.execute(
        """
        select school_id, name, short_name, erasmus_code, city, country_iso2
        from schools
        order by name
        """
    ).fetchall()
    codes = dict(con.execute("select erasmus_code, school_id from school_erasmus_codes").fetchall())
    for row in rows:
        school = School(*row)
        names = {fold(school.name), fold(school.short_name or ""), school.school_id}
        if wanted in names or codes.get(code) == school.school_id:
            return school
    known = ", ".join(f"{row[1]} ({row[2]})" if row[2] else row[1] for row in rows)
    raise UnknownSchoolError(
        f"unknown school {text!r}; registered: {known}. "
        "Register another with `mobility schools add NAME --country ISO2`"
    )

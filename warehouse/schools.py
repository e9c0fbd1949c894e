"""Home schools: the schools whose international office keeps the warehouse."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse import geography
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
        raise WarehouseError(f"a school named {existing[0]!r} is already registered")
    codes = [normalise_erasmus_code(erasmus_code)] if erasmus_code else []
    codes += [normalise_erasmus_code(code) for code in former_erasmus_codes]
    for code in codes:
        owner = con.execute(
            "select school_id from school_erasmus_codes where erasmus_code = ?", [code]
        ).fetchone()
        if owner:
            raise WarehouseError(f"Erasmus code {code} already belongs to school {owner[0]!r}")
    place = geography.geocode(city, country_iso2) if city else None
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

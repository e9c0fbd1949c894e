"""Reference data written into every warehouse: countries, Erasmus+ rules, shipped aliases, home
schools, places.

Countries and shipped aliases are rewritten at every write, so a newer release of the geography
libraries or of the alias list reaches existing warehouses. Home schools are seeded once, when
the warehouse is created; after that they belong to the users (`mobility schools add`, `mobility
schools edit`). The schools' former Erasmus codes (school_history.csv, each with its source) are
offered at every write instead, so that a code shipped later reaches warehouses created before:
a code is attached to its school only while no school holds it, so a user's own registration of
that code is never undone.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import duckdb

from warehouse import gazetteer, geography
from warehouse.codes import normalise_erasmus_code

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the reference tables from the libraries; seed the home schools on a new warehouse."""
    # an Arrow stream, as for the raw rows (see loading.insert_raw_rows)
    con.register("countries_frame", geography.countries_frame().__arrow_c_stream__())
    con.execute("delete from countries")
    con.execute("insert into countries by name select * from countries_frame")
    con.unregister("countries_frame")
    from warehouse import erasmus

    erasmus.refresh(con)  # shipped Erasmus+ rules; the rows users imported stay
    con.execute("delete from partner_aliases where source = 'shipped'")
    for row in read_csv("partner_aliases.csv"):
        con.execute(
            "insert into partner_aliases values (?, ?, ?, ?, 'shipped')",
            [row["alias"], row["canonical_name"], row["country_iso2"] or None, row["note"]],
        )
    _refresh_compulsory_stay_rules(con)
    seeded = con.execute(
        "select 1 from warehouse_info where key = 'home_schools_seeded'"
    ).fetchone()
    if not seeded:
        from warehouse import schools

        for row in read_csv("home_schools.csv"):
            schools.add_school(
                con,
                name=row["name"],
                short_name=row["short_name"],
                erasmus_code=row["erasmus_code"],
                city=row["city"],
                country=row["country_iso2"],
                group_name=row["group_name"],
            )
        con.execute("insert into warehouse_info values ('home_schools_seeded', 'yes')")
    _offer_school_history(con)


def _offer_school_history(con: duckdb.DuckDBPyConnection) -> None:
    """Attach each shipped former code to its school when the school is registered and no
    school holds the code yet (see the module's docstring)."""
    dropped = {
        row[0] for row in con.execute("select erasmus_code from dropped_school_codes").fetchall()
    }
    for code, school_id, owner in school_history_owners(con):
        if owner is None and code not in dropped:
            con.execute(
                "insert into school_erasmus_codes select ?, school_id, false from schools "
                "where school_id = ?",
                [code, school_id],
            )


def school_history_owners(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[str, str, str | None]]:
    """Each shipped former code with the school it is shipped for and the school that holds it
    in this warehouse (None: no school does); codes a user dropped are left out (their choice
    holds)."""
    owners = dict(
        con.execute("select erasmus_code, school_id from school_erasmus_codes").fetchall()
    )
    has_drops = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'dropped_school_codes'"
    ).fetchone()[0]
    dropped = (
        {row[0] for row in con.execute("select erasmus_code from dropped_school_codes").fetchall()}
        if has_drops  # a warehouse of an older version, read before its upgrade, has none
        else set()
    )
    return [
        (code, row["school_id"], owners.get(code))
        for row in read_csv("school_history.csv")
        if (code := normalise_erasmus_code(row["erasmus_code"])) and code not in dropped
    ]


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a CSV file shipped in warehouse/reference/."""
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@functools.cache
def vocabularies() -> dict[str, dict[str, str]]:
    """The codes the warehouse writes in its columns, by vocabulary, each with its English
    label, in display order (vocabularies.csv): the one place they are defined. The dashboard
    shows the labels, translated in its catalogs with the vocabulary as context."""
    found: dict[str, dict[str, str]] = {}
    for row in read_csv("vocabularies.csv"):
        found.setdefault(row["vocabulary"], {})[row["code"]] = row["label"]
    return found


def resolve_erasmus_codes(con: duckdb.DuckDBPyConnection) -> None:
    """The country of every Erasmus code the warehouse names, into erasmus_code_countries."""
    codes = con.execute(
        """
        select partner_erasmus_code from raw.agreements
        union select partner_erasmus_code from raw.mobilities
        union select erasmus_code from raw.institutions
        union select erasmus_code from school_erasmus_codes
        """
    ).fetchall()
    import polars

    found = {code: geography.erasmus_code_country(code) for (code,) in codes if code}
    frame = polars.DataFrame(
        {"erasmus_code": list(found), "country_iso2": list(found.values())},
        schema={"erasmus_code": polars.String, "country_iso2": polars.String},
    )
    con.execute("delete from erasmus_code_countries")
    # an Arrow stream, as for the countries: executemany takes a statement per row
    con.register("code_countries", frame.__arrow_c_stream__())
    con.execute("insert into erasmus_code_countries by name select * from code_countries")
    con.unregister("code_countries")


def geocode_places(con: duckdb.DuckDBPyConnection) -> None:
    """Locate, in the offline gazetteer, every city named in the warehouse not located yet.

    Places are kept from one write to the next (including the cities not found), so the
    gazetteer is read only for new cities.
    """
    cities = con.execute(
        """
        with named as (
            select partner_city as city, partner_country_iso2 as country_iso2
            from raw.agreements
            union
            select city, country_iso2 from raw.institutions
        )
        select distinct city, country_iso2 from named
        where nullif(trim(city), '') is not null and country_iso2 is not null
          and (city, country_iso2) not in (select (city, country_iso2) from geocoded_places)
        """
    ).fetchall()
    rows = []
    for city, country_iso2 in cities:
        place = gazetteer.geocode(city, country_iso2)
        rows.append(
            (
                city, country_iso2,
                place.name if place else None,
                place.latitude if place else None,
                place.longitude if place else None,
            )
        )  # fmt: skip
    if rows:
        con.executemany("insert into geocoded_places values (?, ?, ?, ?, ?)", rows)


def locate_partners_by_name(con: duckdb.DuckDBPyConnection) -> None:
    """Read a city in the names of partners that no file or registry locates."""
    con.execute("delete from partner_name_places")
    # Mobility names are keyed once per distinct name: a million rows name a few thousand
    # partners, and keying every row cost about a second of a million-row import.
    names = con.execute(
        """
        select partner_country_iso2, name_key(partner_name), min(partner_name)
        from raw.agreements
        where nullif(trim(partner_city), '') is null
        group by all
        union all
        select partner_country_iso2, name_key(partner_name), min(partner_name)
        from (select distinct partner_country_iso2, partner_name from raw.mobilities)
        group by all
        """
    ).fetchall()
    rows = {}
    for country_iso2, key, name in names:
        place = gazetteer.place_in_name(name, country_iso2)
        if place is not None:
            rows[country_iso2, key] = (place.name, place.latitude, place.longitude)
    rows = [(*spelling, *place) for spelling, place in sorted(rows.items())]
    if rows:
        con.executemany("insert into partner_name_places values (?, ?, ?, ?, ?)", rows)


def _refresh_compulsory_stay_rules(con: duckdb.DuckDBPyConnection) -> None:
    """The thresholds graduates are measured by (the schools' rule, the EU benchmark)."""
    con.execute("delete from compulsory_stay_rules")
    con.executemany(
        "insert into compulsory_stay_rules values (?, ?, ?, ?, ?, ?)",
        [
            [
                row["rule"],
                row["school_id"] or None,
                float(row["min_months"]),
                float(row["min_ects"]) if row["min_ects"] else None,
                float(row["target_share"]) if row["target_share"] else None,
                row["source"],
            ]
            for row in read_csv("compulsory_stay_rules.csv")
        ],
    )

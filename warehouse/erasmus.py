"""Erasmus+ rules keyed by call year, and the distance calculator of the travel grant.

The Erasmus+ amounts and limits change with each call's Programme Guide, so they are data, not
code: three reference tables (`erasmus_rules`, `erasmus_distance_bands`, `erasmus_countries`)
shipped as warehouse/reference/erasmus_*.csv and rewritten at every write. A user who needs
other figures (a new call year, the amounts of their National Agency) imports a CSV of the same
shape with `mobility erasmus rules import`: those rows are kept across rebuilds and replace the
shipped row of the same key (see the staging models stg_erasmus_*).

Distances are great-circle (Haversine) distances on a sphere of radius 6,371 km, one way, as the
European Commission's distance calculator computes them. The SQL macro `haversine_km` in
models/macros/erasmus.sql is the same formula; a test keeps the two in agreement.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import gazetteer, geography
from warehouse.codes import normalise_erasmus_code
from warehouse.errors import ImportFileError, WarehouseError
from warehouse.importers._files import check_input

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
EARTH_RADIUS_KM = 6371.0

# Table -> (CSV file shipped, key columns, all columns but origin). A user CSV is recognised by
# its header: the columns of one of the three tables.
TABLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "erasmus_rules": (
        "erasmus_rules.csv",
        ("call_year", "rule"),
        ("call_year", "rule", "value", "unit", "source"),
    ),
    "erasmus_distance_bands": (
        "erasmus_distance_bands.csv",
        ("call_year", "band"),
        (
            "call_year",
            "band",
            "min_km",
            "max_km",
            "standard_travel_eur",
            "green_travel_eur",
            "source",
        ),
    ),  # fmt: skip
    "erasmus_countries": (
        "erasmus_countries.csv",
        ("call_year", "country_iso2"),
        ("call_year", "country_iso2", "programme_status", "region", "country_group", "source"),
    ),
}
_STATUSES = ("eu_member", "associated", "third_country")


# ---------- reference tables


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the shipped Erasmus+ rules from warehouse/reference/; users' rows stay."""
    for table, (file_name, _keys, columns) in TABLES.items():
        rows = _read_rows(REFERENCE_DIR / file_name, table, columns)
        con.execute(f"delete from {table} where origin = 'shipped'")
        _insert(con, table, columns, rows, "shipped")


def import_rules(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, int]:
    """Import a user CSV of rules, distance bands or countries; return (table, rows)."""
    path = Path(path)
    check_input(path)  # a FIFO would wait forever, a device never end
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader(file), [])
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportFileError(path, f"unreadable CSV ({error})", line=1) from None
    header = [column.strip() for column in header]
    table = next(
        (name for name, (_f, _k, columns) in TABLES.items() if set(columns) <= set(header)), None
    )
    if table is None:
        shapes = "; ".join(", ".join(columns) for _f, _k, columns in TABLES.values())
        raise ImportFileError(path, f"unknown columns; expected one of: {shapes}", line=1)
    _file, keys, columns = TABLES[table]
    try:
        rows = _read_rows(path, table, columns)
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportFileError(path, f"unreadable CSV ({error})") from None
    if not rows:
        raise ImportFileError(path, "no rows under the header")
    for row in rows:
        key_clause = " and ".join(f"{key} = ?" for key in keys)
        con.execute(
            f"delete from {table} where origin = 'user' and {key_clause}",
            [row[columns.index(key)] for key in keys],
        )
    _insert(con, table, columns, rows, "user")
    return table, len(rows)


_ROWS_PER_INSERT = 500


def _insert(con, table: str, columns: tuple[str, ...], rows: list[tuple], origin: str) -> None:
    # Many rows to one statement: executemany() runs one statement per row, and the shipped
    # rules are rewritten at every write of the warehouse.
    marks = "(" + ", ".join("?" for _ in columns) + f", '{origin}')"
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        batch = rows[start : start + _ROWS_PER_INSERT]
        con.execute(
            f"insert into {table} ({', '.join(columns)}, origin) "
            f"values {', '.join(marks for _ in batch)}",
            [value for row in batch for value in row],
        )


def _read_rows(path: Path, table: str, columns: tuple[str, ...]) -> list[tuple]:
    """The typed rows of a rules CSV; a bad cell is an ImportFileError naming file and line."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for line, record in enumerate(reader, start=2):
            cells = {key.strip(): (value or "").strip() for key, value in record.items() if key}
            if not any(cells.values()):
                continue
            try:
                rows.append(_typed(table, cells))
            except ValueError as error:
                raise ImportFileError(path, str(error), line=line) from None
    return rows


def _typed(table: str, cells: dict[str, str]) -> tuple:
    if not cells.get("source"):
        raise ValueError("empty source: say where the figure comes from (Programme Guide edition)")
    call_year = _integer(cells, "call_year")
    if not 2014 <= call_year <= 2100:
        raise ValueError(f"call_year {call_year} is not an Erasmus+ call year")
    if table == "erasmus_rules":
        if not cells.get("rule"):
            raise ValueError("empty rule")
        return (call_year, cells["rule"], _number(cells, "value"), cells.get("unit") or "",
                cells["source"])  # fmt: skip
    if table == "erasmus_distance_bands":
        min_km, max_km = _number(cells, "min_km"), _number(cells, "max_km", optional=True)
        if max_km is not None and max_km <= min_km:
            raise ValueError(f"max_km {max_km:g} is not above min_km {min_km:g}")
        return (call_year, _integer(cells, "band"), min_km, max_km,
                _number(cells, "standard_travel_eur"),
                _number(cells, "green_travel_eur", optional=True), cells["source"])  # fmt: skip
    match = geography.resolve_country(cells.get("country_iso2"))
    if match is None or match.method == "fuzzy":
        raise ValueError(f"unknown country {cells.get('country_iso2')!r}")
    status = cells.get("programme_status", "")
    if status not in _STATUSES:
        raise ValueError(f"programme_status {status!r} is not one of {', '.join(_STATUSES)}")
    region = _integer(cells, "region", optional=True)
    group = _integer(cells, "country_group", optional=True)
    if group is not None and group not in (1, 2, 3):
        raise ValueError(f"country_group {group} is not 1, 2 or 3")
    return (call_year, match.country.iso2, status, region, group, cells["source"])


def _number(cells: dict[str, str], column: str, *, optional: bool = False) -> float | None:
    text = cells.get(column, "")
    if not text and optional:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None


def _integer(cells: dict[str, str], column: str, *, optional: bool = False) -> int | None:
    number = _number(cells, column, optional=optional)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"{column} {cells[column]!r} is not a whole number")
    return int(number)


# ---------- distance calculator


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees (Earth radius 6,371 km)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi, half_dlambda = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Band:
    band: int
    min_km: float
    max_km: float | None
    standard_travel_eur: float
    green_travel_eur: float | None

    @property
    def label(self) -> str:
        """'500–1,999 km', '8,000 km and more': as the Programme Guide writes the bands."""
        if self.max_km is None:
            return f"{self.min_km:,.0f} km and more"
        return f"{self.min_km:,.0f}–{self.max_km - 1:,.0f} km"


def band_of(distance_km: float, bands: list[Band]) -> Band | None:
    """The band of a distance rounded to 0.1 km, as shown; None below the first band."""
    shown = round(distance_km, 1)
    return next(
        (b for b in bands if b.min_km <= shown and (b.max_km is None or shown < b.max_km)), None
    )


def bands(con: duckdb.DuckDBPyConnection, call_year: int | None = None) -> tuple[int, list[Band]]:
    """The distance bands in force for a call year (default: the latest with bands)."""
    years = [row[0] for row in con.execute(
        "select distinct call_year from staging.stg_erasmus_distance_bands order by 1"
    ).fetchall()]  # fmt: skip
    if not years:
        raise WarehouseError("no Erasmus+ distance bands in the warehouse")
    if call_year is None:
        call_year = years[-1]
    elif call_year not in years:
        raise WarehouseError(
            f"no distance bands for call year {call_year}; the warehouse has "
            f"{', '.join(map(str, years))} (add others with `mobility erasmus rules import`)"
        )
    rows = con.execute(
        """
        select band, min_km, max_km, standard_travel_eur, green_travel_eur
        from staging.stg_erasmus_distance_bands where call_year = ? order by min_km
        """,
        [call_year],
    ).fetchall()
    return call_year, [Band(*row) for row in rows]


@dataclass(frozen=True)
class Place:
    label: str  # 'Albi (FR)', 'F ALBI05 IMT Mines Albi (Albi, FR)'
    latitude: float
    longitude: float


_CODE_SHAPE = re.compile(r"^[A-Z]{1,3} ?[A-Z][A-Z-]*\d+$")


def locate(con: duckdb.DuckDBPyConnection, text: str) -> Place:
    """A place given as 'City, ISO2' (or 'City, Country') or as an Erasmus code.

    Codes are looked up among the home schools' codes (former ones included), then the registry
    of charter holders, then the partners' codes.
    """
    text = " ".join(text.split())
    if "," in text:
        city, _, country = text.rpartition(",")
        match = geography.resolve_country(country)
        if match is None or not city.strip():
            raise WarehouseError(f"{text!r}: expected 'City, ISO2' such as 'Albi, FR'")
        place = gazetteer.geocode(city.strip(), match.country.iso2)
        if place is None:
            raise WarehouseError(
                f"unknown city {city.strip()!r} in {match.country.name_en} "
                "(not in the offline gazetteer); try the nearest larger town"
            )
        return Place(f"{place.name} ({place.country_iso2})", place.latitude, place.longitude)
    code = normalise_erasmus_code(text) or ""
    if not _CODE_SHAPE.match(code):
        raise WarehouseError(
            f"{text!r}: expected 'City, ISO2' (such as 'Albi, FR') or an Erasmus code"
        )
    found = con.execute(
        """
        select name, city, country_iso2, latitude, longitude from (
            select 1 as rank, schools.name, schools.city, schools.country_iso2,
                   schools.latitude, schools.longitude
            from schools join school_erasmus_codes using (school_id)
            where school_erasmus_codes.erasmus_code = $code
            union all
            select 2, name, city, country_iso2, latitude, longitude
            from institutions where erasmus_code = $code
            union all
            select 3, name, city, country_iso2, latitude, longitude
            from partners where erasmus_code = $code
        )
        order by rank, latitude is null
        limit 1
        """,
        {"code": code},
    ).fetchone()
    if found is None:
        raise WarehouseError(
            f"unknown Erasmus code {code!r}: not a home school's code, not in the registry "
            "(`mobility import institutions`), not a partner's"
        )
    name, city, country_iso2, latitude, longitude = found
    if latitude is None:
        raise WarehouseError(
            f"{code} ({name}): its city {city!r} is not located; give 'City, ISO2'"
        )
    return Place(f"{code} {name} ({city}, {country_iso2})", latitude, longitude)

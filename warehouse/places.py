"""Checking partners' places against the world map: a city placed in the wrong country.

A partner's coordinates are those of a city looked up in the offline gazetteer in the country its
file gives (or the registry's city, or a city read from its name). The lookup cannot notice that
the country itself is wrong: 'Universitat Politècnica de València' written with country VE lands
in Valencia, Venezuela, while its Erasmus code E VALENCI02 says Spain. So every located partner
and home school is measured against the shapes of the countries it is said to be in (its country
and its Erasmus code's country); the public view place_flags lists those lying farther than its
tolerance from either (docs/importing.md "Places on the map").

The shapes are those the dashboard draws its maps with (assets/topojson/world_50m.json, from
plotly.js: UN country shapes keyed by ISO alpha-3 code, see the README there), read offline with
geopandas through GDAL's TopoJSON driver. Three things in them are handled here:

- Rings crossing the 180th meridian (Russia's, Fiji's) come out of the reader jumping from +179.5
  to -180, which on a flat plane draws a band round the globe and left the Kola peninsula and
  Moscow outside Russia: they are split at the meridian (`_split_at_180`).
- Overseas parts are shapes of their own (Réunion, Åland, Puerto Rico…): a place said to be in a
  country counts as inside when it lies in one of the territories listed in `_TERRITORIES`.
- Disputed areas are shapes of their own (Jammu and Kashmir, Aksai Chin, Western Sahara…): a
  place there counts as inside each country that claims them (`_CLAIMED_AREAS`), so Srinagar
  stays in India.

Coarse shapes put coastal and border cities a few kilometres outside: distances are kept in km,
and the view applies the tolerance.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math

import duckdb

from warehouse import geography, resources

SHAPES_FILE = resources.ASSETS_DIR / "topojson" / "world_50m.json"
_METHOD = "1"  # bump when the measuring changes, so that stored measures are taken again

# Territories that ISO 3166-1 lists and the map draws apart from the country they belong to
# (ISO alpha-2 -> its territories), where files name the country: an Erasmus code 'F …' for
# the Université de La Réunion, a country cell 'FR' for a school in Guadeloupe.
_TERRITORIES: dict[str, tuple[str, ...]] = {
    "FR": ("GF", "GP", "MQ", "YT", "RE", "BL", "MF", "PM", "PF", "NC", "TF"),
    "NL": ("AW", "CW", "SX", "BQ"),
    "DK": ("FO", "GL"),
    "FI": ("AX",),
    "NO": ("SJ", "BV"),
    "GB": ("GG", "JE", "IM", "GI", "BM", "KY", "VG", "TC", "AI", "MS", "FK", "SH", "GS", "PN"),
    "US": ("PR", "VI", "GU", "AS", "MP"),
    "AU": ("CX", "CC", "NF", "HM"),
    "NZ": ("CK", "NU", "TK"),
    "CN": ("HK", "MO"),
}

# Disputed areas the map draws apart, and the countries that claim or administer them: a place
# in one counts as in each of these (the check asks whether a city was found in the wrong
# country, not whose the area is). The X ids are areas the map gives to no country.
_CLAIMED_AREAS: dict[str, tuple[str, ...]] = {
    "ESH": ("MA",),  # Western Sahara (ISO EH), most of it administered by Morocco
    "XJK": ("IN", "PK"),  # Jammu and Kashmir
    "XAC": ("CN", "IN"),  # Aksai Chin
    "XAP": ("IN", "CN"),  # Arunachal Pradesh
    "XHT": ("EG", "SD"),  # Hala'ib triangle
    "XBT": ("EG", "SD"),  # Bir Tawil
    "XIT": ("KE", "SS"),  # Ilemi triangle
}

# Half the height of the box round a place in which its distance to a shape is measured in a
# projection centred on it; a shape outside the box is farther than the box's 333 km.
_NEAR_DEGREES = 3.0

_CLAIMS = """
    select latitude, longitude, country_iso2 from marts.located_places
    union
    select latitude, longitude, code_country_iso2 from marts.located_places
    where code_country_iso2 is not null
"""


def shapes_version() -> str | None:
    """What stored measures were taken on: the shapes file's hash and the method; None when
    the file is missing."""
    if not SHAPES_FILE.is_file():
        return None
    digest = hashlib.sha256(SHAPES_FILE.read_bytes()).hexdigest()[:16]
    return f"{SHAPES_FILE.name}:{digest}:{_METHOD}"


def check_places(con: duckdb.DuckDBPyConnection) -> int:
    """Measure the located places not measured yet on the current shapes; return how many.

    Measures are kept from one write to the next, like geocoded places, so that the shapes are
    read (about a second, with geopandas' import) only when a place or a country is new."""
    version = shapes_version()
    if version is None:
        # an installation without the map: places stay unchecked, and the import says so
        con.execute("delete from place_checks")
        return 0
    con.execute(
        f"""
        delete from place_checks
        where shapes_version <> $version
           or (latitude, longitude, country_iso2) not in (
                select (latitude, longitude, country_iso2) from ({_CLAIMS})
           )
        """,
        {"version": version},
    )
    new = con.execute(
        f"""
        select * from ({_CLAIMS}) as claims
        anti join place_checks using (latitude, longitude, country_iso2)
        order by all
        """
    ).fetchall()
    if not new:
        return 0
    measures = measure(new)
    con.executemany(
        "insert into place_checks values (?, ?, ?, ?, ?, ?)",
        [(*claim, map_id, km, version) for claim, (map_id, km) in zip(new, measures, strict=True)],
    )
    return len(new)


def measure(claims: list[tuple[float, float, str]]) -> list[tuple[str | None, float | None]]:
    """For each (latitude, longitude, country_iso2): the id of the map's shape holding the
    point (None at sea) and the distance in km from the point to that country's shapes (0
    inside; None when the map has no shape for the country: San Marino, the Vatican)."""
    import geopandas

    shapes, by_id = _shapes()
    points = geopandas.GeoDataFrame(
        geometry=geopandas.points_from_xy(
            [longitude for _, longitude, _ in claims], [latitude for latitude, _, _ in claims]
        ),
        crs=shapes.crs,
    )
    # one vectorised point-in-polygon pass; neighbours' shapes may overlap by a hair along a
    # border, where the first hit is kept
    hits = points.sjoin(shapes, how="left", predicate="within")
    where = hits["map_id"].groupby(level=0).first().reindex(range(len(claims))).tolist()
    results = []
    for (latitude, longitude, iso2), map_id in zip(claims, where, strict=True):
        map_id = map_id if isinstance(map_id, str) else None  # NaN: at sea
        ids = tuple(sorted(shape_id for shape_id in _ids_of(iso2) if shape_id in by_id))
        if not ids:
            results.append((map_id, None))
        elif map_id in ids:
            results.append((map_id, 0.0))
        else:
            results.append((map_id, _distance_km(_union(ids), latitude, longitude)))
    return results


def _ids_of(iso2: str) -> set[str]:
    """The map's ids of a country's shapes: its own, its territories', the areas it claims."""
    ids = set()
    for code in (iso2, *_TERRITORIES.get(iso2, ())):
        with contextlib.suppress(KeyError):  # a code no ISO country has ('XK'): no shape
            ids.add(geography.country(code).iso3)
    ids.update(area for area, claimants in _CLAIMED_AREAS.items() if iso2 in claimants)
    return ids


@functools.cache
def _shapes():
    """The map's country shapes, one valid (multi)polygon per id, split at the 180th meridian:
    as a GeoDataFrame (map_id, geometry) and as a dict by map_id."""
    import geopandas
    import shapely

    frame = geopandas.read_file(SHAPES_FILE, layer="countries")
    pieces: dict[str, list] = {}
    for map_id, geometry in zip(frame["id"], frame.geometry, strict=True):
        if map_id != "ATA":  # Antarctica's ring runs round the pole along the map's edge
            geometry = _split_at_180(geometry)
        if not geometry.is_valid:  # a few self-intersections (Alaska, the Marshall Islands)
            geometry = shapely.make_valid(geometry)
        pieces.setdefault(map_id, []).append(geometry)
    # a country drawn in several pieces (Spain and the Canaries, Portugal and its islands)
    by_id = {
        map_id: parts[0] if len(parts) == 1 else shapely.union_all(parts)
        for map_id, parts in pieces.items()
    }
    shapes = geopandas.GeoDataFrame(
        {"map_id": list(by_id)}, geometry=list(by_id.values()), crs="EPSG:4326"
    )
    return shapes, by_id


def country_shapes():
    """The map's country shapes as a GeoDataFrame (map_id: ISO alpha-3 or the map's own id,
    geometry), split at the 180th meridian: the management report draws its map with them."""
    return _shapes()[0]


def _split_at_180(geometry):
    """The shape with each ring that jumps across the 180th meridian unwrapped into continuous
    longitudes (past -180), then cut back into -180..180. Rings round a pole need more."""
    import numpy as np
    import shapely

    west, _south, east, _north = geometry.bounds
    if east - west <= 180:
        return geometry
    pieces, crossed = [], False
    for polygon in shapely.get_parts(geometry):
        rings = [np.array(ring.coords) for ring in (polygon.exterior, *polygon.interiors)]
        if not any((np.abs(np.diff(ring[:, 0])) > 180).any() for ring in rings):
            pieces.append(polygon)
            continue
        crossed = True
        for ring in rings:
            jumps = np.diff(ring[:, 0])
            ring[1:, 0] -= 360 * np.cumsum(np.sign(jumps) * (np.abs(jumps) > 180))
        unwrapped = shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))
        for shift in (-360, 0, 360):
            part = shapely.clip_by_rect(unwrapped, -180 - shift, -90, 180 - shift, 90)
            if not part.is_empty:
                pieces.append(shapely.transform(part, lambda xy, shift=shift: xy + [shift, 0]))
    # (the United States span the meridian in separate pieces: nothing to do)
    return shapely.union_all(shapely.make_valid(pieces)) if crossed else geometry


@functools.cache
def _union(ids: tuple[str, ...]):
    import shapely

    _shapes_frame, by_id = _shapes()
    return shapely.union_all([by_id[shape_id] for shape_id in ids])


def _distance_km(shape, latitude: float, longitude: float) -> float:
    """Kilometres from a point to a shape: measured in an azimuthal equidistant projection
    centred on the point (exact distances from it) when the shape comes within the box round
    it; beyond, along the ellipsoid to the nearest point on a flat map, which is enough to say
    how far off a place is (hundreds or thousands of km; more than it is across the 180th
    meridian, where the flat map's nearest point may lie on the wrong side)."""
    import pyproj
    import shapely

    half_width = min(180.0, _NEAR_DEGREES / max(math.cos(math.radians(latitude)), 0.05))
    # a box reaching past the 180th meridian is measured from the point's copy on the other
    # side too (Fiji's shapes lie on both sides)
    centres = [longitude]
    if longitude + half_width > 180:
        centres.append(longitude - 360)
    if longitude - half_width < -180:
        centres.append(longitude + 360)
    nearby = []
    for centre in centres:
        near = shapely.clip_by_rect(
            shape, centre - half_width, latitude - _NEAR_DEGREES, centre + half_width,
            latitude + _NEAR_DEGREES,
        )  # fmt: skip
        if near.is_empty:
            continue
        projection = pyproj.Transformer.from_crs(
            "EPSG:4326",
            f"+proj=aeqd +lat_0={latitude} +lon_0={centre} +datum=WGS84 +units=km",
            always_xy=True,
        )
        projected = shapely.transform(near, projection.transform, interleaved=False)
        nearby.append(projected.distance(shapely.Point(0, 0)))
    # every side of the box is at least ~300 km away: a nearer part would be in it
    if nearby and min(nearby) <= 300:
        return min(nearby)
    nearest = shapely.shortest_line(shapely.Point(longitude, latitude), shape).coords[-1]
    _forward, _back, metres = pyproj.Geod(ellps="WGS84").inv(
        longitude, latitude, nearest[0], nearest[1]
    )
    return metres / 1000

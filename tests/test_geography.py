"""Countries, regions and the offline gazetteer (warehouse.geography)."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from babel import Locale

from tests.conftest import SHARED
from warehouse import gazetteer, geography
from warehouse.gazetteer import geocode, normalise_place_name
from warehouse.geography import (
    countries,
    countries_frame,
    country,
    resolve_country,
)

# ---------- resolve_country

MUST_RESOLVE = [
    ("Finland", "FI"),
    ("Finlande", "FI"),
    ("Finlandia", "FI"),
    ("FI", "FI"),
    ("FIN", "FI"),
    ("SF", "FI"),
    ("fi - finland", "FI"),
    ("Allemagne", "DE"),
    ("Alemania", "DE"),
    ("D", "DE"),
    ("Deutschland", "DE"),
    ("España", "ES"),
    ("Espagne", "ES"),
    ("E", "ES"),
    ("Royaume-Uni", "GB"),
    ("Reino Unido", "GB"),
    ("United Kingdom", "GB"),
    ("UK", "GB"),
    ("IRL", "IE"),
    ("Ireland", "IE"),
    ("Irlande", "IE"),
    ("États-Unis", "US"),
    ("Estados Unidos", "US"),
    ("Corée du Sud", "KR"),
    ("Republic of Korea", "KR"),
    ("KR - Republic of Korea", "KR"),
    ("CZ - Czech Republic", "CZ"),
    ("TR - Turkey", "TR"),
    ("CI - Côte d'Ivoire", "CI"),
    ("HK - Hong Kong", "HK"),
    ("TW - Taiwan", "TW"),
    ("Maroc", "MA"),
    ("Marruecos", "MA"),
    ("Brésil", "BR"),
    ("Brasil", "BR"),
    ("Chine", "CN"),
    ("Japon", "JP"),
    ("Japón", "JP"),
    ("Italie", "IT"),
    ("Italia", "IT"),
    ("Pays-Bas", "NL"),
    ("Países Bajos", "NL"),
    ("Belgique", "BE"),
    ("Bélgica", "BE"),
    ("Suisse", "CH"),
    ("Suiza", "CH"),
    ("Canada", "CA"),
    ("Canadá", "CA"),
    ("Mexique", "MX"),
    ("México", "MX"),
    ("Vietnam", "VN"),
    ("Viêt Nam", "VN"),
    ("Finalde", "FI"),
]


@pytest.mark.parametrize(("text", "iso2"), MUST_RESOLVE)
def test_resolve_country_reads_codes_prefixes_and_names_in_several_languages(text, iso2):
    match = resolve_country(text)
    assert match is not None, text
    assert match.country.iso2 == iso2


@pytest.mark.parametrize(
    ("text", "iso2", "method"),
    [
        ("FI", "FI", "iso2"),
        ("fi", "FI", "iso2"),
        ("FIN", "FI", "iso3"),
        ("SF", "FI", "erasmus_prefix"),
        ("UK", "GB", "erasmus_prefix"),
        ("LUX", "LU", "iso3"),
        ("fi - finland", "FI", "iso2"),
        ("  Finlande ", "FI", "name"),
        ("The Netherlands", "NL", "name"),
        ("Korea, Republic of", "KR", "name"),
        ("Iran (Islamic Republic of)", "IR", "name"),
    ],
)
def test_resolve_country_says_how_it_read_the_cell(text, iso2, method):
    match = resolve_country(text)
    assert (match.country.iso2, match.method, match.score) == (iso2, method, 100.0)


def test_resolve_country_reads_a_misspelling_as_fuzzy_with_its_score():
    match = resolve_country("Finalde")
    assert match.country.iso2 == "FI"
    assert match.method == "fuzzy"
    assert 80.0 <= match.score < 100.0


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "Xyzzy", "Total", "TOTAL", "Grand total", "Somme", "Aalto University"],
)
def test_resolve_country_leaves_blanks_totals_garbage_and_institutions_alone(text):
    assert resolve_country(text) is None


@pytest.mark.parametrize(("text", "iso2"), [("UK - United Kingdom", "GB"), ("XX - France", "FR")])
def test_resolve_country_falls_back_on_the_name_when_the_code_before_the_dash_is_unknown(
    text, iso2
):
    match = resolve_country(text)
    assert (match.country.iso2, match.method) == (iso2, "name")


def test_resolve_country_refuses_a_name_two_countries_share():
    assert resolve_country("Virgin Islands") is None


def test_resolve_country_refuses_a_misspelling_close_to_two_countries():
    assert resolve_country("Austrlia") is None  # Australia or Austria?


def test_resolve_country_prefers_a_full_iso_name_over_a_shortened_one():
    # ISO names CG 'Congo'; CD is 'Congo, The Democratic Republic of the'.
    assert resolve_country("Congo").country.iso2 == "CG"
    assert resolve_country("République démocratique du Congo").country.iso2 == "CD"


@pytest.mark.parametrize(("variant", "iso2"), sorted(geography._NAME_VARIANTS.items()))
def test_every_added_name_variant_is_one_the_libraries_do_not_resolve(variant, iso2):
    codes = geography.library_codes(variant)
    assert len(codes) != 1, f"{variant!r} is already known to the libraries as {set(codes)}"
    assert resolve_country(variant).country.iso2 == iso2


# ---------- Erasmus prefixes


def _prefix_rows() -> list[dict[str, str]]:
    path = geography.REFERENCE_DIR / "erasmus_country_prefixes.csv"
    with open(path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_erasmus_prefix_file_lists_each_prefix_once_with_a_real_country_and_where_seen():
    rows = _prefix_rows()
    assert list(rows[0]) == ["prefix", "country_iso2", "seen_in"]
    # the 34 of the first version, Switzerland, the old Liechtenstein FL, Belgium's BE and three
    # communities, and the candidate countries of the 2021-27 charter list (AL, BA, ME, XK)
    assert len(rows) == 44
    assert len({row["prefix"] for row in rows}) == len(rows)
    for row in rows:
        assert country(row["country_iso2"]).iso2 == row["country_iso2"]
        assert row["seen_in"], row["prefix"]


@pytest.mark.parametrize(
    ("code", "iso2"),
    [
        ("CH LAUSANN06", "CH"),  # 17 Swiss partners lost their country before
        ("CH  ZURICH01", "CH"),
        ("FL VADUZ01", "LI"),
        ("LI VADUZ01", "LI"),
        ("IS REYKJAV01", "IS"),
        ("N  OSLO01", "NO"),
        ("TR ANKARA03", "TR"),
        ("MK SKOPJE01", "MK"),
        ("RS BELGRAD02", "RS"),
        ("UK LONDON029", "GB"),
        ("SF HELSINK01", "FI"),
        ("G  ATHINE42", "GR"),
        ("F\xa0 ALBI05", "FR"),
        ("IRLDUBLIN04", "IE"),  # three-letter prefixes carry no space
        ("IRL DUBLIN04", "IE"),
        ("LUXLUX-VIL01", "LU"),
        ("BENLXX", "BE"),  # the EC statistics' placeholders of Belgium's communities
        ("BEFR BRUXEL04", "BE"),
        ("XK PRISHTI01", "XK"),
        ("RSPROKUP01", "RS"),  # a two-letter prefix without its space, in the 2021-27 list
        ("BE BRUGGE11", "BE"),
    ],
)
def test_erasmus_code_country_reads_every_prefix_of_the_code_system(code, iso2):
    assert geography.erasmus_code_country(code) == iso2


@pytest.mark.parametrize("code", ["EURFIESOLE01", "ZZ NOWHERE01", "", None, "EU"])
def test_erasmus_code_country_says_none_rather_than_guess(code):
    # 'EURFIESOLE01' (the European University Institute before it became I FIESOLE01) starts
    # with E, Spain's prefix: unpadded codes only ever start with a 3- or 4-letter prefix
    assert geography.erasmus_code_country(code) is None


def test_every_code_of_the_charter_lists_has_the_country_the_list_gives():
    """The prefixes agree with the EC's own country column, on the real lists."""
    euc = SHARED / "data" / "ec-erasmus-students-2008-2013" / "euc-2007-2013.json"
    eche = SHARED / "data" / "eche-2021-2027" / "destinations.csv"
    if not euc.exists() or not eche.exists():
        pytest.skip(f"{euc.parent.parent} is absent: the real lists live in ../shared/data")
    pairs = [(r["institutional_code"], r["country"]) for r in json.loads(euc.read_text())]
    with open(eche, encoding="cp1252", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))[2:]
    pairs += [(row[1], row[8]) for row in rows]
    differ = Counter(
        (geography.erasmus_code_country(code), resolve_country(given).country.iso2)
        for code, given in pairs
        if geography.erasmus_code_country(code) != resolve_country(given).country.iso2
    )
    # the code system's country is the programme country: a French code for a school on La
    # Réunion, an Italian one in San Marino, a Belgian one for a Dutch campus
    assert differ == {("FR", "RE"): 1, ("IT", "SM"): 1, ("BE", "NL"): 1}
    assert len(pairs) == 4919 + 5912


@pytest.mark.parametrize(
    ("text", "iso2", "method"),
    [("EL", "GR", "eu_code"), ("UK", "GB", "erasmus_prefix"), ("XK", "XK", "iso2"),
     ("Kosovo", "XK", "name")],
)  # fmt: skip
def test_the_eu_country_codes_and_kosovo_resolve(text, iso2, method):
    match = resolve_country(text)
    assert (match.country.iso2, match.method) == (iso2, method)
    assert country("XK").region_code == "150"


def test_erasmus_prefixes_that_are_also_iso_codes_name_the_same_country():
    # This is what lets resolve_country try ISO codes before prefixes.
    by_iso2 = {c.iso2: c.iso2 for c in countries()}
    by_iso3 = {c.iso3: c.iso2 for c in countries()}
    for prefix, iso2 in geography.erasmus_prefixes().items():
        assert by_iso2.get(prefix, iso2) == iso2, prefix
        assert by_iso3.get(prefix, iso2) == iso2, prefix


@pytest.mark.parametrize(
    ("prefix", "iso2"),
    [("D", "DE"), ("F", "FR"), ("E", "ES"), ("SF", "FI"), ("IRL", "IE"), ("UK", "GB"),
     ("G", "GR"), ("A", "AT"), ("B", "BE"), ("I", "IT"), ("N", "NO"), ("P", "PT"),
     ("S", "SE"), ("LUX", "LU")],
)  # fmt: skip
def test_resolve_country_reads_erasmus_country_prefixes(prefix, iso2):
    assert resolve_country(prefix).country.iso2 == iso2


# ---------- countries and regions


@pytest.mark.parametrize(
    ("iso2", "region_code"),
    [
        ("FR", "150"),
        ("US", "021"),
        ("BR", "419"),
        ("MA", "002"),
        ("LB", "145"),
        ("JP", "142"),
        ("AU", "009"),
        ("TR", "145"),  # CLDR, like the UN, puts Türkiye in Western Asia
        ("CY", "145"),  # and Cyprus too
        ("MX", "419"),
        ("CU", "419"),
        ("KZ", "142"),
        ("IN", "142"),
        ("GB", "150"),
        ("RU", "150"),
        ("NZ", "009"),
    ],
)
def test_each_country_belongs_to_its_cldr_region(iso2, region_code):
    assert country(iso2).region_code == region_code


def test_region_names_come_from_cldr_in_english_and_french():
    assert (country("BR").region_en, country("BR").region_fr) == (
        Locale("en").territories["419"],
        Locale("fr").territories["419"],
    )
    assert country("BR").region_en == "Latin America"
    assert country("LB").region_fr == "Asie de l’Ouest"


def test_antarctica_has_no_region_but_still_a_region_name():
    antarctica = country("AQ")
    assert (antarctica.region_code, antarctica.region_en, antarctica.region_fr) == (
        "",
        "Other",
        "Autre",
    )


def test_every_other_country_has_exactly_one_region():
    assert [c.iso2 for c in countries() if not c.region_code] == ["AQ"]


def test_the_region_table_only_names_iso_countries_each_once():
    known = {c.iso2 for c in countries()}
    with open(geography.REFERENCE_DIR / "m49_subregions.csv", encoding="utf-8") as file:
        listed = [row["country_iso2"] for row in csv.DictReader(file)]
    assert set(listed) <= known
    assert len(listed) == len(set(listed))
    assert set(listed) == known - {"AQ"}


# Where the UN's M49 page (unstats.un.org/unsd/methodology/m49) and CLDR disagree with
# country_converter 1.3: Nauru is in Micronesia (057), which country_converter puts in Polynesia.
CONVERTER_ERRATA = {"NR": "Polynesia"}


def test_the_m49_sub_regions_are_country_converters():
    """reference/m49_subregions.csv, country by country, against country_converter's UN regions
    (its data file read as text: the package itself needs pandas, the bench extra's)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("country_converter")
    assert spec is not None, "pip install country-converter (the test extra)"
    data = Path(spec.submodule_search_locations[0]) / "country_data.tsv"
    with open(data, encoding="utf-8") as file:
        theirs = {
            row["ISO2"].strip("^$").split("$|^")[0]: row["UNregion"]
            for row in csv.DictReader(file, delimiter="\t")
            if row["ISO2"] and row["UNregion"] and not row["obsolete"]
        }
    with open(geography.REFERENCE_DIR / "m49_subregions.csv", encoding="utf-8") as file:
        ours = {row["country_iso2"]: row["subregion_name"] for row in csv.DictReader(file)}
        file.seek(0)
        codes = {(row["subregion_code"], row["subregion_name"]) for row in csv.DictReader(file)}
    differing = {iso2: theirs.get(iso2) for iso2 in ours if theirs.get(iso2) != ours[iso2]}
    assert differing == CONVERTER_ERRATA
    assert set(theirs) - set(ours) == {"AQ"}  # Antarctica: no region, on purpose
    assert len(codes) == len({code for code, _name in codes}) == 22  # one name per code


def test_countries_are_every_iso_country_sorted_by_code():
    codes = [c.iso2 for c in countries()]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes)) >= 249


def test_country_names_come_from_cldr_in_three_languages():
    finland = country("FI")
    assert (finland.iso3, finland.name_en, finland.name_fr, finland.name_es) == (
        "FIN",
        "Finland",
        "Finlande",
        "Finlandia",
    )
    assert country("CZ").name_en == Locale("en").territories["CZ"]


def test_country_accepts_lower_case_and_rejects_unknown_codes():
    assert country("fr").iso2 == "FR"
    with pytest.raises(KeyError):
        country("XX")


def test_countries_frame_has_one_complete_row_per_country():
    frame = countries_frame()
    assert frame.columns == [
        "country_iso2",
        "country_iso3",
        "country_name",
        "country_name_fr",
        "country_name_es",
        "region_code",
        "region_name",
        "region_name_fr",
    ]
    assert 245 <= frame.height <= 260
    assert frame["country_iso2"].n_unique() == frame.height
    assert frame.null_count().sum_horizontal().item() == 0
    for column in ("country_name", "country_name_fr", "country_name_es", "region_name"):
        assert (frame[column] != "").all(), column
    assert frame.filter(frame["country_iso2"] == "FR")["country_name_fr"].item() == "France"


# ---------- gazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ALBI CEDEX 09", "albi"),
        ("Alès", "ales"),
        ("VILLENEUVE-D'ASCQ CEDEX", "villeneuve d ascq"),
        ("Villeneuve d’Ascq", "villeneuve d ascq"),
        ("St-Etienne", "saint etienne"),
        ("Saint-Étienne", "saint etienne"),
        ("St. Etienne", "saint etienne"),
        ("Ste-Foy", "sainte foy"),
        ("91120 Palaiseau", "palaiseau"),
        ("Paris 75005", "paris"),
        ("D-80333 München", "munchen"),
        ("Orsay (Paris-Saclay)", "orsay"),
        ("  Évry  ", "evry"),
        ("København", "kobenhavn"),
        ("Αθήνα", ""),
    ],
)
def test_normalise_place_name_drops_accents_punctuation_and_postal_noise(text, expected):
    assert normalise_place_name(text) == expected


@pytest.mark.parametrize(
    "city",
    [
        "Albi",
        "ALBI CEDEX 09",
        "Alès",
        "ALES",
        "Ales",
        "Villeneuve d'Ascq",
        "VILLENEUVE-D'ASCQ CEDEX",
        "Saint-Étienne",
        "St-Etienne",
        "Palaiseau",
        "Évry",
        "EVRY",
        "Nantes",
        "Brest",
        "Plouzané",
        "Douai",
        "Paris",
    ],
)
def test_geocode_finds_french_cities_however_they_are_written(city):
    place = geocode(city, "FR")
    assert place is not None, city
    assert place.country_iso2 == "FR"
    assert normalise_place_name(city).split()[0] in normalise_place_name(place.name)


@pytest.mark.parametrize(
    ("local", "english", "iso2"),
    [
        ("München", "Munich", "DE"),
        ("Lisboa", "Lisbon", "PT"),
        ("Athína", "Athens", "GR"),
        ("Wien", "Vienna", "AT"),
    ],
)
def test_geocode_knows_local_and_english_names_of_the_same_city(local, english, iso2):
    place = geocode(local, iso2)
    assert place is not None
    assert place == geocode(english, iso2)


@pytest.mark.parametrize(
    ("city", "iso2", "latitude", "longitude"),
    [
        ("Albi", "FR", 43.93, 2.15),
        ("Alès", "FR", 44.12, 4.08),
        ("Villeneuve d'Ascq", "FR", 50.62, 3.17),
        ("Montréal", "CA", 45.51, -73.59),
        ("Madrid", "ES", 40.42, -3.70),
        ("Mons", "BE", 50.45, 3.95),
    ],
)
def test_geocode_places_cities_where_they_are(city, iso2, latitude, longitude):
    place = geocode(city, iso2)
    assert place.latitude == pytest.approx(latitude, abs=0.1)
    assert place.longitude == pytest.approx(longitude, abs=0.1)


def test_geocode_stays_inside_the_country_it_is_given():
    italian = geocode("Albi", "IT")
    assert italian.country_iso2 == "IT"
    assert italian.latitude == pytest.approx(39.02, abs=0.1)


@pytest.mark.parametrize(
    ("city", "iso2"),
    [("Nowhereville", "FR"), ("", "FR"), ("   ", "FR"), (None, "FR"), ("Paris", "")],
)
def test_geocode_returns_none_rather_than_guessing(city, iso2):
    assert geocode(city, iso2) is None


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Paris / Saclay", "Paris"),
        ("Nowhereville, Brest", "Brest"),
        ("Sophia Antipolis - Biot", "Biot"),
    ],
)
def test_geocode_tries_each_part_of_a_compound_city_cell(city, expected):
    assert geocode(city, "FR").name == expected


@pytest.mark.parametrize(
    ("name", "country_iso2", "city"),
    [
        ("University of Trento", "IT", "Trento"),
        ("Politecnico di Milano", "IT", "Milan"),
        ("Federal University of Rio de Janeiro", "BR", "Rio de Janeiro"),
        ("Technische Universitaet Graz", "AT", "Graz"),
        ("UNIVERSITY COLLEGE DUBLIN", "IE", "Dublin"),
        ("Keio University", "JP", None),
        ("Universidad Nacional de Colombia", "CO", None),
        ("Universidade Federal de Santa Catarina", "BR", None),  # a state, not a town
        ("Colorado School of Mines", "US", None),
        ("University of Trento", None, None),
    ],
)
def test_place_in_name_reads_a_city_named_in_an_institution_name(name, country_iso2, city):
    place = gazetteer.place_in_name(name, country_iso2)
    assert (place.name if place else None) == city

"""Translations: gettext catalogs extracted from the code, every former French text kept,
plurals, the vocabularies defined once, coverage per language."""

from __future__ import annotations

import csv
import gettext
import io

import pytest
from babel import Locale

from dashboard import catalogs
from dashboard.catalogs import compiled
from dashboard.filters import ACTIVITIES, DIRECTIONS, REGIONS, Filters
from dashboard.i18n import LANGUAGES, LOCALE_DIR, grid_text, translator
from warehouse import db, geography
from warehouse.reference import vocabularies

from .conftest import DATA

# Every label of the former hand-written table (dashboard/i18n.py's LABELS, 486 keys, and AG
# Grid's French words), with the English and the French the pages showed, and how the key is
# written now: its message id, context and plural.
with open(DATA / "i18n" / "former_labels.csv", encoding="utf-8") as _file:
    FORMER = list(csv.DictReader(_file))
# labels of that table no page used: they are not messages any more ("Language" is again: it
# names the language switch for screen readers; "in {year}" too: the overview says the period;
# the map's hover says each figure's own period instead of "Partners in {year}")
NEVER_SHOWN = {"data.col.disagreement", "access.small_counts", "map.hover.partners"}


def _shown(row: dict, lang: str) -> str:
    t = translator(lang)
    if row["msgid_plural"]:
        # the former text was the plural form, whatever the count: 2 takes it in both languages
        return t.ngettext(row["msgid"], row["msgid_plural"], 2)
    if row["context"]:
        return t.pgettext(row["context"], row["msgid"])
    return t(row["msgid"])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_former_label_reads_as_the_pages_showed_it(lang):
    assert len(FORMER) == 486 + 59
    changed = [
        (row["key"], row[lang], _shown(row, lang))
        for row in FORMER
        if row[lang] and row["key"] not in NEVER_SHOWN and _shown(row, lang) != row[lang]
    ]
    assert changed == []
    template = _ids(catalogs.read(catalogs.POT))
    dropped = {
        row["key"] for row in FORMER if (row["msgid"], row["context"] or None) not in template
    }
    assert dropped == NEVER_SHOWN


def _ids(catalog) -> set[tuple]:
    """(msgid, context) of each message; a plural's msgid is its singular."""
    return {
        (message.id[0] if isinstance(message.id, tuple) else message.id, message.context)
        for message in catalog
        if message.id
    }


def test_the_template_is_up_to_date_with_the_code(tmp_path):
    """A message added to the code without `python -m dashboard.catalogs extract` fails here."""
    fresh = catalogs.extract(tmp_path / "messages.pot")
    committed = catalogs.read(catalogs.POT)
    added, dropped = _ids(fresh) - _ids(committed), _ids(committed) - _ids(fresh)
    assert (added, dropped) == (set(), set()), (
        "dashboard/locale/messages.pot is out of date: run `python -m dashboard.catalogs "
        "extract` then `update` (docs/translating.md)"
    )
    assert len(_ids(fresh)) > 400


def test_every_catalog_holds_the_template_messages_and_compiles():
    template = _ids(catalogs.read(catalogs.POT))
    for lang in catalogs.languages():
        catalog = catalogs.read(catalogs.po_path(lang))
        assert _ids(catalog) == template, lang  # `python -m dashboard.catalogs update`
        mo = gettext.GNUTranslations(io.BytesIO(compiled(catalogs.po_path(lang))))
        assert mo.info()["language"] == lang


def test_coverage_per_language(capsys):
    coverage = catalogs.coverage()
    with capsys.disabled():
        for lang, (done, total) in coverage.items():
            print(f"\ncatalog {lang}: {done} of {total} messages translated ({done / total:.0%})")
    assert set(coverage) == set(LANGUAGES) - {"en"} | set(coverage)
    assert coverage["fr"][0] == coverage["fr"][1]  # French is complete
    assert 0 < coverage["es"][0] < coverage["es"][1]  # Spanish, a partial proof


def test_a_message_spanish_lacks_shows_in_english_and_one_it_has_in_spanish():
    t = translator("es")
    assert t("World map") == "Mapa del mundo"
    untranslated = [
        message.id
        for message in catalogs.read(catalogs.po_path("es"))
        if message.id and not message.string and isinstance(message.id, str) and not message.context
    ]
    assert untranslated and t(untranslated[0]) == untranslated[0]
    assert translator("de")("World map") == "World map"  # no catalog: English


def test_plurals_follow_each_language():
    en, fr = translator("en"), translator("fr")
    one, many = "{count} failed check", "{count} failed checks"
    assert en.ngettext(one, many, 1, count=1) == "1 failed check"
    assert en.ngettext(one, many, 0, count=0) == "0 failed checks"
    assert fr.ngettext(one, many, 1, count=1) == "1 contrôle en échec"
    # French counts zero in the singular
    assert fr.ngettext(one, many, 0, count=0) == "0 contrôle en échec"
    assert fr.ngettext(one, many, 3, count=3) == "3 contrôles en échec"


def test_one_english_text_with_two_french_ones_has_a_context():
    fr = translator("fr")
    assert fr("Ratio in / out") == "Ratio entrants / sortants"
    assert fr.pgettext("indicators", "Ratio in / out") == "Rapport entrants / sortants"


def test_vocabularies_are_the_filters_and_their_labels():
    assert DIRECTIONS == ("all", "outgoing", "incoming")
    assert ACTIVITIES == (
        "study", "traineeship", "double_degree", "staff_teaching", "staff_training", "other",
    )  # fmt: skip
    assert tuple(geography._REGIONS) == REGIONS  # the regions the warehouse assigns countries to
    fr = translator("fr")
    assert fr.label("activity", "staff_teaching") == "Personnel : enseignement"
    assert fr.label("agreement_type", "other") == "Autre"
    assert fr.label("activity", "no_such_code") == "no_such_code"
    # regions are named by CLDR, in any language, their English label in the table is CLDR's
    for code, english in vocabularies()["region"].items():
        assert Locale("en").territories[code] == english
    assert fr.label("region", "419") == "Amérique latine"
    assert translator("es").label("region", "419") == "Latinoamérica"


def test_the_codes_the_demo_warehouse_writes_are_in_the_vocabularies(demo_warehouse):
    with db.connect() as con:
        found = {
            "activity": "select distinct activity from mobilities",
            "direction": "select distinct direction from mobilities",
            "agreement_type": "select distinct agreement_type from agreements",
            "signatory_level": "select distinct signatory_level from agreements",
            "agreement_status": "select distinct status from agreements",
            "mobility_type": "select distinct mobility_type from agreement_quotas",
            "check": "select distinct check_code from erasmus_check_failures",
        }
        for vocabulary, sql in found.items():
            codes = {row[0] for row in con.execute(sql).fetchall() if row[0] is not None}
            assert codes and codes <= set(vocabularies()[vocabulary]), vocabulary


def test_grid_words_come_from_the_catalogs():
    assert grid_text("en") == {}
    french = grid_text("fr")
    assert french["pageSizeSelectorLabel"] == "Lignes par page :" and len(french) == 66
    # the words AG Grid gives screen readers too
    assert french["ariaPageSizeSelectorLabel"] == "Lignes par page"


def test_a_language_without_a_catalog_is_not_offered():
    assert Filters.from_query("?lang=de").lang == "en"
    for lang in LANGUAGES:
        assert Filters.from_query(f"?lang={lang}").lang == lang
    assert {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")} == set(
        LANGUAGES
    ) - {"en"}


def test_the_build_compiles_the_catalogs_into_the_wheel(tmp_path):
    written = catalogs.compile_all(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        f"{lang}/LC_MESSAGES/messages.mo" for lang in catalogs.languages()
    ]
    with open(written[0], "rb") as file:
        assert gettext.GNUTranslations(file).gettext("World map") != "World map"

"""The dashboard's words in the language of the request, from gettext catalogs.

The English text in the code is the message id: a page takes the translator of its filters'
language once and writes its words through it::

    t = translator(filters.lang)
    t("World map")
    t("Agreements in {year}", year=year)  # placeholders filled after translation
    t.ngettext("{count} failed check", "{count} failed checks", count, count=shown)
    t.pgettext("indicators", "Ratio in / out")  # one English text, two French ones
    t.label("activity", "double_degree")  # a code of warehouse/reference/vocabularies.csv

Translations live in dashboard/locale/<lang>/LC_MESSAGES/messages.po (docs/translating.md says
how to extract, translate and add a language). A message a catalog does not translate yet is
shown in English, the source language. Country and region names are not in the catalogs:
they come from CLDR, in the warehouse (country_name_fr) and through babel.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel import Locale

from dashboard import catalogs
from dashboard.catalogs import compiled
from warehouse.reference import vocabularies

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# The languages the language switch offers, each with a catalog in LOCALE_DIR but English.
LANGUAGES = ("en", "fr", "es")


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined (a table of labels); it is
    translated where it is shown, with t(message)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """N_ for a message with a context: t(NP_(context, message)) is
    t.pgettext(context, message)."""
    return (context, message)


class Translator:
    """The words of one language: gettext's lookups, and the labels of the vocabularies."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._translations = translations

    def __call__(self, message: str | tuple[str, str], /, **values) -> str:
        """`message` in this language, its {placeholders} filled with `values` (a message
        marked with NP_ is a (context, message) pair)."""
        if isinstance(message, tuple):
            return self.pgettext(*message, **values)
        return _filled(self._translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values) -> str:
        """The form of `singular`/`plural` this language uses for `n` things."""
        return _filled(self._translations.ngettext(singular, plural, n), values)

    def pgettext(self, context: str, message: str, /, **values) -> str:
        """`message` where `context` tells it apart from the same English elsewhere."""
        return _filled(self._translations.pgettext(context, message), values)

    def label(self, vocabulary: str, code: str) -> str:
        """The label of a code of warehouse/reference/vocabularies.csv (its code if unknown);
        the vocabulary is the message's context. Region names come from CLDR."""
        if vocabulary == "region":
            return region_name(code, self.lang)
        english = vocabularies().get(vocabulary, {}).get(code)
        if english is None:
            return code
        return self._translations.pgettext(vocabulary, english)

    def labels(self, vocabulary: str) -> dict[str, str]:
        """Every code of a vocabulary with its label, in the reference table's order."""
        return {code: self.label(vocabulary, code) for code in vocabularies()[vocabulary]}


@functools.cache
def is_complete(lang: str) -> bool:
    """Whether the catalog of `lang` translates every message (English is the source)."""
    if lang == SOURCE_LANGUAGE:
        return True
    done, total = catalogs.coverage().get(lang, (0, 1))
    return done == total


def _filled(text: str, values: dict) -> str:
    return text.format(**values) if values else text


@functools.cache
def translator(lang: str) -> Translator:
    """The translator of `lang` (English for a language without a catalog)."""
    return Translator(lang, catalog(lang))


def catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang`: its .mo when it is as recent as its .po (a wheel carries
    them, see dashboard/catalogs.py), otherwise the .po compiled in memory, so that a checkout
    or an editable install shows a translation as soon as it is saved."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if lang == SOURCE_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as file:
            return gettext.GNUTranslations(file)
    return gettext.GNUTranslations(io.BytesIO(compiled(po)))


def region_name(code: str, lang: str) -> str:
    """A UN M49 region's name in `lang`, from CLDR."""
    return Locale.parse(lang).territories.get(code, code)


def country_column(lang: str) -> str:
    """The column of country names to show."""
    return "country_name_fr" if lang == "fr" else "country_name"


def region_column(lang: str) -> str:
    return "region_name_fr" if lang == "fr" else "region_name"


# AG Grid's own words (pagination, filter menus, column menus), by its localeText key, with
# AG Grid's English, which it shows when given no localeText; translated in the context "grid".
GRID_TEXT = {
    "page": NP_("grid", "Page"),
    "of": NP_("grid", "of"),
    "to": NP_("grid", "to"),
    "more": NP_("grid", "more"),
    "pageSizeSelectorLabel": NP_("grid", "Page Size:"),
    "firstPage": NP_("grid", "First Page"),
    "previousPage": NP_("grid", "Previous Page"),
    "nextPage": NP_("grid", "Next Page"),
    "lastPage": NP_("grid", "Last Page"),
    "pageLastRowUnknown": NP_("grid", "?"),
    "noRowsToShow": NP_("grid", "No Rows To Show"),
    "loadingOoo": NP_("grid", "Loading..."),
    "searchOoo": NP_("grid", "Search..."),
    "filterOoo": NP_("grid", "Filter..."),
    "selectAll": NP_("grid", "(Select All)"),
    "blanks": NP_("grid", "(Blanks)"),
    "equals": NP_("grid", "Equals"),
    "notEqual": NP_("grid", "Does not equal"),
    "contains": NP_("grid", "Contains"),
    "notContains": NP_("grid", "Does not contain"),
    "startsWith": NP_("grid", "Begins with"),
    "endsWith": NP_("grid", "Ends with"),
    "blank": NP_("grid", "Blank"),
    "notBlank": NP_("grid", "Not blank"),
    "lessThan": NP_("grid", "Less than"),
    "greaterThan": NP_("grid", "Greater than"),
    "lessThanOrEqual": NP_("grid", "Less than or equal to"),
    "greaterThanOrEqual": NP_("grid", "Greater than or equal to"),
    "inRange": NP_("grid", "Between"),
    "inRangeStart": NP_("grid", "From"),
    "inRangeEnd": NP_("grid", "To"),
    "before": NP_("grid", "Before"),
    "after": NP_("grid", "After"),
    "andCondition": NP_("grid", "AND"),
    "orCondition": NP_("grid", "OR"),
    "applyFilter": NP_("grid", "Apply"),
    "resetFilter": NP_("grid", "Reset"),
    "clearFilter": NP_("grid", "Clear"),
    "cancelFilter": NP_("grid", "Cancel"),
    "textFilter": NP_("grid", "Text Filter"),
    "numberFilter": NP_("grid", "Number Filter"),
    "dateFilter": NP_("grid", "Date Filter"),
    "filterConditions": NP_("grid", "Conditions"),
    "columns": NP_("grid", "Columns"),
    "pinColumn": NP_("grid", "Pin Column"),
    "pinLeft": NP_("grid", "Pin Left"),
    "pinRight": NP_("grid", "Pin Right"),
    "noPin": NP_("grid", "No Pin"),
    "autosizeThisColumn": NP_("grid", "Autosize This Column"),
    "autosizeAllColumns": NP_("grid", "Autosize All Columns"),
    "resetColumns": NP_("grid", "Reset Columns"),
    "sortAscending": NP_("grid", "Sort Ascending"),
    "sortDescending": NP_("grid", "Sort Descending"),
    "sortUnSort": NP_("grid", "Clear Sort"),
    "copy": NP_("grid", "Copy"),
    "ariaFilterInput": NP_("grid", "Filter Input"),
    "ariaFilterValue": NP_("grid", "Filter Value"),
    "ariaFilteringOperator": NP_("grid", "Filtering Operator"),
    "ariaSearch": NP_("grid", "Search"),
    "ariaPageSizeSelectorLabel": NP_("grid", "Page Size"),
    "ariaLabelColumnMenu": NP_("grid", "Column Menu"),
    "ariaLabelColumnFilter": NP_("grid", "Column Filter"),
    "ariaColumnFiltersApplied": NP_("grid", "Column Filters Applied"),
    "ariaSortableColumn": NP_("grid", "Press ENTER to sort"),
    "ariaMenuColumn": NP_("grid", "Press ALT DOWN to open column menu"),
    "ariaFilterColumn": NP_("grid", "Press CTRL ENTER to open filter"),
}


def grid_text(lang: str) -> dict[str, str]:
    """AG Grid's localeText for a language ({} keeps AG Grid's English)."""
    if lang == SOURCE_LANGUAGE:
        return {}
    t = translator(lang)
    return {key: t(message) for key, message in GRID_TEXT.items()}


def request_language() -> str:
    """The language of the request being answered: `lang` in the URL of the page, whether the
    browser asks for the page itself or Dash asks for its content (a callback whose inputs
    hold the page's query string)."""
    from urllib.parse import parse_qs

    import flask
    from dash import callback_context

    if not flask.has_request_context():
        return SOURCE_LANGUAGE
    lang = flask.request.args.get("lang")
    if lang is None and flask.request.method == "POST":
        try:
            inputs = callback_context.inputs
        except Exception:  # a POST that is not a callback
            inputs = {}
        for key, value in inputs.items():
            if key.endswith(".search") and isinstance(value, str):
                lang = parse_qs(value.lstrip("?")).get("lang", [None])[0]
                break
    return lang if lang in LANGUAGES else SOURCE_LANGUAGE


def page_title(name: str):
    """A Dash page's `title=`: the browser tab's "mobility: <page>" in the request's language
    (Dash calls it with the page's path variables when it renders the page)."""

    def title(**_path_variables) -> str:
        t = translator(request_language())
        return t("mobility: {page}", page=t(name))

    return title


def field_label(field: str | None, lang: str) -> str | None:
    """A field of education as imported ('0710 Engineering and engineering trades') in `lang`:
    its ISCED-F code and the label of the vocabulary isced_field, the most detailed one known
    (0710 is 071 not further defined). English, and a field without a known code, as imported."""
    if not field or lang == SOURCE_LANGUAGE:
        return field
    code = field.split(" ", 1)[0]
    known = vocabularies()["isced_field"]
    for candidate in (code, code[:3] if code.endswith("0") else "", code[:2]):
        if code.isdigit() and candidate in known:
            return f"{code} {translator(lang).label('isced_field', candidate)}"
    return field

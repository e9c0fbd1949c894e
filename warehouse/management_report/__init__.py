"""The management report: a dated PDF of the overview's figures for one school (or all) and one
academic year (`mobility report management`, the overview's "Report (PDF)" button).

Every figure comes from the named queries the dashboard's overview and /indicators pages run
(queries/*.sql through warehouse.db.query, as the user asking may see them: warehouse.access),
never from SQL of its own, so the report and the pages cannot disagree. Charts are drawn with
matplotlib (the map with geopandas, from the shapes the dashboard's maps use) and laid out with
fpdf2, whose text stays text: the figures can be searched and copied from the PDF.

The words go through the dashboard's gettext catalogs (dashboard/locale; docs/translating.md),
read here with gettext itself: the warehouse never imports the dashboard.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from warehouse import access, db
from warehouse.errors import WarehouseError
from warehouse.reference import vocabularies

LOCALE_DIR = Path(__file__).resolve().parent.parent.parent / "dashboard" / "locale"
LANGUAGES = ("en", "fr")
BALANCE_LIMIT = 10  # partners most out of balance shown
COUNTRY_LIMIT = 10  # countries in the table beside the map
DD_PARTNER_LIMIT = 8
# A4 portrait, in millimetres
PAGE_WIDTH, MARGIN = 210, 14
CONTENT = PAGE_WIDTH - 2 * MARGIN


class ReportError(WarehouseError):
    """The report cannot be written: unknown school, a year without data, a bad language."""


# ---------- words


class Words:
    """gettext's lookups in one language, as the dashboard's translator (dashboard.i18n)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translations = _catalog(lang)

    def __call__(self, message: str, /, **values) -> str:
        text = self._translations.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, /, **values) -> str:
        text = self._translations.ngettext(singular, plural, n)
        return text.format(**values) if values else text

    def label(self, vocabulary: str, code: str) -> str:
        english = vocabularies().get(vocabulary, {}).get(code)
        return code if english is None else self._translations.pgettext(vocabulary, english)

    def number(self, value, decimals: int = 0) -> str:
        """A number as the language writes it ('1,234.5', '1 234,5')."""
        from babel.numbers import format_decimal

        if value is None:
            return "–"
        if isinstance(value, str):  # "< 5", hidden from a viewer
            return value
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def signed(self, value, decimals: int = 0) -> str:
        if value is None:
            return "–"
        text = self.number(abs(value), decimals)
        return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)

    def percent(self, value) -> str:
        return "–" if value is None else f"{self.number(value, 1)}\u00a0%"

    def date(self, day: dt.date) -> str:
        from babel.dates import format_date

        return format_date(day, format="long", locale=self.lang)


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (its .mo when as recent as its .po, else the .po compiled
    in memory, as dashboard.i18n.catalog does)."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / "messages.po", folder / "messages.mo"
    if lang == "en" or not po.exists():
        return gettext.NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as file:
            return gettext.GNUTranslations(file)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as file:
        catalog = read_po(file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


# ---------- the figures


@dataclass
class Figures:
    """What the report shows, read from the named queries."""

    schools: tuple[str, ...]
    school_name: str | None  # None: all the schools the user sees
    year: str
    previous: str
    year_from: str
    agreements: dict  # agreement_kpis, by academic year
    mobilities: dict  # mobility_kpis, by academic year
    trend: pl.DataFrame
    countries: pl.DataFrame
    home_schools: pl.DataFrame
    use: pl.DataFrame
    ending: pl.DataFrame
    quotas: pl.DataFrame
    balance: pl.DataFrame
    double_degrees: pl.DataFrame
    cohorts: pl.DataFrame
    status: dict
    is_viewer: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_synthetic(self) -> bool:
        status = self.status
        return bool(
            status["is_demo"]
            or status["count_synthetic_mobilities"]
            or status["count_synthetic_agreements"]
        )


def _params(schools, year_from: str, year_to: str) -> dict:
    """The bound parameters of the dashboard's filters (dashboard.filters.Filters.params) for
    these schools and years, every direction, activity and region."""
    return {
        "schools": list(schools),
        "year_from": year_from,
        "year_to": year_to,
        "direction": "all",
        "activities": [],
        "regions": [],
    }


def gather(
    schools: tuple[str, ...],
    year: str,
    *,
    scope: access.Scope | None = None,
    year_from: str | None = None,
) -> Figures:
    """The report's figures for `schools` (empty: all the user sees) and academic `year`: the
    headline figures of `year` and the year before, the trend from `year_from` (default: the
    first year with data), the map, balance and double degrees of `year`, the indicators."""
    scope = scope or access.LOCAL_ADMIN

    def query(name: str, **params) -> pl.DataFrame:
        return db.query(name, scope=scope, **params)

    if not re.fullmatch(r"\d{4}-\d{4}", year or "") or int(year[5:]) != int(year[:4]) + 1:
        raise ReportError(f"{year!r} is not an academic year: write it like 2024-2025")
    years = query("academic_years")["academic_year"].to_list()
    if year not in years:
        known = f"{years[0]} to {years[-1]}" if years else "none yet"
        raise ReportError(f"no mobilities in {year} (years with data: {known})")
    year_from = year_from if year_from in years and year_from <= year else years[0]
    if not schools and scope.is_restricted:  # "all" is the user's schools: name them
        schools = tuple(scope.schools)
    options = query("school_options")
    names = dict(zip(options["school_id"], options["school"], strict=True))
    school_name = ", ".join(names.get(s, s) for s in schools) if schools else None
    whole = _params(schools, year_from, year)
    this_year = _params(schools, year, year)
    agreement_kpis, mobility_kpis, trend, countries, home, use, ending, quotas = db.together(
        lambda: query("agreement_kpis", **whole, year=year),
        lambda: query("mobility_kpis", **whole, year=year),
        lambda: query("mobility_trend", **whole),
        lambda: query("country_measures", **this_year, year=year),
        lambda: query("home_school_points", schools=list(schools)),
        lambda: query("agreement_use_by_school", **whole, year=year),
        lambda: query("agreements_ending_soon", **whole),
        lambda: query("quota_vs_realised", **this_year),
    )
    balance, double_degrees, cohorts, status = db.together(
        lambda: query("partner_balance", **this_year, limit=BALANCE_LIMIT),
        lambda: query("double_degree_pipeline", **this_year),
        lambda: query("graduate_cohorts", **whole),
        lambda: query("warehouse_status", schools=list(schools)),
    )
    agreements = agreement_kpis.rows_by_key("academic_year", named=True, unique=True)
    mobilities = mobility_kpis.rows_by_key("academic_year", named=True, unique=True)
    previous = sorted(agreements)[0]
    now_a, now_m = agreements[year], mobilities[year]
    if not now_a["count_active_agreements"] and not now_m["count_mobilities"]:
        whom = school_name or "the schools"
        raise ReportError(f"{whom}: no agreement and no mobility in {year}")
    is_viewer = scope.role == "viewer"
    if is_viewer:  # counts below 5 per partner or country: "< 5", as on the pages
        countries, balance = hidden_counts(countries), hidden_counts(balance)
    return Figures(
        schools=tuple(schools), school_name=school_name, year=year, previous=previous,
        year_from=year_from, agreements=agreements, mobilities=mobilities, trend=trend,
        countries=countries, home_schools=home, use=use, ending=ending, quotas=quotas,
        balance=balance, double_degrees=double_degrees, cohorts=cohorts,
        status=status.row(0, named=True), is_viewer=is_viewer,
    )  # fmt: skip


def hidden_counts(frame: pl.DataFrame) -> pl.DataFrame:
    return access.suppress_small_counts(frame, as_text=True)


def count_or_hidden(value) -> int | None:
    """A count of a frame hidden from a viewer ("< 5") or a number."""
    return None if value is None or isinstance(value, str) else int(value)


# ---------- writing


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    school: str | None
    year: str
    lang: str
    pages: int
    synthetic: bool


def resolve_school(text: str) -> str:
    """The school id a --school value names (name, short name, id, Erasmus code)."""
    from warehouse.schools import find_school

    with db.reader() as con:
        return find_school(con, text).school_id


def write_report(
    school_text: str | None, year: str, out: Path, lang: str = "en", *, today=None
) -> ReportSummary:
    """Write the report of a school (None: all schools) and an academic year to `out`."""
    if lang not in LANGUAGES:
        raise ReportError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    schools = (resolve_school(school_text),) if school_text else ()
    figures = gather(schools, year)
    pdf, pages = render(figures, lang, today=today)
    out = Path(out)
    out.write_bytes(pdf)
    return ReportSummary(out, figures.school_name, year, lang, pages, figures.is_synthetic)


def report_bytes(
    schools: tuple[str, ...],
    year: str,
    lang: str = "en",
    *,
    scope: access.Scope | None = None,
    year_from: str | None = None,
) -> bytes:
    """The PDF of the report, as `scope` may see it (the dashboard's download)."""
    figures = gather(schools, year, scope=scope, year_from=year_from)
    return render(figures, lang if lang in LANGUAGES else "en")[0]


def file_name(school: str | None, year: str) -> str:
    """mobility-report-<school>-<year>.pdf"""
    return f"mobility-report-{school or 'all-schools'}-{year}.pdf"


def render(figures: Figures, lang: str, *, today: dt.date | None = None) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages."""
    t = Words(lang)
    today = today or dt.date.today()
    from warehouse.management_report.layout import Document

    pdf = Document(figures, t, today)
    pdf.cover()
    pdf.map_page()
    pdf.indicators_page()
    return bytes(pdf.output()), pdf.pages_count

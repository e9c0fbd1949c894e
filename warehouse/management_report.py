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

from warehouse import access, db, settings
from warehouse.errors import WarehouseError
from warehouse.reference import vocabularies

LOCALE_DIR = Path(__file__).resolve().parent.parent / "dashboard" / "locale"
LANGUAGES = ("en", "fr")
BALANCE_LIMIT = 10  # partners most out of balance shown
COUNTRY_LIMIT = 10  # countries in the table beside the map
DD_PARTNER_LIMIT = 8

# A4 portrait, in millimetres
PAGE_WIDTH, MARGIN = 210, 14
CONTENT = PAGE_WIDTH - 2 * MARGIN
INK, MUTED, ACCENT, LIGHT = (31, 41, 51), (96, 108, 118), (0, 90, 156), (238, 242, 246)
GOOD, BAD = (0, 122, 77), (190, 40, 40)
WARNING_FILL, WARNING_INK = (255, 236, 200), (120, 70, 0)
# Okabe-Ito, as the dashboard's charts: outgoing blue, incoming orange
OUTGOING_COLOUR, INCOMING_COLOUR = "#0072B2", "#E69F00"
# partners per country: "0" grey, "1" already a visible blue
PARTNER_CLASSES = ((1, 1), (2, 3), (4, 6), (7, 10), (11, None))
PARTNER_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_PARTNER_COLOUR = "#eeeeee"


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
        countries, balance = _hidden(countries), _hidden(balance)
    return Figures(
        schools=tuple(schools), school_name=school_name, year=year, previous=previous,
        year_from=year_from, agreements=agreements, mobilities=mobilities, trend=trend,
        countries=countries, home_schools=home, use=use, ending=ending, quotas=quotas,
        balance=balance, double_degrees=double_degrees, cohorts=cohorts,
        status=status.row(0, named=True), is_viewer=is_viewer,
    )  # fmt: skip


def _hidden(frame: pl.DataFrame) -> pl.DataFrame:
    return access.suppress_small_counts(frame, as_text=True)


def _count(value) -> int | None:
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
    pdf = _Document(figures, t, today)
    pdf.cover()
    pdf.map_page()
    pdf.indicators_page()
    return bytes(pdf.output()), pdf.pages_count


# ---------- layout


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _document_class():
    from fpdf import FPDF

    class Document(FPDF):
        def __init__(self, figures: Figures, t: Words, today: dt.date) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.figures, self.t, self.today = figures, t, today
            fonts = _font_dir()
            self.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
            self.add_font("Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
            self.set_margins(MARGIN, MARGIN, MARGIN)
            self.set_auto_page_break(True, margin=18)
            self.set_title(self.t("Management report"))
            self.set_creator("mobility")
            self.set_creation_date(dt.datetime.combine(today, dt.time(), dt.UTC))
            self.alias_nb_pages()

        # every page: what it is, and where its figures come from
        def header(self):
            if self.page_no() == 1:
                return
            self.set_font("Sans", "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self._title_line(), align="L")
            self.ln(8)

        def footer(self):
            self.set_y(-14)
            self.set_draw_color(*LIGHT)
            self.line(MARGIN, self.get_y(), PAGE_WIDTH - MARGIN, self.get_y())
            self.set_font("Sans", "", 7)
            self.set_text_color(*MUTED)
            self.cell(CONTENT - 20, 6, self._source_line(), align="L")
            self.cell(20, 6, f"{self.page_no()}/{{nb}}", align="R")

        def _title_line(self) -> str:
            t, f = self.t, self.figures
            school = f.school_name or t("All schools")
            return t("Management report · {school} · {year}", school=school, year=f.year)

        def _source_line(self) -> str:
            t, status = self.t, self.figures.status
            last = status["last_import_at"]
            when = format(last, "%Y-%m-%d %H:%M") if last else t("no import yet")
            line = t(
                "Source: mobility, warehouse {file}, last import {when}",
                file=settings.db_path().name,
                when=when,
            )
            if self.figures.is_synthetic:
                line += " · " + t("includes synthetic data")
            return line

        # ---------- page 1: headline figures and trend
        def cover(self):
            t, f = self.t, self.figures
            self.add_page()
            self.set_fill_color(*ACCENT)
            self.rect(0, 0, PAGE_WIDTH, 38, style="F")
            self.set_text_color(255, 255, 255)
            self.set_xy(MARGIN, 9)
            self.set_font("Sans", "B", 20)
            self.cell(0, 9, t("Management report"), new_x="LMARGIN", new_y="NEXT")
            self.set_font("Sans", "", 12)
            self.cell(0, 7, f.school_name or t("All schools"), new_x="LMARGIN", new_y="NEXT")
            self.set_font("Sans", "", 9)
            self.cell(
                0, 6,
                t("Academic year {year} · generated on {date}", year=f.year,
                  date=t.date(self.today)),
            )  # fmt: skip
            self.set_y(44)
            if f.is_synthetic:
                self._warning(
                    t(
                        "Synthetic data: this warehouse includes generated rows (the demo or "
                        "test data). Do not use these figures as real ones."
                    )
                )
            if f.is_viewer:
                self._note(t("Counts below 5 per partner or per country are shown as “< 5”."))
            self._section(t("Headline figures, {year}", year=f.year))
            self._note(
                t(
                    "Each figure is for {year}, compared with {previous}. Agreements: active "
                    "in the year; students: mobilities starting in the year.",
                    year=f.year,
                    previous=f.previous,
                )
            )
            self._headline_cards()
            self._section(
                t("Outgoing and incoming students, {first} to {last}", first=f.year_from,
                  last=f.year)
            )  # fmt: skip
            self._image(_trend_chart(f, t), CONTENT, 62)
            self._section(t("Management indicators, {year}", year=f.year))
            self._key_figures(self._indicator_lines())

        def _headline_cards(self):
            t, f = self.t, self.figures
            a, m = f.agreements, f.mobilities
            cards = [
                (t("Active agreements"), a, "count_active_agreements", 0, True),
                (t("Partners"), a, "count_partners", 0, True),
                (t("Countries"), a, "count_countries", 0, True),
                (t("Outgoing students"), m, "count_outgoing", 0, True),
                (t("Incoming students"), m, "count_incoming", 0, True),
                (t("Balance (in − out)"), m, "balance", 0, None),
                (t("Double-degree students"), m, "count_double_degree", 0, True),
                (t("Mobility months"), m, "sum_months", 1, True),
            ]
            width, height, gap = (CONTENT - 3 * 3) / 4, 24, 3
            top = self.get_y()
            for index, (label, rows, key, decimals, up_is_good) in enumerate(cards):
                x = MARGIN + (index % 4) * (width + gap)
                y = top + (index // 4) * (height + gap)
                now, before = rows[f.year][key], rows[f.previous][key]
                self._card(x, y, width, height, label, now, before, decimals, up_is_good)
            self.set_y(top + 2 * height + gap + 4)

        def _card(self, x, y, width, height, label, now, before, decimals, up_is_good):
            t = self.t
            self.set_fill_color(*LIGHT)
            self.rect(x, y, width, height, style="F")
            self.set_xy(x + 3, y + 2)
            self.set_font("Sans", "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(width - 6, 4, label)
            self.set_xy(x + 3, y + 7)
            self.set_font("Sans", "B", 16)
            self.set_text_color(*INK)
            self.cell(width - 6, 8, t.number(now, decimals))
            change = now - before
            colour = MUTED
            if change and up_is_good is not None:
                colour = GOOD if (change > 0) == up_is_good else BAD
            self.set_xy(x + 3, y + 16)
            self.set_font("Sans", "B", 7)
            self.set_text_color(*colour)
            # a share of a negative base (a balance) says nothing
            relative = (
                f" ({t.signed(round(100 * change / before, 1), 1)}\u00a0%)" if before > 0 else ""
            )
            self.cell(
                width - 6, 4,
                t("{change}{relative} vs {previous}", change=t.signed(change, decimals),
                  relative=relative, previous=t.number(before, decimals)),
            )  # fmt: skip

        # ---------- page 2: partners and flows by country
        def map_page(self):
            t, f = self.t, self.figures
            self.add_page()
            self._section(t("Partners and flows by country, {year}", year=f.year))
            self._note(
                t(
                    "Colour: partners with an agreement active in {year}. Stars: home schools. "
                    "The table gives the countries with most students in {year}, both ways.",
                    year=f.year,
                )
            )
            self._image(_map_chart(f, t, WORLD_VIEW, CONTENT, 88), CONTENT, 88)
            self._image(_map_chart(f, t, EUROPE_VIEW, CONTENT, 72, legend=True), CONTENT, 72)
            self._country_table()

        def _country_table(self):
            t, f = self.t, self.figures
            name = "country_name_fr" if t.lang == "fr" else "country_name"
            rows = f.countries.with_columns(
                _total=pl.col("count_outgoing").cast(pl.Int64, strict=False).fill_null(0)
                + pl.col("count_incoming").cast(pl.Int64, strict=False).fill_null(0)
            )
            rows = rows.sort(["_total", "count_partners", name], descending=[True, True, False])
            rows = rows.filter(pl.col("_total") > 0).head(COUNTRY_LIMIT)
            if rows.is_empty():
                self._note(t("No mobility in {year}.", year=f.year))
                return
            self._table(
                [t("Country"), t("Partners"), t("Outgoing"), t("Incoming"), t("Balance")],
                [
                    (
                        r[name] or t("Unknown country"),
                        t.number(r["count_partners"]),
                        t.number(r["count_outgoing"]),
                        t.number(r["count_incoming"]),
                        t.signed(r["balance"]),
                    )
                    for r in rows.iter_rows(named=True)
                ],  # fmt: skip
                [0.44, 0.14, 0.14, 0.14, 0.14],
            )

        # ---------- page 3: the management indicators
        def indicators_page(self):
            t, f = self.t, self.figures
            self.add_page()
            self._section(t("Partners and double degrees, {year}", year=f.year))
            self._balance_table()
            self._double_degrees()
            self._compulsory_stay()

        def _indicator_lines(self) -> list[tuple[str, str, str]]:
            """The /indicators page's headline cards: label, figure, what it counts."""
            t, f = self.t, self.figures
            use = f.use
            active = int(use["count_agreements"].sum()) if not use.is_empty() else 0

            def state(name: str) -> int:
                rows = use.filter(pl.col("use_state") == name)
                return int(rows["count_agreements"].sum()) if not rows.is_empty() else 0

            used, no_flow = state("used"), state("no_flow_3_years")
            quota = _quota_totals(f.quotas, f.year)
            first = f"{int(f.year[:4]) - 2}-{int(f.year[:4]) - 1}"
            lines = [
                (t("Agreements used in {year}", year=f.year),
                 t.percent(round(100 * used / active, 1) if active else None),
                 t("{used} of the {active} active agreements", used=t.number(used),
                   active=t.number(active))),
                (t("No flow for 3 years"), t.number(no_flow),
                 t("active agreements without a mobility since {first}", first=first)),
                (t("Ending within a year"), t.number(f.ending.height), t("agreements to renew")),
                (t("Quota places used in {year}", year=f.year), t.percent(quota["percent"]),
                 t("{realised} mobilities for {quota} places",
                   realised=t.number(quota["realised"]), quota=t.number(quota["quota"]))
                 if quota["quota"] else t("no known quota")),
            ]  # fmt: skip
            cohort = _latest_cohort(f.cohorts)
            if cohort is not None:
                year = cohort["graduation_year"]
                lines += [
                    (t("Compulsory stay, {cohort} graduates", cohort=year),
                     t.percent(cohort["percent_meeting_school_rule"]),
                     t("of {count}, at least {months} months abroad",
                       count=t.number(cohort["count_graduates"]),
                       months=format(cohort["school_rule_max_months"] or 0, "g"))),
                    (t("EU benchmark, {cohort} graduates", cohort=year),
                     t.percent(cohort["percent_meeting_eu_benchmark"]),
                     t("3 months or 15 ECTS abroad; EU target {target} %",
                       target=format(cohort["percent_eu_target"] or 0, "g"))),
                ]  # fmt: skip
            return lines

        def _key_figures(self, lines):
            label_w, value_w = CONTENT * 0.36, CONTENT * 0.14
            for label, value, note in lines:
                self.set_font("Sans", "", 9)
                self.set_text_color(*INK)
                self.cell(label_w, 7, label, border="B")
                self.set_font("Sans", "B", 10)
                self.cell(value_w, 7, value, border="B", align="R")
                self.set_font("Sans", "", 8)
                self.set_text_color(*MUTED)
                self.cell(
                    CONTENT - label_w - value_w, 7, "  " + note, border="B",
                    new_x="LMARGIN", new_y="NEXT",
                )  # fmt: skip
            self.ln(3)

        def _balance_table(self):
            t, f = self.t, self.figures
            self._subsection(t("Partners most out of balance, {year}", year=f.year))
            if f.balance.is_empty():
                self._note(t("No mobility in {year}.", year=f.year))
                return
            name = "country_name_fr" if t.lang == "fr" else "country_name"
            self._table(
                [t("Partner"), t("Country"), t("Outgoing"), t("Incoming"), t("Balance")],
                [
                    (
                        r["partner_name"],
                        r[name] or "",
                        t.number(r["count_outgoing"]),
                        t.number(r["count_incoming"]),
                        t.signed(r["balance"]),
                    )
                    for r in f.balance.iter_rows(named=True)
                ],  # fmt: skip
                [0.46, 0.18, 0.12, 0.12, 0.12],
            )

        def _double_degrees(self):
            t, f = self.t, self.figures
            pipeline = f.double_degrees
            self._subsection(t("Double degrees, {year}", year=f.year))
            if pipeline.is_empty():
                self._note(t("No double-degree student in {year}.", year=f.year))
                return
            leaving = int(pipeline["count_leaving"].sum())
            arriving = int(pipeline["count_arriving"].sum())
            self._note(
                t(
                    "{leaving} students leaving and {arriving} arriving, with {partners} partners.",
                    leaving=t.number(leaving),
                    arriving=t.number(arriving),
                    partners=t.number(pipeline["partner_id"].n_unique()),
                )
            )
            top = (
                pipeline.group_by("partner_id", "partner_name")
                .agg(
                    pl.col("count_leaving").sum(),
                    pl.col("count_arriving").sum(),
                    pl.col("count_students").sum(),
                )  # fmt: skip
                .sort(["count_students", "partner_name"], descending=[True, False])
                .head(DD_PARTNER_LIMIT)
            )
            if f.is_viewer:
                top = _hidden(top)
            self._table(
                [t("Partner"), t("Leaving"), t("Arriving")],
                [
                    (r["partner_name"], t.number(r["count_leaving"]), t.number(r["count_arriving"]))
                    for r in top.iter_rows(named=True)
                ],  # fmt: skip
                [0.64, 0.18, 0.18],
            )

        def _compulsory_stay(self):
            t, f = self.t, self.figures
            totals = f.cohorts.filter(pl.col("school_id").is_null()).sort("graduation_year")
            self._subsection(t("Compulsory stay abroad"))
            if totals.is_empty():
                self._note(t("no graduate cohort in this range"))
                return
            last = _latest_cohort(f.cohorts)
            self._note(
                t(
                    "{cohort} graduates ({count}): {school} % spent at least {months} months "
                    "abroad (the school's rule); {eu} % met the EU benchmark (3 months or 15 "
                    "ECTS abroad), against the EU target of {target} %.",
                    cohort=last["graduation_year"],
                    count=t.number(last["count_graduates"]),
                    school=t.number(last["percent_meeting_school_rule"], 1),
                    months=format(last["school_rule_max_months"] or 0, "g"),
                    eu=t.number(last["percent_meeting_eu_benchmark"], 1),
                    target=format(last["percent_eu_target"] or 0, "g"),
                )
            )
            self._image(_stay_chart(totals, t), CONTENT, 58)

        # ---------- pieces
        def _section(self, text: str):
            self.ln(2)
            self.set_font("Sans", "B", 13)
            self.set_text_color(*ACCENT)
            self.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")

        def _subsection(self, text: str):
            if self.get_y() > 250:
                self.add_page()
            self.ln(1)
            self.set_font("Sans", "B", 10.5)
            self.set_text_color(*INK)
            self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

        def _note(self, text: str):
            self.set_font("Sans", "", 8.5)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1.5)

        def _warning(self, text: str):
            self.set_fill_color(*WARNING_FILL)
            self.set_text_color(*WARNING_INK)
            self.set_font("Sans", "B", 9)
            self.multi_cell(0, 5.5, text, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def _table(self, headers, rows, widths):
            widths = [CONTENT * w for w in widths]
            self.set_font("Sans", "B", 8)
            self.set_text_color(255, 255, 255)
            self.set_fill_color(*ACCENT)
            for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
                self.cell(width, 6, header, fill=True, align="L" if index == 0 else "R")
            self.ln()
            self.set_font("Sans", "", 8)
            self.set_text_color(*INK)
            for number, row in enumerate(rows):
                self.set_fill_color(*(LIGHT if number % 2 else (255, 255, 255)))
                for index, (value, width) in enumerate(zip(row, widths, strict=True)):
                    text = _fit(self, str(value), width - 2) if index == 0 else str(value)
                    self.cell(width, 5.5, text, fill=True, align="L" if index == 0 else "R")
                self.ln()
            self.ln(3)

        def _image(self, png: bytes, width: float, height: float):
            if self.get_y() + height > 297 - 18:
                self.add_page()
            self.image(io.BytesIO(png), x=MARGIN, y=self.get_y(), w=width, h=height)
            self.set_y(self.get_y() + height + 2)

    return Document


def _Document(figures: Figures, t: Words, today: dt.date):  # noqa: N802 - a class, built late
    return _document_class()(figures, t, today)


def _fit(pdf, text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` millimetres in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _latest_cohort(cohorts: pl.DataFrame) -> dict | None:
    """The total row (all selected schools) of the latest cohort of graduate_cohorts."""
    totals = cohorts.filter(pl.col("school_id").is_null())
    return None if totals.is_empty() else totals.sort("graduation_year").row(-1, named=True)


def _quota_totals(quotas: pl.DataFrame, year: str) -> dict:
    """Places offered by the quotas of `year` and places used (the /indicators page's card)."""
    rows = quotas.filter(
        (pl.col("academic_year") == year) & pl.col("quota_mobilities").is_not_null()
    )
    quota = int(rows["quota_mobilities"].sum()) if not rows.is_empty() else 0
    realised = int(rows["realised_mobilities"].sum()) if not rows.is_empty() else 0
    percent = round(100 * realised / quota, 1) if quota else None
    return {"quota": quota, "realised": realised, "percent": percent}


# ---------- charts (matplotlib, without pyplot's global state: safe in a web server's threads)


def _figure(width_mm: float, height_mm: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    figure.patch.set_facecolor("white")
    return figure


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200)
    return buffer.getvalue()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#cbd2d9")
    ax.spines["bottom"].set_color("#cbd2d9")
    ax.tick_params(colors="#52606d", labelsize=7)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    ax.set_axisbelow(True)


def _trend_chart(f: Figures, t: Words) -> bytes:
    figure = _figure(CONTENT, 62)
    ax = figure.add_subplot()
    years = sorted(set(f.trend["academic_year"].to_list()))
    for direction, colour in (("outgoing", OUTGOING_COLOUR), ("incoming", INCOMING_COLOUR)):
        rows = f.trend.filter(pl.col("direction") == direction)
        by_year = dict(zip(rows["academic_year"], rows["count_mobilities"], strict=True))
        values = [by_year.get(year, 0) for year in years]
        ax.plot(
            range(len(years)), values, marker="o", markersize=3, linewidth=1.8, color=colour,
            label=t.label("direction", direction),
        )  # fmt: skip
        if values:
            ax.annotate(
                t.number(values[-1]), (len(years) - 1, values[-1]), xytext=(4, 0),
                textcoords="offset points", fontsize=7, color=colour, va="center",
            )  # fmt: skip
    ax.set_xticks(range(len(years)), [year.replace("-", "–\n") for year in years])
    ax.set_ylabel(t("Students"), fontsize=7.5, color="#52606d")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(lambda value, _pos: t.number(value))
    _style(ax)
    ax.legend(frameon=False, fontsize=7.5, loc="upper left", ncols=2)
    figure.tight_layout(pad=0.4)
    return _png(figure)


def _partner_class(count) -> int | None:
    count = _count(count) or 0
    for index, (low, high) in enumerate(PARTNER_CLASSES):
        if count >= low and (high is None or count <= high):
            return index
    return None


# (west, east, south, north) of each view
WORLD_VIEW = (-170, 180, -57, 84)
EUROPE_VIEW = (-12, 35, 35, 62)


def _map_chart(f: Figures, t: Words, view, width_mm: float, height_mm: float, legend=False):
    """Countries coloured by partners, home schools as stars, within `view`; with the legend
    on the right when `legend`."""
    import math

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from warehouse import places

    shapes = places.country_shapes()
    partners = dict(zip(f.countries["country_iso3"], f.countries["count_partners"], strict=True))
    colours = []
    for map_id in shapes["map_id"]:
        klass = _partner_class(partners.get(map_id))
        colours.append(NO_PARTNER_COLOUR if klass is None else PARTNER_COLOURS[klass])
    shapes = shapes.assign(colour=colours)
    shapes = shapes[shapes["map_id"] != "ATA"]
    figure = _figure(width_mm, height_mm)
    ax = figure.add_axes((0.0, 0.0, 0.62 if legend else 1.0, 1.0))
    west, east, south, north = view
    shapes.plot(ax=ax, color=shapes["colour"], edgecolor="white", linewidth=0.3)
    home = f.home_schools
    if not home.is_empty():
        ax.scatter(
            home["longitude"], home["latitude"], marker="*", s=60 if legend else 30,
            color="#d55e00", edgecolor="white", linewidth=0.4, zorder=3,
        )  # fmt: skip
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()
    if legend:
        labels = [t("No partner")] + [
            f"{low}" if low == high else (f"{low}+" if high is None else f"{low}–{high}")
            for low, high in PARTNER_CLASSES
        ]
        handles = [
            Patch(facecolor=colour, edgecolor="#cbd2d9", label=label)
            for colour, label in zip((NO_PARTNER_COLOUR, *PARTNER_COLOURS), labels, strict=True)
        ]
        handles.append(
            Line2D([], [], marker="*", linestyle="", color="#d55e00", markersize=9,
                   label=t("Home school"))
        )  # fmt: skip
        figure.legend(
            handles=handles, title=t("Partners per country"), loc="center left",
            bbox_to_anchor=(0.66, 0.5), fontsize=8, title_fontsize=8.5, frameon=False,
            alignment="left",
        )  # fmt: skip
    return _png(figure)


def _stay_chart(totals: pl.DataFrame, t: Words) -> bytes:
    """Per cohort: share meeting the school's rule and the EU benchmark, the EU target line."""
    figure = _figure(CONTENT, 58)
    ax = figure.add_subplot()
    cohorts = [str(year) for year in totals["graduation_year"]]
    positions = range(len(cohorts))
    width = 0.38
    ax.bar(
        [p - width / 2 for p in positions], totals["percent_meeting_school_rule"], width,
        color=OUTGOING_COLOUR, label=t("School's rule"),
    )  # fmt: skip
    ax.bar(
        [p + width / 2 for p in positions], totals["percent_meeting_eu_benchmark"], width,
        color="#56B4E9", label=t("EU benchmark"),
    )  # fmt: skip
    target = totals["percent_eu_target"].drop_nulls()
    if not target.is_empty():
        value = float(target[-1])
        ax.axhline(value, color="#d55e00", linestyle="--", linewidth=1.2)
        ax.annotate(
            t("EU target {target} %", target=format(value, "g")), (-0.45, value),
            xytext=(0, 3), textcoords="offset points", fontsize=7, color="#d55e00", ha="left",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )  # fmt: skip
    ax.set_xticks(list(positions), cohorts)
    ax.set_ylim(0, 100)
    ax.set_ylabel(t("% of graduates"), fontsize=7.5, color="#52606d")
    _style(ax)
    ax.legend(frameon=False, fontsize=7.5, loc="upper right", ncols=2)
    figure.tight_layout(pad=0.4)
    return _png(figure)

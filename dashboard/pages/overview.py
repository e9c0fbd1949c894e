"""Overview: the figures management reviews, for the selected schools and academic year."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import dcc, html

from dashboard import components, data, figures, management, numbers
from dashboard.downloads import downloadable, report_file_name, report_href
from dashboard.filters import Filters
from dashboard.i18n import N_, page_title, translator

dash.register_page(__name__, path="/", name="Overview", order=0, title=page_title(N_("Overview")))

KPI_ACTIVE = "overview-kpi-active-agreements"
KPI_PARTNERS = "overview-kpi-partners"
KPI_COUNTRIES = "overview-kpi-countries"
KPI_OUTGOING = "overview-kpi-outgoing"
KPI_INCOMING = "overview-kpi-incoming"
KPI_BALANCE = "overview-kpi-balance"
KPI_DOUBLE_DEGREE = "overview-kpi-double-degree"
KPI_MONTHS = "overview-kpi-months"
TREND = "overview-trend"
BY_TYPE = "overview-by-type"
INDICATOR_USED = "overview-indicator-agreements-used"
INDICATOR_NO_FLOW = "overview-indicator-no-flow"
INDICATOR_SCHOOL_RULE = "overview-indicator-school-rule"
INDICATOR_EU_BENCHMARK = "overview-indicator-eu-benchmark"
REPORT = "overview-report"


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    status = data.warehouse_status().row(0, named=True)
    year = filters.year_to or (years[-1] if years else None)
    t = translator(lang)
    if year is None and status["last_import_at"] is None:
        return components.page_shell(
            "/", filters, years, components.empty_state(t(components.EMPTY_WAREHOUSE))
        )
    year = year or _current_academic_year()
    agreement_kpis, mobility_kpis, trend, by_type = data.together(
        lambda: data.agreement_kpis(filters, year),
        lambda: data.mobility_kpis(filters, year),
        lambda: data.mobility_trend(filters),
        lambda: data.active_agreements_by_type(filters, year),
    )
    agreements = agreement_kpis.rows_by_key("academic_year", named=True)
    mobilities = mobility_kpis.rows_by_key("academic_year", named=True)
    previous = sorted(agreements)[0]

    def card(card_id, label, rows, key, note=""):
        now, before = rows[year][0][key], rows[previous][0][key]
        return components.kpi_card(
            card_id, t(label), now, now - before,
            t("vs {year}", year=previous) + note, lang=lang,
        )  # fmt: skip

    undated = agreements[year][0]["count_undated_agreements"]
    undated_note = (
        " · "
        + t.ngettext(
            "{count} listed without years (counted from their list's year)",
            "{count} listed without years (counted from their list's year)",
            undated,
            count=undated,
        )
        if undated
        else ""
    )

    cards = [
        card(
            KPI_ACTIVE,
            N_("Active agreements"),
            agreements,
            "count_active_agreements",
            undated_note,
        ),  # fmt: skip
        card(KPI_PARTNERS, N_("Partners"), agreements, "count_partners"),
        card(KPI_COUNTRIES, N_("Countries"), agreements, "count_countries"),
        card(KPI_OUTGOING, N_("Outgoing students"), mobilities, "count_outgoing"),
        card(KPI_INCOMING, N_("Incoming students"), mobilities, "count_incoming"),
        card(KPI_BALANCE, N_("Balance (in − out)"), mobilities, "balance"),
        card(KPI_DOUBLE_DEGREE, N_("Double-degree students"), mobilities, "count_double_degree"),
        card(KPI_MONTHS, N_("Mobility months"), mobilities, "sum_months"),
    ]
    last = status["last_import_at"]
    return components.page_shell(
        "/",
        filters,
        years,
        html.H1([t("Overview"), html.Small(f" {year}")]),
        html.A(
            t("Report (PDF)"),
            href=report_href(filters),
            download=report_file_name(filters),
            id=REPORT,
            className="report-link",
        ),  # fmt: skip
        dmc.SimpleGrid(cards, cols={"base": 2, "md": 4}, spacing="sm"),
        _indicator_row(filters, year),
        dmc.SimpleGrid(
            [
                components.chart_card(
                    t("Outgoing and incoming students"),
                    TREND,
                    _trend_figure(trend, lang),
                    "mobility_trend",
                    filters,
                ),
                components.chart_card(
                    t("Active agreements by type"),
                    BY_TYPE,
                    _by_type_figure(by_type, lang),
                    "active_agreements_by_type",
                    filters,
                ),
            ],
            cols={"base": 1, "md": 2},
            spacing="sm",
            mt="sm",
        ),  # fmt: skip
        html.P(
            t("Last import: {when}", when=numbers.moment(last, lang))
            if last
            else t("No import yet."),
            className="muted",
        ),
    )


def _indicator_row(filters: Filters, year: str) -> html.Div:
    """A compact row of management indicators, each linking to the /indicators page."""
    lang = filters.lang
    summary = management.summary(filters, year)
    cards = management.usage_cards(summary, lang, INDICATOR_USED, INDICATOR_NO_FLOW)
    if summary.cohort is not None:
        cards += management.cohort_cards(
            summary, lang, INDICATOR_SCHOOL_RULE, INDICATOR_EU_BENCHMARK
        )
    href = "/indicators" + filters.to_query()
    t = translator(lang)
    return html.Div(
        [
            html.Div(
                [
                    html.H3(t("Management indicators")),
                    dcc.Link(t("All indicators →"), href=href),
                ],
                className="card-head",
            ),
            dmc.SimpleGrid(
                [dcc.Link(card, href=href, className="indicator-link") for card in cards],
                cols={"base": 2, "md": 4},
                spacing="sm",
            ),
        ],
        className="indicator-row",
    )


def _trend_figure(trend: pl.DataFrame, lang: str):
    t = translator(lang)
    if trend.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    return figures.trend_lines(trend, t.labels("direction"), t("Academic year"), t("Students"))


def _by_type_figure(by_type: pl.DataFrame, lang: str):
    t = translator(lang)
    if by_type.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    labelled = by_type.with_columns(
        pl.col("agreement_type").map_elements(
            lambda v: t.label("agreement_type", v), return_dtype=pl.String
        )
    )
    return figures.stacked_bar(
        labelled,
        "agreement_type",
        "count_agreements",
        "signatory_level",
        t.labels("signatory_level"),
        layout={"yaxis": figures.titled(t("Agreements"))},
    )


def _current_academic_year() -> str:
    import datetime as dt

    today = dt.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


@downloadable("mobility_trend")
def _download_trend(filters: Filters) -> pl.DataFrame:
    return data.mobility_trend(filters)


@downloadable("active_agreements_by_type")
def _download_by_type(filters: Filters) -> pl.DataFrame:
    return data.active_agreements_by_type(filters, filters.year_to or _current_academic_year())

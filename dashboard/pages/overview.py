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


# Which way is good news for each figure: a rise is good (1), bad (-1) or neither (0).
GOOD_WAY = {
    "count_active_agreements": 1,
    "count_partners": 1,
    "count_countries": 1,
    "count_outgoing": 1,
    "count_incoming": 1,
    "balance": 0,  # more in than out is neither better nor worse: a choice of each school
    "count_double_degree": 1,
    "sum_months": 1,
}
# the figures one direction of the Direction filter leaves out
LEFT_OUT = {
    "outgoing": ("count_incoming", "balance"),
    "incoming": ("count_outgoing", "balance"),
}
SUMMARY = "overview-summary"
PERIOD = "overview-period"
DIRECTION_NOTE = "overview-direction-note"
SCHOOLS_NOTE = "overview-schools-without-data"


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
    first = filters.year_from or year
    schools = data.school_options()
    if (
        filters.schools
        and schools.filter(
            pl.col("school_id").is_in(list(filters.schools)) & (pl.col("count_rows") > 0)
        ).is_empty()
    ):
        # only schools without data: their zeros would read as facts
        return components.page_shell(
            "/",
            filters,
            years,
            html.H1(t("Overview")),
            _schools_note(filters, schools, t),
            components.empty_state(t(components.NO_DATA)),
        )
    agreement_kpis, mobility_kpis, series, trend, by_type = data.together(
        lambda: data.agreement_kpis(filters, year),
        lambda: data.mobility_kpis(filters, year),
        lambda: data.overview_series(filters),
        lambda: data.mobility_trend(filters),
        lambda: data.active_agreements_by_type(filters, year),
    )
    agreements = agreement_kpis.rows_by_key("academic_year", named=True)
    mobilities = mobility_kpis.rows_by_key("academic_year", named=True)
    previous = sorted(agreements)[0]
    # a change on a year the warehouse has no mobility in would compare with nothing
    has_previous = previous in years
    in_year = t("in {year}", year=year)
    over_range = range_label(first, year)
    left_out = LEFT_OUT.get(filters.direction, ())

    def card(card_id, label, rows, key, note=""):
        now, before = rows[year][0][key], rows[previous][0][key]
        return figure_card(
            card_id,
            t(label),
            now,
            in_year,
            change=now - before if has_previous else None,
            good_way=GOOD_WAY[key],
            compared=t("on {year}", year=previous),
            note=note,
            spark=series[key].to_list(),
            spark_label=t("trend {years}", years=over_range),
            lang=lang,
        )

    undated = agreements[year][0]["count_undated_agreements"]
    undated_note = (
        t.ngettext(
            "{count} listed without years (counted from their list's year)",
            "{count} listed without years (counted from their list's year)",
            undated,
            count=undated,
        )
        if undated
        else ""
    )
    figures_shown = [
        (KPI_ACTIVE, N_("Active agreements"), agreements, "count_active_agreements", undated_note),
        (KPI_PARTNERS, N_("Partners"), agreements, "count_partners", ""),
        (KPI_COUNTRIES, N_("Countries"), agreements, "count_countries", ""),
        (KPI_OUTGOING, N_("Outgoing students"), mobilities, "count_outgoing", ""),
        (KPI_INCOMING, N_("Incoming students"), mobilities, "count_incoming", ""),
        (KPI_BALANCE, N_("Balance (in − out)"), mobilities, "balance", ""),
        (KPI_DOUBLE_DEGREE, N_("Double-degree students"), mobilities, "count_double_degree", ""),
        (KPI_MONTHS, N_("Mobility months"), mobilities, "sum_months", ""),
    ]
    cards = [
        card(card_id, label, rows, key, note)
        for card_id, label, rows, key, note in figures_shown
        if key not in left_out
    ]
    last = status["last_import_at"]
    summary_line = summary_sentence(
        filters, year, previous if has_previous else None, mobilities, series, t
    )
    return components.page_shell(
        "/",
        filters,
        years,
        html.H1([t("Overview"), html.Small(f" {in_year}")]),
        html.P(summary_line, id=SUMMARY, className="overview-summary"),
        html.P(
            t(
                "Figures in {year}, changes on {previous}; trends and charts over {years}.",
                year=year,
                previous=previous,
                years=over_range,
            ),
            id=PERIOD,
            className="muted",
        ),
        _direction_note(filters.direction, t),
        _schools_note(filters, schools, t),
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
                    t("Outgoing and incoming students") + f", {over_range}",
                    TREND,
                    _trend_figure(trend, lang),
                    "mobility_trend",
                    filters,
                ),
                components.chart_card(
                    t("Active agreements by type") + f", {in_year}",
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


def range_label(first: str, last: str) -> str:
    """A period: one year ('2024-2025') or a range ('2014-2015 → 2024-2025')."""
    return last if first == last else f"{first} → {last}"


def change_text(change, good_way: int, lang: str) -> tuple[str, str]:
    """A change written with its sign and an arrow (▲ +8, ▼ −3, = 0), and the class saying
    whether it is good, bad or neither news: colour is never the only sign."""
    change = round(change, 1) if isinstance(change, float) else change
    written = numbers.figure(change, lang, signed=True)
    if change == 0:
        return f"= {written}", "delta-neutral"
    arrow = "▲" if change > 0 else "▼"
    if good_way == 0:
        return f"{arrow} {written}", "delta-neutral"
    return f"{arrow} {written}", "delta-good" if (change > 0) == (good_way > 0) else "delta-bad"


def sparkline(values: list, label: str) -> html.Img | None:
    """A small trend line of `values` (oldest first) as an inline SVG picture, its alternative
    text saying what it shows. None with fewer than two values: no trend to draw."""
    values = [v or 0 for v in values]
    if len(values) < 2:
        return None
    width, height, pad = 120, 28, 2
    low, high = min(values), max(values)
    span = (high - low) or 1
    points = " ".join(
        f"{pad + i * (width - 2 * pad) / (len(values) - 1):.1f},"
        f"{height - pad - (v - low) * (height - 2 * pad) / span:.1f}"
        for i, v in enumerate(values)
    )
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}'><polyline fill='none' stroke='%230072b2' "
        f"stroke-width='1.5' points='{points}'/></svg>"
    )
    return html.Img(
        src="data:image/svg+xml;utf8," + svg, alt=label, title=label, className="sparkline"
    )


def figure_card(
    card_id: str,
    label: str,
    value,
    period: str,
    *,
    change=None,
    good_way: int = 1,
    compared: str = "",
    note: str = "",
    spark: list | None = None,
    spark_label: str = "",
    lang: str,
) -> dmc.Paper:
    """A headline figure with the period it covers, its change (signed, arrowed, coloured
    good or bad news) and a sparkline of the range."""
    parts = [
        html.Div(label, className="kpi-label"),
        html.Div(numbers.figure(value, lang), className="kpi-value", id=card_id),
        html.Div(period, className="kpi-period"),
    ]
    if change is not None:
        text, tone = change_text(change, good_way, lang)
        parts.append(
            html.Div(
                [html.Span(text, className=f"kpi-change {tone}"), html.Span(f" {compared}")],
                className="kpi-note",
            )
        )
    if note:
        parts.append(html.Div(note, className="kpi-note"))
    line = sparkline(spark or [], spark_label)
    if line is not None:
        parts += [line, html.Div(spark_label, className="kpi-period")]
    return dmc.Paper(parts, withBorder=True, p="sm", className="kpi-card")


def summary_sentence(
    filters: Filters, year: str, previous: str | None, mobilities: dict, series, t
) -> str:
    """What changed, in one sentence: students who left and arrived in `year` and their
    change on `previous` (None: no year before to compare with), the agreements to renew."""
    lang = filters.lang
    now = mobilities[year][0]
    before = mobilities[previous][0] if previous else None

    def changed(key: str) -> str:
        return numbers.figure(now[key] - before[key], lang, signed=True) if before else ""

    clauses = []
    if filters.direction != "incoming":
        count = now["count_outgoing"]
        clauses.append(
            t.ngettext(
                "{count} student left ({change} on {previous})",
                "{count} students left ({change} on {previous})",
                count,
                count=numbers.figure(count, lang),
                change=changed("count_outgoing"),
                previous=previous,
            )
            if before
            else t.ngettext(
                "{count} student left",
                "{count} students left",
                count,
                count=numbers.figure(count, lang),
            )  # fmt: skip
        )
    if filters.direction != "outgoing":
        count = now["count_incoming"]
        if clauses:
            arrived = (
                t(
                    "{count} arrived ({change})",
                    count=numbers.figure(count, lang),
                    change=changed("count_incoming"),
                )  # fmt: skip
                if before
                else t("{count} arrived", count=numbers.figure(count, lang))
            )
        else:
            arrived = (
                t.ngettext(
                    "{count} student arrived ({change} on {previous})",
                    "{count} students arrived ({change} on {previous})",
                    count,
                    count=numbers.figure(count, lang),
                    change=changed("count_incoming"),
                    previous=previous,
                )
                if before
                else t.ngettext(
                    "{count} student arrived",
                    "{count} students arrived",
                    count,
                    count=numbers.figure(count, lang),
                )  # fmt: skip
            )
        clauses.append(arrived)
    rows = series.filter(pl.col("academic_year") == year)
    ending = int(rows["count_ending"][0]) if rows.height else 0
    next_year = f"{int(year[:4]) + 1}-{int(year[:4]) + 2}"
    renew = (
        t.ngettext(
            "{count} active agreement ends by {year}",
            "{count} active agreements end by {year}",
            ending,
            count=numbers.figure(ending, lang),
            year=next_year,
        )
        if ending
        else t("no active agreement ends by {year}", year=next_year)
    )
    return t(
        "In {year}, {mobilities}; {agreements}.",
        year=year,
        mobilities=t(" and ").join(clauses),
        agreements=renew,
    )


def _direction_note(direction: str, t) -> html.P | None:
    """What the Direction filter leaves out of the figures, said rather than shown as zeros."""
    if direction == "outgoing":
        text = t(
            "Direction: outgoing only. Incoming students and the balance are not in the selection."
        )
    elif direction == "incoming":
        text = t(
            "Direction: incoming only. Outgoing students and the balance are not in the selection."
        )
    else:
        return None
    return html.P(text, id=DIRECTION_NOTE, className="muted overview-note")


def _schools_note(filters: Filters, schools: pl.DataFrame, t) -> html.P | None:
    """The schools in the selection that have no data yet: their figures are zeros, not
    facts."""
    empty = schools.filter(pl.col("count_rows") == 0)
    if filters.schools:
        empty = empty.filter(pl.col("school_id").is_in(list(filters.schools)))
    if empty.is_empty():
        return None
    names = ", ".join(empty["school"].to_list())
    return html.P(
        t.ngettext(
            "No data yet for {schools}: not counted in these figures.",
            "No data yet for {count} schools ({schools}): not counted in these figures.",
            empty.height,
            count=empty.height,
            schools=names,
        ),
        id=SCHOOLS_NOTE,
        className="muted overview-note",
    )


def _indicator_row(filters: Filters, year: str) -> html.Div:
    """A compact row of management indicators, each linking to the /indicators page."""
    lang = filters.lang
    summary = management.summary(filters, year)
    cards = management.usage_cards(summary, lang, INDICATOR_USED, INDICATOR_NO_FLOW)
    if summary.cohort is not None:
        cards += management.cohort_cards(
            summary, lang, INDICATOR_SCHOOL_RULE, INDICATOR_EU_BENCHMARK, against_targets=True
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

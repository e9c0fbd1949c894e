"""Management indicators: are agreements and quotas used, which partners are out of balance,
how many double-degree students each partner exchanges, how many graduates stayed abroad."""

from __future__ import annotations

from collections.abc import Callable

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, dcc, html, no_update

from dashboard import auth, combined_queries, components, data, figures, management
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import country_column, t

dash.register_page(
    __name__, path="/indicators", name="Indicators", order=5, title="mobility: indicators"
)

KPI_USED = "indicators-kpi-agreements-used"
KPI_NO_FLOW = "indicators-kpi-no-flow"
KPI_ENDING = "indicators-kpi-ending"
KPI_WITHOUT_AGREEMENT = "indicators-kpi-without-agreement"
KPI_QUOTA_USED = "indicators-kpi-quota-used"
KPI_SCHOOL_RULE = "indicators-kpi-school-rule"
KPI_EU_BENCHMARK = "indicators-kpi-eu-benchmark"
USE = "indicators-agreement-use"
NO_FLOW_GRID = "indicators-no-flow-grid"
ENDING_GRID = "indicators-ending-grid"
WITHOUT_AGREEMENT_GRID = "indicators-without-agreement-grid"
QUOTA = "indicators-quota-use"
QUOTA_GRID = "indicators-quota-grid"
QUOTA_SEARCH = "indicators-quota-search"
BALANCE = "indicators-balance"
BALANCE_GRID = "indicators-balance-grid"
BALANCE_NOTE = "indicators-balance-note"
DD_BY_YEAR = "indicators-dd-by-year"
DD_BY_PARTNER = "indicators-dd-by-partner"
DD_GRID = "indicators-dd-grid"
STAY = "indicators-compulsory-stay"
STAY_GRID = "indicators-compulsory-stay-grid"
GRID_ROW_LIMIT = 200  # rows sent to the browser per table

# The page arrives as a skeleton holding its filters and one placeholder per part; a callback
# per section fills its parts (cards, charts, tables and its headline cards), each running its
# own queries, and the browser asks for all of them at once. No request computes the whole page:
# one did, in 155 ms (p50) and 286 ms (p95) at 10 million mobilities, for a 150 ms target.
# `mobility bench` times each section callback under the name after "-section-" of its first
# output.
FILTERS = "indicators-filters"  # the page's filters as a query string, read by every section
HEALTH = "indicators-section-health"  # agreement use
HEALTH_ENDING = "indicators-section-health-ending"  # filled with HEALTH (it needs the use)
HEALTH_NO_FLOW = "indicators-section-health-no-flow"
WITHOUT_AGREEMENT = "indicators-section-without-agreement"
QUOTAS = "indicators-section-quotas"
BALANCES = "indicators-section-balance"
DOUBLE_DEGREES = "indicators-section-double-degrees"
COMPULSORY_STAY = "indicators-section-stay"
# The headline cards in the order they are shown; each section callback fills its own.
KPI_CARDS = (
    KPI_USED, KPI_NO_FLOW, KPI_ENDING, KPI_WITHOUT_AGREEMENT, KPI_QUOTA_USED, KPI_SCHOOL_RULE,
    KPI_EU_BENCHMARK,
)  # fmt: skip
KPI_HEIGHT = 100  # about a card's height, so that the page does not jump when they arrive

# The flows page's balance (the same rows, the same limit): the partner_balance download serves
# both charts.
BALANCE_LIMIT = 20
DD_PARTNER_LIMIT = 15

# Narrowest readable width of grid columns, in pixels (the grids scroll sideways).
_MIN_WIDTHS = {
    "school": 150, "partner": 260, "country": 120, "type": 130, "level": 110,
    "academic_year": 110, "first_academic_year": 110, "last_academic_year": 110,
    "last_flow_year": 110, "direction_label": 100, "type_label": 140,
}  # fmt: skip


def layout(**query):
    """The page's skeleton: title, stored filters, placeholders for the headline cards and the
    sections (no query of the page's own: the section callbacks below fill them)."""
    filters, years = components.resolve(query)
    lang = filters.lang
    status = data.warehouse_status().row(0, named=True)
    if not years and status["last_import_at"] is None:
        return components.page_shell(
            "/indicators", filters, years, components.empty_state(t("empty.warehouse", lang))
        )
    year = management.reference_year(filters)
    span = f" {filters.year_from} → {filters.year_to}" if years else ""
    pair = {"cols": {"base": 1, "lg": 2}, "spacing": "sm"}
    return components.page_shell(
        "/indicators",
        filters,
        years,
        dcc.Store(id=FILTERS, data=filters.to_query()),
        html.H1([t("indicators.title", lang), html.Small(span)]),
        html.P(t("indicators.intro", lang, year=year), className="muted"),
        dmc.SimpleGrid(
            [_placeholder(_slot(card), KPI_HEIGHT) for card in KPI_CARDS],
            cols={"base": 2, "md": 4},
            spacing="sm",
        ),
        html.H2(t("indicators.health", lang)),
        html.Div(
            [
                dmc.SimpleGrid(
                    [_placeholder(HEALTH, 460), _placeholder(HEALTH_NO_FLOW, 460)], **pair
                ),
                dmc.SimpleGrid(
                    [_placeholder(HEALTH_ENDING, 400), _placeholder(WITHOUT_AGREEMENT, 400)],
                    mt="sm",
                    **pair,
                ),
            ]
        ),
        html.H2(t("indicators.quotas", lang)),
        _placeholder(QUOTAS, 1000),
        html.H2(t("indicators.balance", lang)),
        _placeholder(BALANCES, 520),
        html.H2(t("indicators.dd", lang)),
        _placeholder(DOUBLE_DEGREES, 960),
        html.H2(t("indicators.stay", lang)),
        _placeholder(COMPULSORY_STAY, 500),
    )


def _slot(card_id: str) -> str:
    """The placeholder a headline card replaces."""
    return f"{card_id}-slot"


def _placeholder(slot_id: str, height: int) -> html.Div:
    """Where a section's part will be, about its height, shimmering until its callback fills it."""
    return html.Div(dmc.Skeleton(height=height, radius="sm"), id=slot_id)


def _section_filters(search: str | None) -> tuple[Filters, str]:
    """The filters the skeleton stored, and the academic year 'active' and 'used' refer to."""
    filters, _years = components.resolve(search)
    return filters, management.reference_year(filters)


# ---------- the section callbacks, each with its own queries


@callback(
    Output(HEALTH, "children"),
    Output(HEALTH_ENDING, "children"),
    Output(_slot(KPI_USED), "children"),
    Output(_slot(KPI_NO_FLOW), "children"),
    Output(_slot(KPI_ENDING), "children"),
    Input(FILTERS, "data"),
)
def show_health(search):
    """Agreement use, and the agreements ending soon (or how many have no known end)."""
    filters, year = _section_filters(search)
    use = data.agreement_use_by_school(filters, year)
    ending = data.agreements_ending_soon(filters)
    used_card, no_flow_card = management.usage_cards(
        management.summarise(year, use), filters.lang, KPI_USED, KPI_NO_FLOW
    )
    return (
        use_card(filters, year, use),
        ending_table(filters, use, ending),
        used_card,
        no_flow_card,
        ending_kpi(filters, ending),
    )


@callback(Output(HEALTH_NO_FLOW, "children"), Input(FILTERS, "data"))
def show_agreements_without_flows(search):
    filters, year = _section_filters(search)
    return no_flow_table(filters, year, data.agreements_without_flows(filters, year))


@callback(
    Output(WITHOUT_AGREEMENT, "children"),
    Output(_slot(KPI_WITHOUT_AGREEMENT), "children"),
    Input(FILTERS, "data"),
)
def show_flows_without_agreement(search):
    filters, _year = _section_filters(search)
    # the rows shown only, and how many there are: fetching 50,000 pairs to show 200 took 130 ms
    orphans, total = combined_queries.split_total(
        data.flows_without_agreement(filters, limit=GRID_ROW_LIMIT)
    )
    return (
        without_agreement_table(filters, orphans, total),
        without_agreement_kpi(filters, total),
    )


@callback(
    Output(QUOTAS, "children"),
    Output(_slot(KPI_QUOTA_USED), "children"),
    Input(FILTERS, "data"),
)
def show_quotas(search):
    filters, year = _section_filters(search)
    quotas = data.quota_vs_realised(filters)
    return quota_section(filters, quotas), quota_kpi(filters, quotas, year)


@callback(Output(BALANCES, "children"), Input(FILTERS, "data"))
def show_balance(search):
    filters, _year = _section_filters(search)
    # counts below 5 per partner hidden from a viewer
    return balance_section(filters, auth.shown(data.partner_balance(filters, BALANCE_LIMIT)))


@callback(Output(DOUBLE_DEGREES, "children"), Input(FILTERS, "data"))
def show_double_degrees(search):
    filters, _year = _section_filters(search)
    return double_degree_section(filters, data.double_degree_pipeline(filters))


@callback(
    Output(COMPULSORY_STAY, "children"),
    Output(_slot(KPI_SCHOOL_RULE), "children"),
    Output(_slot(KPI_EU_BENCHMARK), "children"),
    Input(FILTERS, "data"),
)
def show_compulsory_stay(search):
    filters, year = _section_filters(search)
    cohorts = data.graduate_cohorts(filters)
    school_rule, eu_benchmark = cohort_cards(
        management.summarise(year, None, cohorts), filters.lang
    )
    return compulsory_stay_section(filters, cohorts), school_rule, eu_benchmark


SECTIONS = (
    show_health,
    show_agreements_without_flows,
    show_flows_without_agreement,
    show_quotas,
    show_balance,
    show_double_degrees,
    show_compulsory_stay,
)


def warm_up() -> None:
    """Fill every section once under the default filters, as the server's warm-up does for the
    other pages by rendering them (see dashboard.app.warm_up_in_background): the skeleton alone
    reads nothing."""
    search = components.resolve({})[0].to_query()
    for show in SECTIONS:
        show(search)


# ---------- headline figures


def ending_kpi(filters: Filters, ending: pl.DataFrame) -> dmc.Paper:
    lang = filters.lang
    return components.kpi_card(
        KPI_ENDING,
        t("indicators.kpi.ending", lang),
        ending.height,
        note=t("indicators.kpi.ending.note", lang),
    )


def without_agreement_kpi(filters: Filters, count_pairs: int) -> dmc.Paper:
    lang = filters.lang
    return components.kpi_card(
        KPI_WITHOUT_AGREEMENT,
        t("indicators.kpi.without_agreement", lang),
        count_pairs,
        note=t("indicators.kpi.without_agreement.note", lang),
    )


def quota_kpi(filters: Filters, quotas: pl.DataFrame, year: str) -> dmc.Paper:
    lang = filters.lang
    quota_year = quota_totals(quotas, year)
    return components.kpi_card(
        KPI_QUOTA_USED,
        t("indicators.kpi.quota_used", lang, year=year),
        quota_year["percent"],
        note=t("indicators.kpi.quota_used.note", lang, **quota_year)
        if quota_year["quota"]
        else t("indicators.kpi.no_quota", lang),
        unit=" %",
    )


def cohort_cards(summary: management.Summary, lang: str) -> list:
    """The latest cohort's compulsory stay: the school's rule and the EU benchmark."""
    if summary.cohort is None:
        note = t("indicators.kpi.no_cohort", lang)
        return [
            components.kpi_card(KPI_SCHOOL_RULE, t("indicators.stay", lang), None, note=note),
            components.kpi_card(KPI_EU_BENCHMARK, t("indicators.stay.eu", lang), None, note=note),
        ]
    return management.cohort_cards(summary, lang, KPI_SCHOOL_RULE, KPI_EU_BENCHMARK)


def quota_totals(quotas: pl.DataFrame, year: str) -> dict:
    """Places a year offered by the quotas of `year` and places used, with the share used."""
    rows = quotas.filter(
        (pl.col("academic_year") == year) & pl.col("quota_mobilities").is_not_null()
    )
    quota = int(rows["quota_mobilities"].sum()) if not rows.is_empty() else 0
    realised = int(rows["realised_mobilities"].sum()) if not rows.is_empty() else 0
    percent = round(100 * realised / quota, 1) if quota else None
    return {"quota": quota, "realised": realised, "percent": percent}


# ---------- agreement health


_AGREEMENT_COLUMNS = [
    ("school", "indicators.col.school"),
    ("partner", "indicators.col.partner"),
    ("country", "indicators.col.country"),
    ("type", "indicators.col.type"),
    ("level", "indicators.col.level"),
]


def use_card(filters: Filters, year: str, use: pl.DataFrame) -> dmc.Paper:
    lang = filters.lang
    card = components.chart_card(
        t("indicators.use", lang, year=year),
        USE,
        use_figure(use, lang, year),
        "agreement_use_by_school",
        filters,
    )
    card.children.append(html.P(t("indicators.use.note", lang), className="muted"))
    return card


def no_flow_table(filters: Filters, year: str, no_flow: pl.DataFrame) -> dmc.Paper:
    lang = filters.lang
    first = management.window_start(year)
    body = (
        components.empty_state(t("indicators.no_flow.empty", lang, first=first, year=year))
        if no_flow.is_empty()
        else _grid(
            NO_FLOW_GRID,
            no_flow,
            [
                *_AGREEMENT_COLUMNS,
                ("first_academic_year", "indicators.col.first_year"),
                ("last_flow_year", "indicators.col.last_flow"),
            ],
            lang,
            shape=lambda rows: _agreement_labels(_with_partner_links(rows, filters), lang),
            height=360,
        )
    )
    return components.table_card(
        t("indicators.no_flow", lang, first=first, year=year),
        "agreements_without_flows",
        filters,
        html.P(t("indicators.no_flow.note", lang), className="muted"),
        body,
    )


def ending_table(filters: Filters, use: pl.DataFrame, ending: pl.DataFrame) -> dmc.Paper:
    """The agreements ending soon; when none, how many active ones have no known end."""
    lang = filters.lang
    open_ended = int(use["count_open_ended"].sum()) if not use.is_empty() else 0
    body = (
        components.empty_state(t("indicators.ending.empty", lang, count=open_ended))
        if ending.is_empty()
        else _grid(
            ENDING_GRID,
            ending,
            [*_AGREEMENT_COLUMNS, ("last_academic_year", "indicators.col.last_year")],
            lang,
            shape=lambda rows: _agreement_labels(_with_partner_links(rows, filters), lang),
            height=300,
        )
    )
    return components.table_card(
        t("indicators.ending", lang),
        "agreements_ending_soon",
        filters,
        html.P(t("agreements.ending_soon.note", lang), className="muted"),
        body,
    )


def without_agreement_table(filters: Filters, orphans: pl.DataFrame, total: int) -> dmc.Paper:
    """The first pairs of flows without agreement (`orphans`, of `total`)."""
    lang = filters.lang
    body = (
        components.empty_state(t("indicators.without_agreement.empty", lang))
        if orphans.is_empty()
        else _grid(
            WITHOUT_AGREEMENT_GRID,
            orphans,
            [
                ("school", "indicators.col.school"),
                ("partner", "indicators.col.partner"),
                ("country", "indicators.col.country"),
                ("count_outgoing", "indicators.col.outgoing"),
                ("count_incoming", "indicators.col.incoming"),
                ("first_academic_year", "indicators.col.first_year"),
                ("last_academic_year", "indicators.col.last_year"),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            total=total,
            height=300,
        )
    )
    return components.table_card(
        t("indicators.without_agreement", lang),
        "flows_without_agreement",
        filters,
        html.P(t("indicators.without_agreement.note", lang), className="muted"),
        body,
    )


def use_figure(use: pl.DataFrame, lang: str, year: str):
    """Active agreements per school, stacked by use."""
    if use.is_empty():
        return figures.empty_figure(t("agreements.no_active", lang, year=year))
    return figures.agreement_use(use, lang)


# ---------- quotas


def quota_section(filters: Filters, quotas: pl.DataFrame) -> html.Div:
    lang = filters.lang
    chart = components.chart_card(
        t("indicators.quota.chart", lang),
        QUOTA,
        quota_figure(quotas, lang),
        "quota_use_by_year",
        filters,
    )
    chart.children.append(html.P(t("indicators.quota.note", lang), className="muted"))
    if quotas.is_empty():
        body = [components.empty_state(t("indicators.quota.empty", lang))]
    else:

        def shape(rows: pl.DataFrame) -> pl.DataFrame:
            return _with_partner_links(rows, filters).with_columns(
                direction_label=_labels_in(rows, "direction", "direction", lang),
                type_label=_labels_in(rows, "mobility_type", "partner.mobility_type", lang),
            )

        body = [
            dmc.TextInput(
                id=QUOTA_SEARCH,
                placeholder=t("indicators.search", lang),
                w=300,
                mb="xs",
                debounce=200,
            ),
            _grid(
                QUOTA_GRID,
                quotas,
                [
                    ("academic_year", "indicators.col.year"),
                    ("school", "indicators.col.school"),
                    ("partner", "indicators.col.partner"),
                    ("direction_label", "indicators.col.direction"),
                    ("type_label", "indicators.col.mobility_type"),
                    ("eqf_levels", "indicators.col.eqf"),
                    ("quota_mobilities", "indicators.col.quota"),
                    ("realised_mobilities", "indicators.col.realised"),
                    ("percent_used", "indicators.col.percent_used"),
                    ("quota_months", "indicators.col.quota_months"),
                    ("realised_months", "indicators.col.realised_months"),
                    ("quota_days", "indicators.col.quota_days"),
                    ("realised_days", "indicators.col.realised_days"),
                ],
                lang,
                shape=shape,
                height=460,
            ),
        ]
    return html.Div(
        [
            chart,
            components.table_card(
                t("indicators.quota.grid", lang), "quota_vs_realised", filters, *body
            ),
        ]
    )


def quota_by_year(quotas: pl.DataFrame) -> pl.DataFrame:
    """Places offered and used per academic year and direction (quotas counting places)."""
    return (
        quotas.filter(pl.col("quota_mobilities").is_not_null())
        .group_by("academic_year", "direction")
        .agg(
            pl.col("quota_mobilities").sum().cast(pl.Int64),
            pl.col("realised_mobilities").sum(),
            pl.col("quota_months").sum(),
            pl.col("realised_months").sum(),
        )
        .sort("academic_year", "direction", descending=[False, True])
    )


def quota_figure(quotas: pl.DataFrame, lang: str):
    by_year = quota_by_year(quotas)
    if by_year.is_empty():
        return figures.empty_figure(t("indicators.quota.empty.short", lang))
    return figures.quota_use_by_year(by_year, lang)


# ---------- balance


def balance_section(filters: Filters, balance: pl.DataFrame) -> dmc.SimpleGrid:
    lang = filters.lang
    chart = components.chart_card(
        t("indicators.balance.chart", lang, limit=BALANCE_LIMIT),
        BALANCE,
        balance_figure(balance, lang),
        "partner_balance",
        filters,
    )
    note = t("indicators.balance.note", lang)
    if filters.direction != "all":
        direction = t(f"direction.{filters.direction}", lang).lower()
        note = t("flows.balance.one_direction", lang, direction=direction)
    chart.children.append(html.P(note, id=BALANCE_NOTE, className="muted"))
    if balance.is_empty():
        body = components.empty_state(t("empty.no_data", lang))
    else:
        body = _grid(
            BALANCE_GRID,
            balance,
            [
                ("partner", "indicators.col.partner"),
                ("country", "indicators.col.country"),
                ("count_outgoing", "indicators.col.outgoing"),
                ("count_incoming", "indicators.col.incoming"),
                ("balance", "indicators.col.balance"),
                ("ratio_in_out", "indicators.col.ratio"),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            height=440,
        )
    table = components.table_card(
        t("indicators.balance.grid", lang), "partner_balance", filters, body
    )
    return dmc.SimpleGrid([chart, table], cols={"base": 1, "lg": 2}, spacing="sm")


def balance_figure(balance: pl.DataFrame, lang: str):
    if balance.is_empty():
        return figures.empty_figure(t("empty.no_data", lang))
    return figures.partner_balance(balance, lang, height=440)


# ---------- double-degree pipeline


def double_degree_section(filters: Filters, pipeline: pl.DataFrame) -> html.Div:
    lang = filters.lang
    by_year = components.chart_card(
        t("indicators.dd.by_year", lang),
        DD_BY_YEAR,
        dd_year_figure(pipeline, lang),
        "double_degrees_by_year",
        filters,
    )
    by_year.children.append(html.P(t("indicators.dd.note", lang), className="muted"))
    by_partner = components.chart_card(
        t("indicators.dd.by_partner", lang, limit=DD_PARTNER_LIMIT),
        DD_BY_PARTNER,
        dd_partner_figure(pipeline, lang),
        "double_degrees_by_partner",
        filters,
    )
    if pipeline.is_empty():
        body = components.empty_state(t("indicators.dd.empty", lang))
    else:
        body = _grid(
            DD_GRID,
            pipeline,
            [
                ("academic_year", "indicators.col.year"),
                ("partner", "indicators.col.partner"),
                ("country", "indicators.col.country"),
                ("count_leaving", "indicators.col.leaving"),
                ("count_arriving", "indicators.col.arriving"),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            height=400,
        )
    return html.Div(
        [
            dmc.SimpleGrid([by_year, by_partner], cols={"base": 1, "lg": 2}, spacing="sm"),
            components.table_card(
                t("indicators.dd.grid", lang), "double_degree_pipeline", filters, body
            ),
        ]
    )


def dd_by_year(pipeline: pl.DataFrame) -> pl.DataFrame:
    """Double-degree students leaving and arriving per academic year, all partners."""
    return (
        pipeline.group_by("academic_year")
        .agg(pl.col("count_leaving").sum(), pl.col("count_arriving").sum())
        .sort("academic_year")
    )


def dd_by_partner(pipeline: pl.DataFrame, limit: int = DD_PARTNER_LIMIT) -> pl.DataFrame:
    """The `limit` partners with most double-degree students over the years, both ways."""
    return (
        pipeline.group_by(
            "partner_id", "partner_name", "country_iso2", "country_name", "country_name_fr"
        )
        .agg(
            pl.col("count_leaving").sum(),
            pl.col("count_arriving").sum(),
            pl.col("count_students").sum(),
        )
        .sort(["count_students", "partner_name", "partner_id"], descending=[True, False, False])
        .head(limit)
    )


def dd_year_figure(pipeline: pl.DataFrame, lang: str):
    if pipeline.is_empty():
        return figures.empty_figure(t("indicators.dd.empty", lang))
    return figures.double_degrees_by_year(dd_by_year(pipeline), lang)


def dd_partner_figure(pipeline: pl.DataFrame, lang: str):
    if pipeline.is_empty():
        return figures.empty_figure(t("indicators.dd.empty", lang))
    # added up per partner first, then hidden from a viewer when below 5
    return figures.double_degrees_by_partner(auth.shown(dd_by_partner(pipeline)), lang)


# ---------- compulsory stay abroad


def compulsory_stay_section(filters: Filters, cohorts: pl.DataFrame) -> dmc.SimpleGrid:
    lang = filters.lang
    totals = cohorts.filter(pl.col("school_id").is_null())
    months = totals["school_rule_max_months"].max() if not totals.is_empty() else 4
    chart = components.chart_card(
        t("indicators.stay.chart", lang),
        STAY,
        stay_figure(totals, lang),
        "graduate_cohorts",
        filters,
    )
    chart.children.append(
        html.P(t("indicators.stay.note", lang, months=f"{months:g}"), className="muted")
    )
    per_school = cohorts.filter(pl.col("school_id").is_not_null())
    if per_school.is_empty():
        body = components.empty_state(t("indicators.stay.empty", lang))
    else:
        body = _grid(
            STAY_GRID,
            per_school.sort("graduation_year", "school", descending=[True, False]),
            [
                ("graduation_year", "indicators.col.cohort"),
                ("school", "indicators.col.school"),
                ("count_graduates", "indicators.col.graduates"),
                ("count_with_mobility", "indicators.col.with_mobility"),
                ("avg_months_abroad", "indicators.col.avg_months"),
                ("count_meeting_school_rule", "indicators.col.school_rule"),
                ("percent_meeting_school_rule", "indicators.col.percent_school_rule"),
                ("count_meeting_eu_benchmark", "indicators.col.eu_benchmark"),
                ("percent_meeting_eu_benchmark", "indicators.col.percent_eu_benchmark"),
                ("count_with_ects", "indicators.col.with_ects"),
            ],
            lang,
            height=420,
        )
    table = components.table_card(
        t("indicators.stay.grid", lang), "graduate_cohorts", filters, body
    )
    return dmc.SimpleGrid([chart, table], cols={"base": 1, "lg": 2}, spacing="sm")


def stay_figure(totals: pl.DataFrame, lang: str):
    if totals.is_empty():
        return figures.empty_figure(t("indicators.stay.empty.short", lang))
    return figures.compulsory_stay_shares(totals, lang)


# ---------- shared pieces


def _grid(
    grid_id: str,
    frame: pl.DataFrame,
    columns: list[tuple[str, str]],
    lang: str,
    shape: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    total: int | None = None,
    **opts,
):
    """An AG Grid with headers from label keys; a `partner` column is a link to the partner.
    `shape` adds what the rows shown need (links, labels in the page language) to those rows
    only: on every row of a long result it took 5-25 ms (50,000 flows without agreement).
    `total` is the number of rows of a result the query already cut (else the frame's)."""
    headers = [(field, t(key, lang)) for field, key in columns]
    total = frame.height if total is None else total
    # the browser gets the first rows only (the queries order them by importance); the
    # downloads have every row
    frame = frame.head(GRID_ROW_LIMIT)
    if shape is not None:
        frame = shape(frame)
    grid = components.linked_grid(
        grid_id, frame, headers, lang, min_widths=_MIN_WIDTHS, min_width=105, **opts
    )
    if total <= GRID_ROW_LIMIT:
        return grid
    note = t("indicators.grid.capped", lang, shown=GRID_ROW_LIMIT, total=total)
    return html.Div([grid, html.P(note, className="muted")])


def _with_partner_links(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The frame with a `partner` column: a markdown link to the partner keeping the filters."""
    return frame.with_columns(partner=components.partner_link_column(filters))


def _partner_rows(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """Partner links and country names in the page language."""
    return _with_partner_links(frame, filters).with_columns(
        country=pl.col(country_column(filters.lang))
    )


def _agreement_labels(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Country, type and level in the page language."""
    return frame.with_columns(
        country=pl.col(country_column(lang)),
        type=_labels_in(frame, "agreement_type", "agreement_type", lang),
        level=_labels_in(frame, "signatory_level", "signatory_level", lang),
    )


def _labels_in(frame: pl.DataFrame, column: str, prefix: str, lang: str) -> pl.Expr:
    values = frame[column].unique().drop_nulls().to_list()
    return pl.col(column).replace({v: t(f"{prefix}.{v}", lang) for v in values})


# ---------- callbacks


# A click on a partner's bar opens its profile (the URL keeps the filters). One callback per
# chart: the two charts arrive in different sections, and Dash refuses to run a callback
# while one of its inputs is missing from the page.
@callback(
    Output(components.URL, "pathname", allow_duplicate=True),
    Input(BALANCE, "clickData"),
    prevent_initial_call=True,
)
def open_balance_partner(click):
    return components.clicked_partner_path(click) or no_update


@callback(
    Output(components.URL, "pathname", allow_duplicate=True),
    Input(DD_BY_PARTNER, "clickData"),
    prevent_initial_call=True,
)
def open_double_degree_partner(click):
    return components.clicked_partner_path(click) or no_update


@callback(Output(QUOTA_GRID, "dashGridOptions"), Input(QUOTA_SEARCH, "value"))
def search_quotas(text):
    """Type to filter the quota rows."""
    return components.quick_filter(text)


# ---------- downloads: the exact frames behind the charts and tables


@downloadable("agreement_use_by_school")
def _download_use(filters: Filters) -> pl.DataFrame:
    return data.agreement_use_by_school(filters, management.reference_year(filters))


@downloadable("agreements_without_flows")
def _download_without_flows(filters: Filters) -> pl.DataFrame:
    return data.agreements_without_flows(filters, management.reference_year(filters))


@downloadable("flows_without_agreement")
def _download_without_agreement(filters: Filters) -> pl.DataFrame:
    return combined_queries.split_total(data.flows_without_agreement(filters))[0]


@downloadable("quota_vs_realised")
def _download_quotas(filters: Filters) -> pl.DataFrame:
    return data.quota_vs_realised(filters)


@downloadable("quota_use_by_year")
def _download_quota_by_year(filters: Filters) -> pl.DataFrame:
    return quota_by_year(data.quota_vs_realised(filters))


@downloadable("double_degree_pipeline")
def _download_pipeline(filters: Filters) -> pl.DataFrame:
    return data.double_degree_pipeline(filters)


@downloadable("double_degrees_by_year")
def _download_dd_by_year(filters: Filters) -> pl.DataFrame:
    return dd_by_year(data.double_degree_pipeline(filters))


@downloadable("double_degrees_by_partner")
def _download_dd_by_partner(filters: Filters) -> pl.DataFrame:
    return dd_by_partner(data.double_degree_pipeline(filters))


@downloadable("graduate_cohorts")
def _download_cohorts(filters: Filters) -> pl.DataFrame:
    return data.graduate_cohorts(filters)

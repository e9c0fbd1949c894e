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
from dashboard.i18n import N_, NP_, Translator, country_column, page_title, translator

dash.register_page(
    __name__, path="/indicators", name="Indicators", order=5, title=page_title(N_("Indicators"))
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
    t = translator(lang)
    if not years and status["last_import_at"] is None:
        return components.page_shell(
            "/indicators", filters, years, components.empty_state(t(components.EMPTY_WAREHOUSE))
        )
    year = management.reference_year(filters)
    span = f" {filters.year_from} → {filters.year_to}" if years else ""
    pair = {"cols": {"base": 1, "lg": 2}, "spacing": "sm"}
    return components.page_shell(
        "/indicators",
        filters,
        years,
        dcc.Store(id=FILTERS, data=filters.to_query()),
        html.H1([t("Management indicators"), html.Small(span)]),
        html.P(
            t(
                "Are agreements and quotas used, which partners are out of balance, "
                "how many double-degree students each partner exchanges, how many "
                "graduates stayed abroad. 'Used' and 'active' refer to {year}, the end "
                "of the year range.",
                year=year,
            ),
            className="muted",
        ),
        dmc.SimpleGrid(
            [_placeholder(_slot(card), KPI_HEIGHT) for card in KPI_CARDS],
            cols={"base": 2, "md": 4},
            spacing="sm",
        ),
        html.H2(t("Agreement health")),
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
        html.H2(t("Quotas versus realised")),
        _placeholder(QUOTAS, 1000),
        html.H2(t("Balance per partner")),
        _placeholder(BALANCES, 520),
        html.H2(t("Double-degree pipeline")),
        _placeholder(DOUBLE_DEGREES, 960),
        html.H2(t("Compulsory stay abroad")),
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
    t = translator(lang)
    return components.kpi_card(
        KPI_ENDING,
        t("Ending within a year"),
        ending.height,
        note=t("agreements to renew"),
        lang=lang,
    )


def without_agreement_kpi(filters: Filters, count_pairs: int) -> dmc.Paper:
    lang = filters.lang
    t = translator(lang)
    return components.kpi_card(
        KPI_WITHOUT_AGREEMENT,
        t("Flows with no agreement"),
        count_pairs,
        note=t("school–partner pairs"),
        lang=lang,
    )


def quota_kpi(filters: Filters, quotas: pl.DataFrame, year: str) -> dmc.Paper:
    lang = filters.lang
    quota_year = quota_totals(quotas, year)
    t = translator(lang)
    return components.kpi_card(
        KPI_QUOTA_USED,
        t("Quota places used in {year}", year=year),
        quota_year["percent"],
        note=t("{realised} mobilities for {quota} places", **quota_year)
        if quota_year["quota"]
        else t("no known quota"),
        unit=" %",
        lang=lang,
    )


def cohort_cards(summary: management.Summary, lang: str) -> list:
    """The latest cohort's compulsory stay: the school's rule and the EU benchmark."""
    t = translator(lang)
    if summary.cohort is None:
        note = t("no graduate cohort in this range")
        return [
            components.kpi_card(KPI_SCHOOL_RULE, t("Compulsory stay abroad"), None, note=note),
            components.kpi_card(KPI_EU_BENCHMARK, t("EU benchmark"), None, note=note),
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


# how an active agreement was used (agreement_use_by_school.use_state), in the chart's order
USE_STATES = {
    "used": N_("Used in the year"),
    "unused_this_year": N_("Not this year, used in the two years before"),
    "new_unused": N_("Started less than 3 years ago, not used yet"),
    "no_flow_3_years": N_("No flow for 3 years"),
    "undated": N_("No flow this year, listed without years (since when: unknown)"),
}

_AGREEMENT_COLUMNS = [
    ("school", N_("School")),
    ("partner", N_("Partner")),
    ("country", N_("Country")),
    ("type", N_("Type")),
    ("level", N_("Signed at")),
]


def use_card(filters: Filters, year: str, use: pl.DataFrame) -> dmc.Paper:
    lang = filters.lang
    t = translator(lang)
    card = components.chart_card(
        t("Agreements active in {year}, by use", year=year),
        USE,
        use_figure(use, lang, year),
        "agreement_use_by_school",
        filters,
    )
    card.children.append(
        html.P(
            t(
                "An agreement is used in a year when its school has a mobility with "
                "the partner that year, either way (a double-degree agreement: a "
                "double-degree student). Files do not say under which agreement a "
                "student left, so two agreements of a school with one partner are used "
                "by the same mobilities. The direction and activity filters do not "
                "apply."
            ),
            className="muted",
        )
    )
    return card


def no_flow_table(filters: Filters, year: str, no_flow: pl.DataFrame) -> dmc.Paper:
    lang = filters.lang
    first = management.window_start(year)
    t = translator(lang)
    body = (
        components.empty_state(
            t(
                "Every agreement active over {first} → {year} had a flow in those years.",
                first=first,
                year=year,
            )
        )
        if no_flow.is_empty()
        else _grid(
            NO_FLOW_GRID,
            no_flow,
            [
                *_AGREEMENT_COLUMNS,
                ("first_academic_year", N_("First year")),
                ("last_flow_year", N_("Last flow")),
            ],
            lang,
            shape=lambda rows: _agreement_labels(_with_partner_links(rows, filters), lang),
            height=360,
        )
    )
    return components.table_card(
        t("Agreements with no flow over {first} → {year}", first=first, year=year),
        "agreements_without_flows",
        filters,
        html.P(
            t(
                "Active in each of the three years, without a single mobility of their "
                "school with the partner. Last flow: the last year with one (empty: "
                "never)."
            ),
            className="muted",
        ),
        body,
    )


def ending_table(filters: Filters, use: pl.DataFrame, ending: pl.DataFrame) -> dmc.Paper:
    """The agreements ending soon; when none, how many active ones have no known end."""
    lang = filters.lang
    open_ended = int(use["count_open_ended"].sum()) if not use.is_empty() else 0
    t = translator(lang)
    body = (
        components.empty_state(
            t.ngettext(
                "No agreement ends within a year; {count} active agreement has no "
                "known last academic year (import files that give it, such as EWP "
                "agreements).",
                "No agreement ends within a year; {count} active agreements have no "
                "known last academic year (import files that give it, such as EWP "
                "agreements).",
                open_ended,
                count=open_ended,
            )
        )
        if ending.is_empty()
        else _grid(
            ENDING_GRID,
            ending,
            [*_AGREEMENT_COLUMNS, ("last_academic_year", N_("Last year"))],
            lang,
            shape=lambda rows: _agreement_labels(_with_partner_links(rows, filters), lang),
            height=300,
        )
    )
    return components.table_card(
        t("Agreements ending within a year"),
        "agreements_ending_soon",
        filters,
        html.P(
            t("Agreements whose last academic year is the current one or the next."),
            className="muted",
        ),
        body,
    )


def without_agreement_table(filters: Filters, orphans: pl.DataFrame, total: int) -> dmc.Paper:
    """The first pairs of flows without agreement (`orphans`, of `total`)."""
    lang = filters.lang
    t = translator(lang)
    body = (
        components.empty_state(t("Every school and partner pair with mobilities has an agreement."))
        if orphans.is_empty()
        else _grid(
            WITHOUT_AGREEMENT_GRID,
            orphans,
            [
                ("school", N_("School")),
                ("partner", N_("Partner")),
                ("country", N_("Country")),
                ("count_outgoing", N_("Outgoing")),
                ("count_incoming", N_("Incoming")),
                ("first_academic_year", N_("First year")),
                ("last_academic_year", N_("Last year")),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            total=total,
            height=300,
        )
    )
    return components.table_card(
        t("Flows with no agreement"),
        "flows_without_agreement",
        filters,
        html.P(
            t(
                "School and partner pairs with mobilities under the filters but no "
                "agreement of any kind between them: flows to document or agreements "
                "to sign."
            ),
            className="muted",
        ),
        body,
    )


def use_figure(use: pl.DataFrame, lang: str, year: str):
    """Active agreements per school, stacked by use."""
    t = translator(lang)
    if use.is_empty():
        return figures.empty_figure(
            t("No agreement active in {year}<br>for these schools and regions.", year=year)
        )
    names = {state: t(name) for state, name in USE_STATES.items()}
    return figures.agreement_use(use, names, t("Agreements"))


# ---------- quotas


def quota_section(filters: Filters, quotas: pl.DataFrame) -> html.Div:
    lang = filters.lang
    t = translator(lang)
    chart = components.chart_card(
        t("Places offered by quotas and mobilities using them"),
        QUOTA,
        quota_figure(quotas, lang),
        "quota_use_by_year",
        filters,
    )
    chart.children.append(
        html.P(
            t(
                "Quotas come from EWP agreements (cooperation conditions) and places "
                "columns of partner lists. A mobility uses a quota when it is of the "
                "same school, partner, direction and academic year, of its type "
                "(studies: study stays, or double degrees in a double-degree "
                "agreement; traineeships; staff teaching; staff training) and of one "
                "of its EQF levels when it names some. The activity filter does not "
                "apply."
            ),
            className="muted",
        )
    )
    if quotas.is_empty():
        body = [
            components.empty_state(
                t(
                    "No agreement has a known quota: import EWP files or a partner list "
                    "with a places column."
                )
            )
        ]
    else:

        def shape(rows: pl.DataFrame) -> pl.DataFrame:
            return _with_partner_links(rows, filters).with_columns(
                direction_label=_labels_in(rows, "direction", "direction", lang),
                type_label=_labels_in(rows, "mobility_type", "mobility_type", lang),
            )

        body = [
            dmc.TextInput(
                id=QUOTA_SEARCH,
                placeholder=t("Search a partner or a school"),
                w=300,
                mb="xs",
                debounce=200,
            ),
            _grid(
                QUOTA_GRID,
                quotas,
                [
                    ("academic_year", N_("Academic year")),
                    ("school", N_("School")),
                    ("partner", N_("Partner")),
                    ("direction_label", N_("Direction")),
                    ("type_label", N_("Mobility type")),
                    ("eqf_levels", N_("EQF levels")),
                    ("quota_mobilities", N_("Quota (mobilities)")),
                    ("realised_mobilities", N_("Realised")),
                    ("percent_used", N_("% used")),
                    ("quota_months", N_("Quota (months)")),
                    ("realised_months", N_("Realised months")),
                    ("quota_days", N_("Quota (days)")),
                    ("realised_days", N_("Realised days")),
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
                t("Quota versus realised, per agreement and year"),
                "quota_vs_realised",
                filters,
                *body,
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
    t = translator(lang)
    if by_year.is_empty():
        return figures.empty_figure(t("No agreement has a known quota"))
    labels = {
        **t.labels("direction"),
        "quota": t("places"),
        "realised": t("realised"),
        "x": t("Academic year"),
        "y": t("Places, mobilities"),
    }
    return figures.quota_use_by_year(by_year, labels)


# ---------- balance


def balance_section(filters: Filters, balance: pl.DataFrame) -> dmc.SimpleGrid:
    lang = filters.lang
    t = translator(lang)
    chart = components.chart_card(
        t("The {limit} partners most out of balance (incoming − outgoing)", limit=BALANCE_LIMIT),
        BALANCE,
        balance_figure(balance, lang),
        "partner_balance",
        filters,
    )
    note = t("The figures of the flows page; every global filter applies.")
    if filters.direction != "all":
        direction = t.label("direction", filters.direction).lower()
        note = t(
            "Only {direction} mobilities are counted here: set Direction to Both "
            "to see the real balance.",
            direction=direction,
        )
    chart.children.append(html.P(note, id=BALANCE_NOTE, className="muted"))
    if balance.is_empty():
        body = components.empty_state(t(components.NO_DATA))
    else:
        body = _grid(
            BALANCE_GRID,
            balance,
            [
                ("partner", N_("Partner")),
                ("country", N_("Country")),
                ("count_outgoing", N_("Outgoing")),
                ("count_incoming", N_("Incoming")),
                ("balance", N_("Balance (in − out)")),
                # TRANSLATORS: "Ratio" on the flows page, a grid's column here
                ("ratio_in_out", NP_("indicators", "Ratio in / out")),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            height=440,
        )
    table = components.table_card(
        t("Incoming, outgoing and their ratio"), "partner_balance", filters, body
    )
    return dmc.SimpleGrid([chart, table], cols={"base": 1, "lg": 2}, spacing="sm")


def balance_figure(balance: pl.DataFrame, lang: str):
    t = translator(lang)
    if balance.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    return figures.partner_balance(
        balance, components.balance_labels(t), country_column(lang), height=440, lang=lang
    )


# ---------- double-degree pipeline


def double_degree_section(filters: Filters, pipeline: pl.DataFrame) -> html.Div:
    lang = filters.lang
    t = translator(lang)
    by_year = components.chart_card(
        t("Double-degree students leaving and arriving"),
        DD_BY_YEAR,
        dd_year_figure(pipeline, lang),
        "double_degrees_by_year",
        filters,
    )
    by_year.children.append(
        html.P(
            t(
                "Double-degree mobilities by the academic year they start in. The "
                "activity filter does not apply."
            ),
            className="muted",
        )
    )
    by_partner = components.chart_card(
        t("Double-degree students per partner (first {limit})", limit=DD_PARTNER_LIMIT),
        DD_BY_PARTNER,
        dd_partner_figure(pipeline, lang),
        "double_degrees_by_partner",
        filters,
    )
    if pipeline.is_empty():
        body = components.empty_state(t("No double-degree mobility under these filters"))
    else:
        body = _grid(
            DD_GRID,
            pipeline,
            [
                ("academic_year", N_("Academic year")),
                ("partner", N_("Partner")),
                ("country", N_("Country")),
                ("count_leaving", N_("Leaving")),
                ("count_arriving", N_("Arriving")),
            ],
            lang,
            shape=lambda rows: _partner_rows(rows, filters),
            height=400,
        )
    return html.Div(
        [
            dmc.SimpleGrid([by_year, by_partner], cols={"base": 1, "lg": 2}, spacing="sm"),
            components.table_card(
                t("Double-degree students per partner and year"),
                "double_degree_pipeline",
                filters,
                body,
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
    t = translator(lang)
    if pipeline.is_empty():
        return figures.empty_figure(t("No double-degree mobility under these filters"))
    return figures.double_degrees_by_year(dd_by_year(pipeline), _dd_labels(t))


def dd_partner_figure(pipeline: pl.DataFrame, lang: str):
    t = translator(lang)
    if pipeline.is_empty():
        return figures.empty_figure(t("No double-degree mobility under these filters"))
    # added up per partner first, then hidden from a viewer when below 5
    return figures.double_degrees_by_partner(auth.shown(dd_by_partner(pipeline)), _dd_labels(t))


def _dd_labels(t: Translator) -> dict[str, str]:
    return {
        "count_leaving": t("Leaving"),
        "count_arriving": t("Arriving"),
        "year": t("Academic year"),
        "students": t("Students"),
    }


# ---------- compulsory stay abroad


def compulsory_stay_section(filters: Filters, cohorts: pl.DataFrame) -> dmc.SimpleGrid:
    lang = filters.lang
    totals = cohorts.filter(pl.col("school_id").is_null())
    months = totals["school_rule_max_months"].max() if not totals.is_empty() else 4
    t = translator(lang)
    chart = components.chart_card(
        t("Graduates meeting the stay abroad, per cohort"),
        STAY,
        stay_figure(totals, lang),
        "graduate_cohorts",
        filters,
    )
    chart.children.append(
        html.P(
            t(
                "Months abroad: the physical months of a graduate's outgoing study, "
                "traineeship, double-degree and other student stays up to the "
                "graduation year (staff mobilities never count), matched by pseudonym. "
                "School's rule: at least {months} months. EU benchmark: at least 3 "
                "months or 15 ECTS credits. Cohorts closing an academic year of the "
                "range; the direction, activity and region filters do not apply.",
                months=format(months, "g"),
            ),
            className="muted",
        )
    )
    per_school = cohorts.filter(pl.col("school_id").is_not_null())
    if per_school.is_empty():
        body = components.empty_state(
            t(
                "No graduate cohort in this range: import a graduates file with "
                "`mobility import graduates FILE --school SCHOOL`."
            )
        )
    else:
        body = _grid(
            STAY_GRID,
            per_school.sort("graduation_year", "school", descending=[True, False]),
            [
                ("graduation_year", N_("Graduation year")),
                ("school", N_("School")),
                ("count_graduates", N_("Graduates")),
                ("count_with_mobility", N_("With a mobility")),
                ("avg_months_abroad", N_("Average months abroad")),
                ("count_meeting_school_rule", N_("Meeting the school's rule")),
                ("percent_meeting_school_rule", N_("% school's rule")),
                ("count_meeting_eu_benchmark", N_("Meeting the EU benchmark")),
                ("percent_meeting_eu_benchmark", N_("% EU benchmark")),
                ("count_with_ects", N_("ECTS known")),
            ],
            lang,
            height=420,
        )
    table = components.table_card(t("Cohorts per school"), "graduate_cohorts", filters, body)
    return dmc.SimpleGrid([chart, table], cols={"base": 1, "lg": 2}, spacing="sm")


def stay_figure(totals: pl.DataFrame, lang: str):
    t = translator(lang)
    if totals.is_empty():
        return figures.empty_figure(t("No graduate cohort in this range"))
    labels = {
        "school_rule": t("School's rule"),
        "eu_benchmark": t("EU benchmark (3 months or 15 ECTS)"),
        "x": t("Graduation year"),
        "y": t("% of graduates"),
        "target": t("EU target 2030: {percent} %"),
    }
    return figures.compulsory_stay_shares(totals, labels)


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
    """An AG Grid with headers from messages; a `partner` column is a link to the partner.
    `shape` adds what the rows shown need (links, labels in the page language) to those rows
    only: on every row of a long result it took 5-25 ms (50,000 flows without agreement).
    `total` is the number of rows of a result the query already cut (else the frame's)."""
    t = translator(lang)
    headers = [(field, t(header)) for field, header in columns]
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
    note = t(
        "The first {shown} of {total} rows are shown; the CSV and Excel downloads have them all.",
        shown=GRID_ROW_LIMIT,
        total=total,
    )
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


def _labels_in(frame: pl.DataFrame, column: str, vocabulary: str, lang: str) -> pl.Expr:
    values = frame[column].unique().drop_nulls().to_list()
    t = translator(lang)
    return pl.col(column).replace({v: t.label(vocabulary, v) for v in values})


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

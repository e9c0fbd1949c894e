"""Management indicators: are agreements and quotas used, which partners are out of balance,
how many double-degree students each partner exchanges, how many graduates stayed abroad."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, dcc, html, no_update

from dashboard import auth, components, data, management
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import N_, page_title, translator
from dashboard.pages.indicator_sections import (
    balance,
    compulsory_stay,
    double_degrees,
    health,
    quotas,
)
from dashboard.pages.indicator_sections.ids import (
    BALANCE,
    BALANCE_LIMIT,
    BALANCES,
    COMPULSORY_STAY,
    DD_BY_PARTNER,
    DD_PARTNER_LIMIT,
    DOUBLE_DEGREES,
    FILTERS,
    GRID_ROW_LIMIT,
    HEALTH,
    HEALTH_ENDING,
    HEALTH_NO_FLOW,
    KPI_CARDS,
    KPI_ENDING,
    KPI_EU_BENCHMARK,
    KPI_HEIGHT,
    KPI_NO_FLOW,
    KPI_QUOTA_USED,
    KPI_SCHOOL_RULE,
    KPI_USED,
    KPI_WITHOUT_AGREEMENT,
    QUOTA_GRID,
    QUOTA_SEARCH,
    QUOTAS,
    WITHOUT_AGREEMENT,
)

dash.register_page(
    __name__, path="/indicators", name="Indicators", order=5, title=page_title(N_("Indicators"))
)


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
        health.use_card(filters, year, use),
        health.ending_table(filters, use, ending),
        used_card,
        no_flow_card,
        health.ending_kpi(filters, ending),
    )


@callback(Output(HEALTH_NO_FLOW, "children"), Input(FILTERS, "data"))
def show_agreements_without_flows(search):
    filters, year = _section_filters(search)
    return health.no_flow_table(filters, year, data.agreements_without_flows(filters, year))


@callback(
    Output(WITHOUT_AGREEMENT, "children"),
    Output(_slot(KPI_WITHOUT_AGREEMENT), "children"),
    Input(FILTERS, "data"),
)
def show_flows_without_agreement(search):
    filters, _year = _section_filters(search)
    # the rows shown only, and how many there are: the browser never gets 50,000 pairs
    orphans, total = data.flows_without_agreement(filters, limit=GRID_ROW_LIMIT)
    return (
        health.without_agreement_table(filters, orphans, total),
        health.without_agreement_kpi(filters, total),
    )


@callback(
    Output(QUOTAS, "children"),
    Output(_slot(KPI_QUOTA_USED), "children"),
    Input(FILTERS, "data"),
)
def show_quotas(search):
    filters, year = _section_filters(search)
    rows, by_year = data.together(
        lambda: data.quota_vs_realised(filters), lambda: data.quota_use_by_year(filters)
    )
    return quotas.quota_section(filters, rows, by_year), quotas.quota_kpi(filters, rows, year)


@callback(Output(BALANCES, "children"), Input(FILTERS, "data"))
def show_balance(search):
    filters, _year = _section_filters(search)
    # counts below 5 per partner hidden from a viewer
    return balance.balance_section(
        filters, auth.shown(data.partner_balance(filters, BALANCE_LIMIT))
    )


@callback(Output(DOUBLE_DEGREES, "children"), Input(FILTERS, "data"))
def show_double_degrees(search):
    filters, _year = _section_filters(search)
    pipeline, by_year, by_partner = data.together(
        lambda: data.double_degree_pipeline(filters),
        lambda: data.double_degrees_by_year(filters),
        lambda: data.double_degrees_by_partner(filters, DD_PARTNER_LIMIT),
    )
    return double_degrees.double_degree_section(filters, pipeline, by_year, by_partner)


@callback(
    Output(COMPULSORY_STAY, "children"),
    Output(_slot(KPI_SCHOOL_RULE), "children"),
    Output(_slot(KPI_EU_BENCHMARK), "children"),
    Input(FILTERS, "data"),
)
def show_compulsory_stay(search):
    filters, year = _section_filters(search)
    cohorts = data.graduate_cohorts(filters)
    school_rule, eu_benchmark = compulsory_stay.cohort_cards(
        management.summarise(year, None, cohorts), filters.lang
    )
    return compulsory_stay.compulsory_stay_section(filters, cohorts), school_rule, eu_benchmark


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
    return data.flows_without_agreement(filters).rows


@downloadable("quota_vs_realised")
def _download_quotas(filters: Filters) -> pl.DataFrame:
    return data.quota_vs_realised(filters)


@downloadable("quota_use_by_year")
def _download_quota_by_year(filters: Filters) -> pl.DataFrame:
    return data.quota_use_by_year(filters)


@downloadable("double_degree_pipeline")
def _download_pipeline(filters: Filters) -> pl.DataFrame:
    return data.double_degree_pipeline(filters)


@downloadable("double_degrees_by_year")
def _download_dd_by_year(filters: Filters) -> pl.DataFrame:
    return data.double_degrees_by_year(filters)


@downloadable("double_degrees_by_partner")
def _download_dd_by_partner(filters: Filters) -> pl.DataFrame:
    return data.double_degrees_by_partner(filters, DD_PARTNER_LIMIT)


@downloadable("graduate_cohorts")
def _download_cohorts(filters: Filters) -> pl.DataFrame:
    return data.graduate_cohorts(filters)

"""Flows: outgoing and incoming mobilities by year, activity, world region and partner."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, ctx, html, no_update

from dashboard import auth, combined_queries, components, data, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import country_column, region_column, t

dash.register_page(__name__, path="/flows", name="Flows", order=3, title="mobility: flows")

TREND = "flows-trend"
BY_ACTIVITY = "flows-by-activity"
BY_REGION = "flows-by-region"
TOP_OUTGOING = "flows-top-outgoing"
TOP_INCOMING = "flows-top-incoming"
TOP_GRID = "flows-top-grid"
TOP_SEARCH = "flows-top-search"
BALANCE = "flows-balance"
BALANCE_NOTE = "flows-balance-note"

TOP_LIMIT = 10
BALANCE_LIMIT = 20
CHART_HEIGHT = 440  # region and balance charts share a row


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    breakdowns, rankings = data.together(
        lambda: data.mobility_breakdowns(filters),
        lambda: data.partner_rankings(filters, TOP_LIMIT, BALANCE_LIMIT),
    )
    # what the charts and tables draw: counts below 5 per partner hidden from a viewer
    top, balance = combined_queries.top_and_balance(auth.shown(rankings))
    span = f" {filters.year_from} → {filters.year_to}" if years else ""
    return components.page_shell(
        "/flows",
        filters,
        years,
        html.H1([t("flows.title", lang), html.Small(span)]),
        dmc.SimpleGrid(
            [
                components.chart_card(
                    t("flows.trend", lang),
                    TREND,
                    trend_figure(combined_queries.breakdown_rows(breakdowns, "direction"), lang),
                    "mobility_trend",
                    filters,
                ),
                components.chart_card(
                    t("flows.by_activity", lang),
                    BY_ACTIVITY,
                    activity_figure(combined_queries.breakdown_rows(breakdowns, "activity"), lang),
                    "mobility_by_activity",
                    filters,
                ),
                components.chart_card(
                    t("flows.by_region", lang),
                    BY_REGION,
                    region_figure(combined_queries.breakdown_rows(breakdowns, "region"), lang),
                    "mobility_by_region",
                    filters,
                ),
                balance_card(balance, filters),
                components.chart_card(
                    t("flows.top_outgoing", lang),
                    TOP_OUTGOING,
                    top_figure(top, "outgoing", filters),
                    "top_partners_outgoing",
                    filters,
                ),
                components.chart_card(
                    t("flows.top_incoming", lang),
                    TOP_INCOMING,
                    top_figure(top, "incoming", filters),
                    "top_partners_incoming",
                    filters,
                ),
            ],
            cols={"base": 1, "lg": 2},
            spacing="sm",
        ),
        html.P(t("flows.click", lang), className="muted"),
        top_table(top, filters),
    )


def balance_card(balance: pl.DataFrame, filters: Filters) -> dmc.Paper:
    """The balance chart, with a warning when one direction only is counted."""
    lang = filters.lang
    card = components.chart_card(
        t("flows.balance", lang), BALANCE, balance_figure(balance, lang), "partner_balance", filters
    )
    if filters.direction != "all":
        direction = t(f"direction.{filters.direction}", lang).lower()
        card.children.append(
            html.P(
                t("flows.balance.one_direction", lang, direction=direction),
                id=BALANCE_NOTE,
                className="muted",
            )
        )
    return card


def trend_figure(trend: pl.DataFrame, lang: str):
    """Outgoing and incoming lines per year (the overview's figure and query)."""
    if trend.is_empty():
        return figures.empty_figure(t("empty.no_data", lang))
    return figures.trend_lines(
        trend,
        lang,
        layout=figures.merged(
            {
                "xaxis": {"categoryorder": "category ascending"},
                "yaxis": figures.titled(t("flows.axis.mobilities", lang)),
            },
            figures.LEGEND_ABOVE,
        ),
    )


def activity_figure(by_activity: pl.DataFrame, lang: str):
    """Bars per year stacked by activity, for the selected direction(s)."""
    if by_activity.is_empty():
        return figures.empty_figure(t("empty.no_data", lang))
    return figures.stacked_bar(
        by_activity,
        "academic_year",
        "count_mobilities",
        "activity",
        lang,
        "activity",
        colours=figures.ACTIVITY_COLOURS,
        layout=_year_bars(lang),
    )


def region_figure(by_region: pl.DataFrame, lang: str):
    """Bars per year stacked by the partners' world region, named in the page language."""
    if by_region.is_empty():
        return figures.empty_figure(t("empty.no_data", lang))
    name = region_column(lang)
    colours = {
        row[name]: figures.REGION_COLOURS.get(row["region_code"], "#9aa5b1")
        for row in by_region.select(name, "region_code").unique().iter_rows(named=True)
    }
    return figures.stacked_bar(
        by_region,
        "academic_year",
        "count_mobilities",
        name,
        lang,
        height=CHART_HEIGHT,
        colours=colours,
        layout=_year_bars(lang),
    )


def _year_bars(lang: str) -> dict:
    # years in order even when the first trace lacks some (the axis takes the first trace's)
    axes = {
        "xaxis": figures.titled(
            t("axis.academic_year", lang), type="category", categoryorder="category ascending"
        ),
        "yaxis": figures.titled(t("flows.axis.mobilities", lang)),
    }
    return figures.merged(axes, figures.LEGEND_ABOVE)


def top_figure(top: pl.DataFrame, direction: str, filters: Filters):
    """The first partners of one direction as horizontal bars, largest on top."""
    lang = filters.lang
    rows = top.filter(pl.col("direction") == direction).sort("rank")
    if rows.is_empty():
        if filters.direction not in ("all", direction):
            direction_name = t(f"direction.{direction}", lang).lower()
            return figures.empty_figure(t("flows.no_direction", lang, direction=direction_name))
        return figures.empty_figure(t("empty.no_data", lang))
    country = country_column(lang)
    rows = rows.with_columns(
        label=pl.Series(figures.partner_labels(rows)),
        hover=pl.format(
            "<b>{}</b><br>{}<br>{}: {}",
            "partner_name",
            pl.col(country).fill_null(""),
            pl.lit(t(f"flows.hover.{direction}", lang)),
            components.count_column("count_mobilities"),
        ),
    )
    return figures.ranked_bars(
        rows,
        "label",
        "count_mobilities",
        figures.DIRECTION_COLOURS[direction],
        hover="hover",
        key="partner_id",
        layout={"xaxis": figures.titled(t("flows.axis.mobilities", lang))},
    )


def balance_figure(balance: pl.DataFrame, lang: str):
    """Incoming − outgoing per partner around zero, the ratio in the hover."""
    if balance.is_empty():
        return figures.empty_figure(t("empty.no_data", lang))
    return figures.partner_balance(balance, lang, height=CHART_HEIGHT)


def top_table(top: pl.DataFrame, filters: Filters) -> dmc.Paper:
    """Both top-10 lists in one searchable grid whose partner names open the partner profile."""
    lang = filters.lang
    head = html.Div(
        [html.H3(t("flows.top_table", lang)), components.download_links("top_partners", filters)],
        className="card-head",
    )
    if top.is_empty():
        return dmc.Paper(
            [head, components.empty_state(t("empty.no_data", lang))],
            withBorder=True,
            p="sm",
            mt="sm",
        )
    rows = top.with_columns(
        direction_label=pl.col("direction").replace_strict(
            {d: t(f"direction.{d}", lang) for d in ("outgoing", "incoming")}
        ),
        partner_link=components.partner_link_column(filters),
    )
    grid = components.data_grid(
        TOP_GRID,
        rows,
        [
            ("direction_label", t("flows.col.direction", lang)),
            ("rank", t("flows.col.rank", lang)),
            ("partner_link", t("flows.col.partner", lang)),
            (country_column(lang), t("flows.col.country", lang)),
            ("count_mobilities", t("flows.col.mobilities", lang)),
        ],
        lang,
        height=min(520, 130 + 42 * rows.height),
    )
    for column in grid.columnDefs:
        if column["field"] == "partner_link":
            column.update(cellRenderer="markdown", flex=3)
    return dmc.Paper(
        [
            head,
            dmc.TextInput(
                id=TOP_SEARCH, placeholder=t("map.search", lang), w=260, mb="xs", debounce=200
            ),
            grid,
        ],
        withBorder=True,
        p="sm",
        mt="sm",
    )


@callback(
    Output(components.URL, "pathname", allow_duplicate=True),
    Input(TOP_OUTGOING, "clickData"),
    Input(TOP_INCOMING, "clickData"),
    Input(BALANCE, "clickData"),
    prevent_initial_call=True,
)
def open_clicked_partner(*_clicks):
    """A click on a partner's bar opens its profile (the URL keeps the filters)."""
    path = components.clicked_partner_path(ctx.triggered[0]["value"] if ctx.triggered else None)
    return path or no_update


@callback(Output(TOP_GRID, "dashGridOptions"), Input(TOP_SEARCH, "value"))
def search_top_partners(text):
    """Type to filter the grid's rows."""
    return components.quick_filter(text)


@downloadable("mobility_by_activity")
def _download_by_activity(filters: Filters) -> pl.DataFrame:
    return data.mobility_by_activity(filters)


@downloadable("mobility_by_region")
def _download_by_region(filters: Filters) -> pl.DataFrame:
    return data.mobility_by_region(filters)


@downloadable("top_partners")
def _download_top(filters: Filters) -> pl.DataFrame:
    return data.top_partners(filters, TOP_LIMIT)


@downloadable("top_partners_outgoing")
def _download_top_outgoing(filters: Filters) -> pl.DataFrame:
    return data.top_partners(filters, TOP_LIMIT).filter(pl.col("direction") == "outgoing")


@downloadable("top_partners_incoming")
def _download_top_incoming(filters: Filters) -> pl.DataFrame:
    return data.top_partners(filters, TOP_LIMIT).filter(pl.col("direction") == "incoming")


@downloadable("partner_balance")
def _download_balance(filters: Filters) -> pl.DataFrame:
    return data.partner_balance(filters, BALANCE_LIMIT)

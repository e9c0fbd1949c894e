"""Flows: outgoing and incoming mobilities by year, activity, world region and partner."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, callback, ctx, html, no_update

from dashboard import auth, components, data, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import N_, country_column, page_title, region_column, translator

dash.register_page(__name__, path="/flows", name="Flows", order=3, title=page_title(N_("Flows")))

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
    # each chart draws the frame of the data function its download runs
    trend, by_activity, by_region, top, balance = data.together(
        lambda: data.mobility_trend(filters),
        lambda: data.mobility_by_activity(filters),
        lambda: data.mobility_by_region(filters),
        lambda: data.top_partners(filters, TOP_LIMIT),
        lambda: data.partner_balance(filters, BALANCE_LIMIT),
    )
    # what the charts and tables draw: counts below 5 per partner hidden from a viewer
    top, balance = auth.shown(top), auth.shown(balance)
    span = f" {filters.year_from} → {filters.year_to}" if years else ""
    t = translator(lang)
    return components.page_shell(
        "/flows",
        filters,
        years,
        html.H1([t("Flows"), html.Small(span)]),
        dmc.SimpleGrid(
            [
                components.chart_card(
                    t("Outgoing and incoming per academic year"),
                    TREND,
                    trend_figure(trend, lang),
                    "mobility_trend",
                    filters,
                ),
                components.chart_card(
                    t("Mobilities by activity"),
                    BY_ACTIVITY,
                    activity_figure(by_activity, lang),
                    "mobility_by_activity",
                    filters,
                ),
                components.chart_card(
                    t("Mobilities by world region"),
                    BY_REGION,
                    region_figure(by_region, lang),
                    "mobility_by_region",
                    filters,
                ),
                balance_card(balance, filters),
                components.chart_card(
                    t("Top 10 destinations (outgoing)"),
                    TOP_OUTGOING,
                    top_figure(top, "outgoing", filters),
                    "top_partners_outgoing",
                    filters,
                ),
                components.chart_card(
                    t("Top 10 origins (incoming)"),
                    TOP_INCOMING,
                    top_figure(top, "incoming", filters),
                    "top_partners_incoming",
                    filters,
                ),
            ],
            cols={"base": 1, "lg": 2},
            spacing="sm",
        ),
        html.P(t("Click a partner's bar to open its profile."), className="muted"),
        top_table(top, filters),
    )


def balance_card(balance: pl.DataFrame, filters: Filters) -> dmc.Paper:
    """The balance chart, with a warning when one direction only is counted."""
    lang = filters.lang
    t = translator(lang)
    card = components.chart_card(
        t("The 20 partners most out of balance (incoming − outgoing)"),
        BALANCE,
        balance_figure(balance, lang),
        "partner_balance",
        filters,
    )
    if filters.direction != "all":
        direction = t.label("direction", filters.direction).lower()
        card.children.append(
            html.P(
                t(
                    "Only {direction} mobilities are counted here: set Direction to Both "
                    "to see the real balance.",
                    direction=direction,
                ),
                id=BALANCE_NOTE,
                className="muted",
            )
        )
    return card


def trend_figure(trend: pl.DataFrame, lang: str):
    """Outgoing and incoming lines per year (the overview's figure and query)."""
    t = translator(lang)
    if trend.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    return figures.trend_lines(
        trend,
        t.labels("direction"),
        t("Academic year"),
        t("Students"),
        layout=figures.merged(
            {
                "xaxis": {"categoryorder": "category ascending"},
                "yaxis": figures.titled(t("Mobilities")),
            },
            figures.LEGEND_ABOVE,
        ),
    )


def activity_figure(by_activity: pl.DataFrame, lang: str):
    """Bars per year stacked by activity, for the selected direction(s)."""
    t = translator(lang)
    if by_activity.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    return figures.stacked_bar(
        by_activity,
        "academic_year",
        "count_mobilities",
        "activity",
        t.labels("activity"),
        colours=figures.ACTIVITY_COLOURS,
        layout=_year_bars(lang),
    )


def region_figure(by_region: pl.DataFrame, lang: str):
    """Bars per year stacked by the partners' world region, named in the page language."""
    t = translator(lang)
    if by_region.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
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
        height=CHART_HEIGHT,
        colours=colours,
        layout=_year_bars(lang),
    )


def _year_bars(lang: str) -> dict:
    # years in order even when the first trace lacks some (the axis takes the first trace's)
    t = translator(lang)
    axes = {
        "xaxis": figures.titled(
            t("Academic year"), type="category", categoryorder="category ascending"
        ),
        "yaxis": figures.titled(t("Mobilities")),
    }
    return figures.merged(axes, figures.LEGEND_ABOVE)


def top_figure(top: pl.DataFrame, direction: str, filters: Filters):
    """The first partners of one direction as horizontal bars, largest on top."""
    lang = filters.lang
    rows = top.filter(pl.col("direction") == direction).sort("rank")
    t = translator(lang)
    if rows.is_empty():
        if filters.direction not in ("all", direction):
            direction_name = t.label("direction", direction).lower()
            return figures.empty_figure(
                t(
                    "No {direction} mobilities: the Direction filter leaves them out.",
                    direction=direction_name,
                )
            )
        return figures.empty_figure(t(components.NO_DATA))
    country = country_column(lang)
    rows = rows.with_columns(
        label=pl.Series(figures.partner_labels(rows)),
        hover=pl.format(
            "<b>{}</b><br>{}<br>{}: {}",
            "partner_name",
            pl.col(country).fill_null(""),
            pl.lit(t.label("direction", direction)),
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
        layout={"xaxis": figures.titled(t("Mobilities"))},
    )


def balance_figure(balance: pl.DataFrame, lang: str):
    """Incoming − outgoing per partner around zero, the ratio in the hover."""
    t = translator(lang)
    if balance.is_empty():
        return figures.empty_figure(t(components.NO_DATA))
    return figures.partner_balance(
        balance,
        components.balance_labels(t),
        country_column(lang),
        height=CHART_HEIGHT,
        lang=lang,
    )


def top_table(top: pl.DataFrame, filters: Filters) -> dmc.Paper:
    """Both top-10 lists in one searchable grid whose partner names open the partner profile."""
    lang = filters.lang
    t = translator(lang)
    head = html.Div(
        [html.H3(t("Top partners each way")), components.download_links("top_partners", filters)],
        className="card-head",
    )
    if top.is_empty():
        return dmc.Paper(
            [head, components.empty_state(t(components.NO_DATA))],
            withBorder=True,
            p="sm",
            mt="sm",
        )
    rows = top.with_columns(
        direction_label=pl.col("direction").replace_strict(
            {d: t.label("direction", d) for d in ("outgoing", "incoming")}
        ),
        partner_link=components.partner_link_column(filters),
    )
    grid = components.data_grid(
        TOP_GRID,
        rows,
        [
            ("direction_label", t("Direction")),
            ("rank", t("#")),
            ("partner_link", t("Partner")),
            (country_column(lang), t("Country")),
            ("count_mobilities", t("Mobilities")),
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
            dmc.TextInput(id=TOP_SEARCH, placeholder=t("Search"), w=260, mb="xs", debounce=200),
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

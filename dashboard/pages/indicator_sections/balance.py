"""Balance per partner: the flows page's partners most out of balance, as a chart and a table."""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import components, figures
from dashboard.filters import Filters
from dashboard.i18n import N_, NP_, country_column, translator
from dashboard.pages.indicator_sections.grids import (
    grid,
    partner_rows,
)
from dashboard.pages.indicator_sections.ids import (
    BALANCE,
    BALANCE_GRID,
    BALANCE_LIMIT,
    BALANCE_NOTE,
)


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
        body = grid(
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
            shape=lambda rows: partner_rows(rows, filters),
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

"""The double-degree pipeline: students leaving and arriving per year and per partner."""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import auth, components, figures
from dashboard.filters import Filters
from dashboard.i18n import N_, Translator, translator
from dashboard.pages.indicator_sections.grids import (
    grid,
    partner_rows,
)
from dashboard.pages.indicator_sections.ids import (
    DD_BY_PARTNER,
    DD_BY_YEAR,
    DD_GRID,
    DD_PARTNER_LIMIT,
)


def double_degree_section(
    filters: Filters, pipeline: pl.DataFrame, by_year: pl.DataFrame, by_partner: pl.DataFrame
) -> html.Div:
    lang = filters.lang
    t = translator(lang)
    by_year = components.chart_card(
        t("Double-degree students leaving and arriving"),
        DD_BY_YEAR,
        dd_year_figure(by_year, lang),
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
        dd_partner_figure(by_partner, lang),
        "double_degrees_by_partner",
        filters,
    )
    if pipeline.is_empty():
        body = components.empty_state(t("No double-degree mobility under these filters"))
    else:
        body = grid(
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
            shape=lambda rows: partner_rows(rows, filters),
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


def dd_year_figure(by_year: pl.DataFrame, lang: str):
    t = translator(lang)
    if by_year.is_empty():
        return figures.empty_figure(t("No double-degree mobility under these filters"))
    return figures.double_degrees_by_year(by_year, _dd_labels(t))


def dd_partner_figure(by_partner: pl.DataFrame, lang: str):
    t = translator(lang)
    if by_partner.is_empty():
        return figures.empty_figure(t("No double-degree mobility under these filters"))
    # added up per partner first (in SQL), then hidden from a viewer when below 5
    return figures.double_degrees_by_partner(auth.shown(by_partner), _dd_labels(t))


def _dd_labels(t: Translator) -> dict[str, str]:
    return {
        "count_leaving": t("Leaving"),
        "count_arriving": t("Arriving"),
        "year": t("Academic year"),
        "students": t("Students"),
    }

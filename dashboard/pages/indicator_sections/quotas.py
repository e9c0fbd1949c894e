"""Quotas versus realised: the places agreements offer and the mobilities that used them."""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import components, figures
from dashboard.filters import Filters
from dashboard.i18n import N_, translator
from dashboard.pages.indicator_sections.grids import (
    grid,
    labels_in,
    with_partner_links,
)
from dashboard.pages.indicator_sections.ids import (
    KPI_QUOTA_USED,
    QUOTA,
    QUOTA_GRID,
    QUOTA_SEARCH,
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


def quota_totals(quotas: pl.DataFrame, year: str) -> dict:
    """Places a year offered by the quotas of `year` and places used, with the share used."""
    rows = quotas.filter(
        (pl.col("academic_year") == year) & pl.col("quota_mobilities").is_not_null()
    )
    quota = int(rows["quota_mobilities"].sum()) if not rows.is_empty() else 0
    realised = int(rows["realised_mobilities"].sum()) if not rows.is_empty() else 0
    percent = round(100 * realised / quota, 1) if quota else None
    return {"quota": quota, "realised": realised, "percent": percent}


def quota_section(filters: Filters, quotas: pl.DataFrame, by_year: pl.DataFrame) -> html.Div:
    lang = filters.lang
    t = translator(lang)
    chart = components.chart_card(
        t("Places offered by quotas and mobilities using them"),
        QUOTA,
        quota_figure(by_year, lang),
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
            return with_partner_links(rows, filters).with_columns(
                direction_label=labels_in(rows, "direction", "direction", lang),
                type_label=labels_in(rows, "mobility_type", "mobility_type", lang),
            )

        body = [
            dmc.TextInput(
                id=QUOTA_SEARCH,
                placeholder=t("Search a partner or a school"),
                w=300,
                mb="xs",
                debounce=200,
            ),
            grid(
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


def quota_figure(by_year: pl.DataFrame, lang: str):
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

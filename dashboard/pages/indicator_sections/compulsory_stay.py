"""Compulsory stay abroad: graduates meeting the school's rule and the EU benchmark."""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import components, figures, management
from dashboard.filters import Filters
from dashboard.i18n import N_, translator
from dashboard.pages.indicator_sections.grids import (
    grid,
)
from dashboard.pages.indicator_sections.ids import (
    KPI_EU_BENCHMARK,
    KPI_SCHOOL_RULE,
    STAY,
    STAY_GRID,
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
        body = grid(
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

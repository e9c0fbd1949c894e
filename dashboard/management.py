"""The headline management indicators, shared by the overview and the /indicators page.

Figures computed from the named queries' frames (no SQL here): the share of active agreements
used in the year, the agreements with no flow for three years, the latest graduate cohort's
compulsory stay abroad."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from dash import html

from dashboard import components, data, numbers
from dashboard.filters import Filters
from dashboard.i18n import translator


@dataclass(frozen=True)
class Summary:
    year: str
    count_active: int
    count_used: int
    count_no_flow: int
    count_undated: int = 0  # listed without years, no flow this year: never "no flow for 3 years"
    cohort: int | None = None  # the latest graduation year in range, None without graduates
    count_graduates: int = 0
    percent_school_rule: float | None = None
    percent_eu_benchmark: float | None = None
    percent_eu_target: float | None = None
    school_rule_months: float | None = None

    @property
    def percent_used(self) -> float | None:
        """Share of the active agreements used in the year, in percent (one decimal)."""
        return round(100 * self.count_used / self.count_active, 1) if self.count_active else None


def reference_year(filters: Filters) -> str:
    """The year 'active' and 'used' refer to: the end of the year range, else this year."""
    if filters.year_to:
        return filters.year_to
    today = dt.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def window_start(year: str) -> str:
    """The first of the three academic years ending with `year` ('2022-2023' for '2024-2025')."""
    start = int(year[:4]) - 2
    return f"{start}-{start + 1}"


def latest_cohort(cohorts: pl.DataFrame) -> dict | None:
    """The total row (all selected schools) of the latest cohort of graduate_cohorts."""
    totals = cohorts.filter(pl.col("school_id").is_null())
    if totals.is_empty():
        return None
    return totals.sort("graduation_year").row(-1, named=True)


def summarise(year: str, use: pl.DataFrame | None, cohorts: pl.DataFrame | None = None) -> Summary:
    """The headline figures from agreement_use_by_school and graduate_cohorts frames.

    A view showing one part only passes None for the other frame, whose figures are then zero
    (agreements) or None (cohort): the /indicators page fills its agreement cards and its
    cohort cards in separate callbacks, each running its own query."""

    def agreements(state: str | None = None) -> int:
        if use is None:
            return 0
        rows = use if state is None else use.filter(pl.col("use_state") == state)
        return int(rows["count_agreements"].sum())

    cohort = None if cohorts is None else latest_cohort(cohorts)
    figures = {}
    if cohort is not None:
        figures = {
            "cohort": cohort["graduation_year"],
            "count_graduates": cohort["count_graduates"],
            "percent_school_rule": cohort["percent_meeting_school_rule"],
            "percent_eu_benchmark": cohort["percent_meeting_eu_benchmark"],
            "percent_eu_target": cohort["percent_eu_target"],
            "school_rule_months": cohort["school_rule_max_months"],
        }
    return Summary(
        year, agreements(), agreements("used"), agreements("no_flow_3_years"),
        agreements("undated"), **figures,
    )  # fmt: skip


def summary(filters: Filters, year: str) -> Summary:
    """The headline figures under the global filters, for academic year `year`."""
    return summarise(
        year, data.agreement_use_by_school(filters, year), data.graduate_cohorts(filters)
    )


# ---------- the headline cards, as the overview and the /indicators page show them


def usage_cards(summary: Summary, lang: str, used_id: str, no_flow_id: str) -> list:
    """Agreements used in the year, and agreements with no flow for three years."""
    year = summary.year
    t = translator(lang)
    return [
        components.kpi_card(
            used_id,
            t("Agreements used in {year}", year=year),
            summary.percent_used,
            note=t.ngettext(
                "of the {count} active agreement",
                "of the {count} active agreements",
                summary.count_active,
                count=summary.count_active,
            ),
            unit=" %",
            lang=lang,
        ),
        components.kpi_card(
            no_flow_id,
            t("No flow for 3 years"),
            summary.count_no_flow,
            note=t("active agreements without a mobility since {first}", first=window_start(year))
            + (
                " · "
                + t.ngettext(
                    "{count} more listed without years, counted apart",
                    "{count} more listed without years, counted apart",
                    summary.count_undated,
                    count=summary.count_undated,
                )
                if summary.count_undated
                else ""
            ),
            lang=lang,
        ),
    ]


def cohort_cards(
    summary: Summary,
    lang: str,
    school_rule_id: str,
    eu_benchmark_id: str,
    *,
    against_targets: bool = False,
) -> list:
    """The latest cohort's compulsory stay abroad: the school's rule and the EU benchmark;
    `against_targets` adds each card's gap to its target (the rule being compulsory, every
    graduate; the EU's share), signed, arrowed and coloured good or bad (the overview)."""
    t = translator(lang)
    cards = [
        components.kpi_card(
            school_rule_id,
            t("Compulsory stay, {cohort} graduates", cohort=summary.cohort),
            summary.percent_school_rule,
            note=t(
                "of {count}, at least {months} months abroad",
                count=summary.count_graduates,
                months=format(summary.school_rule_months, "g"),
            ),
            unit=" %",
            lang=lang,
        ),
        components.kpi_card(
            eu_benchmark_id,
            t("EU benchmark, {cohort} graduates", cohort=summary.cohort),
            summary.percent_eu_benchmark,
            note=t(
                "3 months or 15 ECTS abroad; EU target {target} %",
                target=format(summary.percent_eu_target or 0, "g"),
            ),
            unit=" %",
            lang=lang,
        ),
    ]
    if not against_targets:
        return cards
    gaps = [
        (summary.percent_school_rule, 100.0, t("on the 100 % the rule requires")),
        (
            summary.percent_eu_benchmark,
            summary.percent_eu_target,
            t("on the EU target of {target} %", target=format(summary.percent_eu_target or 0, "g")),
        ),
    ]
    for card, (value, target, words) in zip(cards, gaps, strict=True):
        if value is None or target is None:
            continue
        gap = round(value - target, 1)
        arrow, tone = ("▲", "delta-good") if gap >= 0 else ("▼", "delta-bad")
        card.children.append(
            html.Div(
                [
                    html.Span(
                        f"{arrow} " + t("{gap} pts", gap=numbers.figure(gap, lang, signed=True)),
                        className=f"kpi-change {tone}",
                    ),
                    html.Span(f" {words}"),
                ],
                className="kpi-note kpi-target",
            )
        )
    return cards

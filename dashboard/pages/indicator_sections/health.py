"""Agreement health: how the active agreements were used, those without a flow for three
years, those ending soon, and the flows without any agreement."""

from __future__ import annotations

import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import components, figures, management
from dashboard.filters import Filters
from dashboard.i18n import N_, translator
from dashboard.pages.indicator_sections.grids import (
    agreement_labels,
    grid,
    partner_rows,
    with_partner_links,
)
from dashboard.pages.indicator_sections.ids import (
    ENDING_GRID,
    KPI_ENDING,
    KPI_WITHOUT_AGREEMENT,
    NO_FLOW_GRID,
    USE,
    WITHOUT_AGREEMENT_GRID,
)


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
        else grid(
            NO_FLOW_GRID,
            no_flow,
            [
                *_AGREEMENT_COLUMNS,
                ("first_academic_year", N_("First year")),
                ("last_flow_year", N_("Last flow")),
            ],
            lang,
            shape=lambda rows: agreement_labels(with_partner_links(rows, filters), lang),
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
        else grid(
            ENDING_GRID,
            ending,
            [*_AGREEMENT_COLUMNS, ("last_academic_year", N_("Last year"))],
            lang,
            shape=lambda rows: agreement_labels(with_partner_links(rows, filters), lang),
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
        else grid(
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
            shape=lambda rows: partner_rows(rows, filters),
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

"""Partner profile: who the partner is, its agreements and quotas, its flows, where it is."""

from __future__ import annotations

from dataclasses import replace

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import dcc, html

from dashboard import auth, components, data, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import country_column, t

dash.register_page(
    __name__,
    path_template="/partners/<partner_id>",
    name="Partner",
    order=4,
    title="mobility: partner",
)

NAME = "partner-name"
DETAILS = "partner-details"
SPELLINGS = "partner-spellings"
NOT_FOUND = "partner-not-found"
KPI_OUTGOING = "partner-kpi-outgoing"
KPI_INCOMING = "partner-kpi-incoming"
KPI_BALANCE = "partner-kpi-balance"
KPI_RATIO = "partner-kpi-ratio"
FLOWS = "partner-flows"
MAP = "partner-map"
MAP_NOTE = "partner-map-note"
AGREEMENTS_GRID = "partner-agreements-grid"
QUOTAS_GRID = "partner-quotas-grid"

# The partner of a download travels in the query string next to the global filters.
PARTNER_KEY = "partner"


def layout(partner_id: str | None = None, **query):
    filters, years = components.resolve(query)
    lang = filters.lang
    partner_id = partner_id or ""
    path = f"/partners/{partner_id}"
    profile = data.partner_profile(partner_id)
    if profile.is_empty():
        return components.page_shell(
            path,
            filters,
            years,
            html.H1(t("nav.partner", lang)),
            html.Div(
                [
                    components.empty_state(t("partner.not_found", lang, partner_id=partner_id)),
                    dcc.Link(t("partner.back", lang), href="/" + filters.to_query()),
                ],
                id=NOT_FOUND,
            ),
        )
    partner = profile.row(0, named=True)
    flows, agreements, quotas, schools, spelling_rows = data.together(
        lambda: data.partner_flows(filters, partner_id),
        lambda: data.partner_agreements(filters, partner_id),
        lambda: data.partner_quotas(filters, partner_id),
        lambda: data.partner_home_schools(filters, partner_id),
        lambda: data.partner_spellings(partner_id),
    )
    return components.page_shell(
        path,
        filters,
        years,
        html.H1(partner["name"], id=NAME),
        dmc.SimpleGrid(
            [
                dmc.Paper(
                    [header(partner, lang), spellings(spelling_rows, lang)],
                    withBorder=True,
                    p="sm",
                ),
                dmc.Paper(
                    [
                        html.Div(html.H3(t("partner.map", lang)), className="card-head"),
                        dcc.Graph(
                            id=MAP,
                            figure=figures.partner_map(profile, schools, lang),
                            config=figures.GRAPH_CONFIG,
                        ),
                        map_note(partner, lang),
                    ],
                    withBorder=True,
                    p="sm",
                    className="chart-card",
                ),
            ],
            cols={"base": 1, "md": 2},
            spacing="sm",
        ),
        dmc.SimpleGrid(
            balance_cards(flows, filters), cols={"base": 2, "md": 4}, spacing="sm", mt="sm"
        ),
        components.chart_card(
            t("partner.flows", lang),
            FLOWS,
            # one partner's mobilities per year: below 5 hidden from a viewer
            flows_figure(auth.shown(flows, per_partner=True), lang),
            "partner_flows",
            with_partner(filters, partner_id),
        ),
        section(
            t("partner.agreements", lang),
            "partner_agreements",
            filters,
            partner_id,
            agreements_grid(agreements, lang)
            if not agreements.is_empty()
            else components.empty_state(t("partner.no_agreements", lang)),
        ),
        section(
            t("partner.quotas", lang),
            "partner_quotas",
            filters,
            partner_id,
            html.Div([places_total(quotas, lang), quotas_grid(quotas, lang)])
            if not quotas.is_empty()
            else components.empty_state(t("partner.no_quotas", lang)),
        ),
    )


def header(partner: dict, lang: str) -> html.Dl:
    """Country, city, Erasmus code, website and registry name; 'not known' where missing."""
    unknown = html.Span(t("partner.unknown", lang), className="muted")
    website = partner["website"]
    rows = [
        ("partner.country", partner[country_column(lang)] or partner["country_iso2"]),
        ("partner.city", partner["city"]),
        ("partner.erasmus_code", partner["erasmus_code"]),
        (
            "partner.website",
            html.A(website, href=website, target="_blank", rel="noopener noreferrer")
            if website
            else None,
        ),
        ("partner.registry_name", partner["registry_name"]),
    ]
    return html.Dl(
        [
            item
            for key, value in rows
            for item in (
                html.Dt(t(key, lang), className="muted"),
                html.Dd(value if value else unknown, style={"margin": 0}),
            )
        ],
        id=DETAILS,
        className="partner-details",
        style={"display": "grid", "gridTemplateColumns": "max-content 1fr", "gap": "4px 16px"},
    )


def spellings(frame: pl.DataFrame, lang: str) -> html.Div:
    """The names the imported files gave this partner, and how each was matched."""
    return html.Div(
        [
            html.H4(t("partner.spellings", lang)),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(row["spelling"], className="spelling"),
                            html.Span(
                                f" — {t('partner.matched_by.' + row['matched_by'], lang)}, "
                                + t("partner.spelling.rows", lang, count=row["count_rows"]),
                                className="muted",
                            ),
                        ]
                    )
                    for row in frame.iter_rows(named=True)
                ]
            ),
        ],
        id=SPELLINGS,
    )


def map_note(partner: dict, lang: str) -> html.P | None:
    """Say so when the map shows the country because the city is not known."""
    if partner["latitude"] is not None and partner["longitude"] is not None:
        return None
    country = partner[country_column(lang)] or partner["country_iso2"]
    return html.P(
        t("partner.map.city_unknown", lang, country=country), id=MAP_NOTE, className="muted"
    )


def balance_cards(flows: pl.DataFrame, filters: Filters) -> list:
    """Outgoing, incoming, balance and ratio over the selected years (a total below 5 shows
    "< 5" to a viewer, and then no balance nor ratio)."""
    lang = filters.lang
    exact = {
        direction: int(flows.filter(pl.col("direction") == direction)["count_mobilities"].sum())
        for direction in ("outgoing", "incoming")
    }
    shown = auth.shown(
        pl.DataFrame({"count_outgoing": [exact["outgoing"]], "count_incoming": [exact["incoming"]],
                      "balance": [exact["incoming"] - exact["outgoing"]]}),
        per_partner=True,
    ).row(0, named=True)  # fmt: skip
    hidden = shown["balance"] is None
    years = t("partner.kpi.years", lang, year_from=filters.year_from, year_to=filters.year_to)
    ratio = (
        "—" if hidden or not exact["outgoing"] else f"{exact['incoming'] / exact['outgoing']:.2f}"
    )
    ratio_note = years if exact["outgoing"] else t("partner.kpi.no_ratio", lang)
    return [
        components.kpi_card(
            KPI_OUTGOING, t("partner.kpi.outgoing", lang),
            components.count_text(shown["count_outgoing"], as_number=True), note=years,
        ),
        components.kpi_card(
            KPI_INCOMING, t("partner.kpi.incoming", lang),
            components.count_text(shown["count_incoming"], as_number=True), note=years,
        ),
        components.kpi_card(KPI_BALANCE, t("partner.kpi.balance", lang), shown["balance"],
                            note=years),
        # kpi_card formats numbers only; the ratio may be a sentence
        dmc.Paper(
            [
                html.Div(t("partner.kpi.ratio", lang), className="kpi-label"),
                html.Div(ratio, className="kpi-value", id=KPI_RATIO),
                html.Div(html.Span(f" {ratio_note}"), className="kpi-note"),
            ],
            withBorder=True,
            p="sm",
            className="kpi-card",
        ),
    ]  # fmt: skip


def flows_figure(flows: pl.DataFrame, lang: str):
    # the query gives every year of the range, with zeros: no mobility at all is the empty case
    if flows.is_empty() or not flows["count_mobilities"].sum():
        return figures.empty_figure(t("partner.no_flows", lang))
    axis = {"yaxis": figures.titled(t("flows.axis.mobilities", lang))}
    return figures.trend_lines(flows, lang, layout=figures.merged(axis, figures.LEGEND_ABOVE))


def agreements_grid(agreements: pl.DataFrame, lang: str):
    rows = labelled(
        agreements,
        lang,
        agreement_type="agreement_type",
        signatory_level="signatory_level",
        status="partner.status",
    )
    return grid(
        AGREEMENTS_GRID,
        rows,
        [
            ("school", t("partner.col.school", lang)),
            ("agreement_type", t("partner.col.type", lang)),
            ("signatory_level", t("partner.col.level", lang)),
            ("status", t("partner.col.status", lang)),
            ("first_academic_year", t("partner.col.first_year", lang)),
            ("last_academic_year", t("partner.col.last_year", lang)),
            ("source_file", t("partner.col.source_file", lang)),
        ],
        lang,
    )


def places_total(quotas: pl.DataFrame, lang: str) -> html.P:
    """'Places a year in total: 12 student studies out, 2 staff teaching out': the quotas of
    each kind added up (kinds apart: a staff place and a student place do not add up)."""
    totals = (
        quotas.filter(pl.col("mobilities_per_year").is_not_null())
        .group_by("direction", "mobility_type", maintain_order=True)
        .agg(pl.col("mobilities_per_year").sum())
    )
    parts = [
        t(
            "partner.places.kind",
            lang,
            places=f"{row['mobilities_per_year']:g}",
            kind=t(f"partner.mobility_type.{row['mobility_type']}", lang).lower(),
            direction=t(f"direction.{row['direction']}", lang).lower(),
        )  # fmt: skip
        for row in totals.iter_rows(named=True)
    ]
    if not parts:
        return html.P(t("partner.places.none", lang), className="muted")
    return html.P(t("partner.places.total", lang, places=", ".join(parts)), className="muted")


def quotas_grid(quotas: pl.DataFrame, lang: str):
    rows = labelled(quotas, lang, direction="direction", mobility_type="partner.mobility_type")
    return grid(
        QUOTAS_GRID,
        rows,
        [
            ("school", t("partner.col.school", lang)),
            ("direction", t("partner.col.direction", lang)),
            ("mobility_type", t("partner.col.mobility_type", lang)),
            ("programme", t("partner.col.programme", lang)),
            ("mobilities_per_year", t("partner.col.per_year", lang)),
            ("months_per_year", t("partner.col.months", lang)),
            ("days_per_year", t("partner.col.days", lang)),
            ("subject_areas", t("partner.col.subjects", lang)),
            ("eqf_levels", t("partner.col.eqf", lang)),
            ("language_requirements", t("partner.col.languages", lang)),
            ("first_academic_year", t("partner.col.first_year", lang)),
            ("last_academic_year", t("partner.col.last_year", lang)),
        ],
        lang,
    )


def grid(grid_id: str, rows: pl.DataFrame, columns: list[tuple[str, str]], lang: str):
    """A data grid as tall as its rows (a partner has few), headers wrapped."""
    height = min(480, 130 + 42 * rows.height)
    table = components.data_grid(grid_id, rows, columns, lang, height=height)
    table.defaultColDef = {**table.defaultColDef, "wrapHeaderText": True, "autoHeaderHeight": True}
    return table


def labelled(frame: pl.DataFrame, lang: str, **prefixes: str) -> pl.DataFrame:
    """Code columns replaced by their label in the page language (`column=label prefix`)."""
    return frame.with_columns(
        pl.col(column).replace(
            {v: t(f"{prefix}.{v}", lang) for v in frame[column].drop_nulls().unique()}
        )
        for column, prefix in prefixes.items()
    )


def section(title: str, download: str, filters: Filters, partner_id: str, body) -> dmc.Paper:
    links = components.download_links(download, filters, **{PARTNER_KEY: partner_id})
    return dmc.Paper(
        [html.Div([html.H3(title), links], className="card-head"), body],
        withBorder=True,
        p="sm",
        mt="sm",
    )


def with_partner(filters: Filters, partner_id: str) -> Filters:
    """The filters plus the partner, so that a chart's download links name the partner."""
    return replace(filters, extra={**filters.extra, PARTNER_KEY: partner_id})


def _partner_of(filters: Filters) -> str:
    # without a partner (e.g. /download/partner_flows.csv alone) a download is empty, not an error
    return filters.extra.get(PARTNER_KEY, "")


@downloadable("partner_agreements")
def _download_agreements(filters: Filters) -> pl.DataFrame:
    return data.partner_agreements(filters, _partner_of(filters))


@downloadable("partner_quotas")
def _download_quotas(filters: Filters) -> pl.DataFrame:
    return data.partner_quotas(filters, _partner_of(filters))


@downloadable("partner_flows")
def _download_flows(filters: Filters) -> pl.DataFrame:
    return data.partner_flows(filters, _partner_of(filters))

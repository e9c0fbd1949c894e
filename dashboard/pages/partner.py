"""Partner profile: who the partner is, its agreements and quotas, its flows, where it is."""

from __future__ import annotations

from dataclasses import replace

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, clientside_callback, dcc, html

from dashboard import auth, components, data, figures, numbers
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import N_, country_column, page_title, translator

dash.register_page(
    __name__,
    path_template="/partners/<partner_id>",
    name="Partner",
    order=4,
    title=page_title(N_("Partner")),
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
BY_SCHOOL = "partner-by-school"
BACK = "partner-back"
BACK_LINKS = "partner-back-links"
# the pages a partner is opened from, offered as ways back with the same filters
FROM_PAGES = (("/flows", N_("Flows")), ("/map", N_("World map")), ("/agreements", N_("Agreements")))

# The partner of a download travels in the query string next to the global filters.
PARTNER_KEY = "partner"
# how the warehouse matched a spelling to the partner (partner_names.matched_by)
MATCHED_BY = {
    "as written": N_("as written"),
    "declared alias": N_("declared alias"),
    "name followed by its acronym": N_("name followed by its acronym"),
}


def layout(partner_id: str | None = None, **query):
    filters, years = components.resolve(query)
    lang = filters.lang
    partner_id = partner_id or ""
    path = f"/partners/{partner_id}"
    profile = data.partner_profile(partner_id)
    t = translator(lang)
    if profile.is_empty():
        return components.page_shell(
            path,
            filters,
            years,
            html.H1(t("Partner")),
            html.Div(
                [
                    components.empty_state(
                        t("No partner {partner_id} in this warehouse.", partner_id=partner_id)
                    ),
                    dcc.Link(t("Back to the overview"), href="/" + filters.to_query()),
                ],
                id=NOT_FOUND,
            ),
        )
    partner = profile.row(0, named=True)
    flows, agreements, quotas, places, schools, spelling_rows, by_school = data.together(
        lambda: data.partner_flows(filters, partner_id),
        lambda: data.partner_agreements(filters, partner_id),
        lambda: data.partner_quotas(filters, partner_id),
        lambda: data.partner_places(filters, partner_id),
        lambda: data.partner_home_schools(filters, partner_id),
        lambda: data.partner_spellings(partner_id),
        lambda: data.partner_by_school(filters, partner_id),
    )
    return components.page_shell(
        path,
        filters,
        years,
        way_back(filters),
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
                        html.Div(html.H3(t("Where it is")), className="card-head"),
                        dcc.Graph(
                            id=MAP,
                            figure=figures.partner_map(
                                profile,
                                schools,
                                {"partner": t("Partner"), "schools": t("Home schools")},
                                country_column(lang),
                            ),
                            config=figures.graph_config(filters.lang),
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
            t("Mobilities per academic year"),
            FLOWS,
            # one partner's mobilities per year: below 5 hidden from a viewer
            flows_figure(auth.shown(flows, per_partner=True), lang),
            "partner_flows",
            with_partner(filters, partner_id),
        ),
        section(
            t("By home school"),
            "partner_by_school",
            filters,
            partner_id,
            school_split(auth.shown(by_school, per_partner=True), filters)
            if not by_school.is_empty()
            else components.empty_state(t("No home school works with this partner yet.")),
        ),
        section(
            t("Agreements"),
            "partner_agreements",
            filters,
            partner_id,
            agreements_grid(agreements, lang)
            if not agreements.is_empty()
            else components.empty_state(
                t("No agreement with this partner for the selected schools.")
            ),
        ),
        section(
            t("Quotas"),
            "partner_quotas",
            filters,
            partner_id,
            html.Div([places_total(places, lang), quotas_grid(quotas, lang)])
            if not quotas.is_empty()
            else components.empty_state(t("No quota known for this partner's agreements")),
        ),
    )


def way_back(filters: Filters) -> html.Nav:
    """Back to where the user came from (the browser's history, as its Back button), and links
    to the pages that list partners, with the same filters."""
    t = translator(filters.lang)
    query = filters.to_query()
    return html.Nav(
        [
            html.Button(t("← Back"), id=BACK, className="back-button", n_clicks=0),
            html.Span(t("Back to:"), className="muted"),
            *[
                dcc.Link(t(name), href=href + query, className="back-link")
                for href, name in FROM_PAGES
            ],
        ],
        id=BACK_LINKS,
        className="partner-way-back",
    )


# the browser's own history: the page, filters and scroll the user left; a partner opened in a
# new tab has nowhere to go back to, so it goes to the flows page with the same filters
clientside_callback(
    """function (clicks) {
        if (!clicks) { return window.dash_clientside.no_update; }
        if (window.history.length > 1) { window.history.back(); }
        else { window.location.assign("/flows" + window.location.search); }
        return window.dash_clientside.no_update;
    }""",
    Output(BACK, "title"),
    Input(BACK, "n_clicks"),
    prevent_initial_call=True,
)


def school_split(by_school: pl.DataFrame, filters: Filters) -> html.Table:
    """One row per home school: its agreements with the partner, and its students who went
    there and came from there over the selected years, with a bar of each (hidden counts of a
    viewer shown "< 5", without a bar)."""
    lang = filters.lang
    t = translator(lang)
    largest = max(
        [v for c in ("count_outgoing", "count_incoming") for v in by_school[c] if v] or [1]
    )

    def count_cell(value, direction: str):
        if value is None:
            return html.Td(components.count_text(None, as_number=True))
        width = round(100 * value / largest)
        return html.Td(
            [
                html.Span(numbers.figure(value, lang), className="split-count"),
                html.Span(className=f"split-bar split-{direction}", style={"width": f"{width}%"}),
            ]
        )

    years = t("{year_from} → {year_to}", year_from=filters.year_from, year_to=filters.year_to)
    return html.Table(
        [
            html.Caption(t("Students over {years}; agreements whatever their years.", years=years)),
            html.Thead(
                html.Tr(
                    [
                        html.Th(t("School")),
                        html.Th(t("Agreements")),
                        html.Th(t("Outgoing")),
                        html.Th(t("Incoming")),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(row["school"]),
                            html.Td(numbers.figure(row["count_agreements"], lang)),
                            count_cell(row["count_outgoing"], "outgoing"),
                            count_cell(row["count_incoming"], "incoming"),
                        ]
                    )
                    for row in by_school.iter_rows(named=True)
                ]
            ),
        ],
        id=BY_SCHOOL,
        className="partner-split",
    )


def header(partner: dict, lang: str) -> html.Dl:
    """Country, city, Erasmus code, website and registry name; 'not known' where missing."""
    t = translator(lang)
    unknown = html.Span(t("not known"), className="muted")
    website = partner["website"]
    rows = [
        (N_("Country"), partner[country_column(lang)] or partner["country_iso2"]),
        (N_("City"), partner["city"]),
        (N_("Erasmus code"), partner["erasmus_code"]),
        # as text, not a link: nothing in the app leads out of it (the intranet's users copy it)
        (N_("Website"), html.Span(website, className="partner-website") if website else None),
        (N_("Name in the charter list"), partner["registry_name"]),
    ]
    return html.Dl(
        [
            item
            for key, value in rows
            for item in (
                html.Dt(t(key), className="muted"),
                html.Dd(value if value else unknown, style={"margin": 0}),
            )
        ],
        id=DETAILS,
        className="partner-details",
        style={"display": "grid", "gridTemplateColumns": "max-content 1fr", "gap": "4px 16px"},
    )


def spellings(frame: pl.DataFrame, lang: str) -> html.Div:
    """The names the imported files gave this partner, and how each was matched."""
    t = translator(lang)
    return html.Div(
        [
            html.H4(t("Read from these spellings")),
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(row["spelling"], className="spelling"),
                            html.Span(
                                f" — {t(MATCHED_BY.get(row['matched_by'], row['matched_by']))}, "
                                + t("rows: {count}", count=row["count_rows"]),
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
    t = translator(lang)
    return html.P(
        t("Its city is not known: the map highlights its country, {country}.", country=country),
        id=MAP_NOTE,
        className="muted",
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
    t = translator(lang)
    years = t("{year_from} → {year_to}", year_from=filters.year_from, year_to=filters.year_to)
    ratio = (
        "—"
        if hidden or not exact["outgoing"]
        else numbers.number(exact["incoming"] / exact["outgoing"], lang, 2)
    )
    ratio_note = years if exact["outgoing"] else t("nobody went out")
    return [
        components.kpi_card(
            KPI_OUTGOING, t("Outgoing"),
            components.count_text(shown["count_outgoing"], as_number=True), note=years,
            lang=lang,
        ),
        components.kpi_card(
            KPI_INCOMING, t("Incoming"),
            components.count_text(shown["count_incoming"], as_number=True), note=years,
            lang=lang,
        ),
        components.kpi_card(KPI_BALANCE, t("Balance (in − out)"), shown["balance"],
                            note=years, lang=lang),
        # kpi_card formats numbers only; the ratio may be a sentence
        dmc.Paper(
            [
                html.Div(t("Ratio in / out"), className="kpi-label"),
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
    t = translator(lang)
    if flows.is_empty() or not flows["count_mobilities"].sum():
        return figures.empty_figure(
            t("No mobility with this partner for these schools, years and activities.")
        )
    axis = {"yaxis": figures.titled(t("Mobilities"))}
    return figures.trend_lines(
        flows,
        t.labels("direction"),
        t("Academic year"),
        t("Students"),
        layout=figures.merged(axis, figures.LEGEND_ABOVE),
    )


def agreements_grid(agreements: pl.DataFrame, lang: str):
    rows = labelled(
        agreements,
        lang,
        agreement_type="agreement_type",
        signatory_level="signatory_level",
        status="agreement_status",
    )
    t = translator(lang)
    return grid(
        AGREEMENTS_GRID,
        rows,
        [
            ("school", t("School")),
            ("agreement_type", t("Type")),
            ("signatory_level", t("Level")),
            ("status", t("Status")),
            ("first_academic_year", t("First year")),
            ("last_academic_year", t("Last year")),
            ("source_file", t("Source file")),
        ],
        lang,
    )


def places_total(totals: pl.DataFrame, lang: str) -> html.P:
    """'Places a year in total: 12 student studies out, 2 staff teaching out': the places of
    each kind (partner_places; kinds apart: a staff place and a student place do not add up)."""
    t = translator(lang)
    parts = [
        t(
            "{places} {kind} ({direction})",
            places=format(row["mobilities_per_year"], "g"),
            kind=t.label("mobility_type", row["mobility_type"]).lower(),
            direction=t.label("direction", row["direction"]).lower(),
        )  # fmt: skip
        for row in totals.iter_rows(named=True)
    ]
    if not parts:
        return html.P(
            t("These conditions give months or days, not a number of places."), className="muted"
        )
    return html.P(
        t("Places a year in total: {places}.", places=", ".join(parts)), className="muted"
    )


def quotas_grid(quotas: pl.DataFrame, lang: str):
    rows = labelled(quotas, lang, direction="direction", mobility_type="mobility_type")
    t = translator(lang)
    return grid(
        QUOTAS_GRID,
        rows,
        [
            ("school", t("School")),
            ("direction", t("Direction")),
            ("mobility_type", t("Mobility type")),
            ("programme", t("Programme")),
            ("mobilities_per_year", t("Mobilities a year")),
            ("months_per_year", t("Months a year")),
            ("days_per_year", t("Days a year")),
            ("subject_areas", t("Subject areas (ISCED-F)")),
            ("eqf_levels", t("EQF levels")),
            ("language_requirements", t("Languages")),
            ("first_academic_year", t("First year")),
            ("last_academic_year", t("Last year")),
        ],
        lang,
    )


def grid(grid_id: str, rows: pl.DataFrame, columns: list[tuple[str, str]], lang: str):
    """A data grid as tall as its rows (a partner has few), headers wrapped."""
    height = min(480, 130 + 42 * rows.height)
    table = components.data_grid(grid_id, rows, columns, lang, height=height)
    table.defaultColDef = {**table.defaultColDef, "wrapHeaderText": True, "autoHeaderHeight": True}
    return table


def labelled(frame: pl.DataFrame, lang: str, **vocabularies: str) -> pl.DataFrame:
    """Code columns replaced by their label in the page language (`column=vocabulary`)."""
    t = translator(lang)
    return frame.with_columns(
        pl.col(column).replace(
            {v: t.label(vocabulary, v) for v in frame[column].drop_nulls().unique()}
        )
        for column, vocabulary in vocabularies.items()
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


@downloadable("partner_by_school")
def _download_by_school(filters: Filters) -> pl.DataFrame:
    return data.partner_by_school(filters, _partner_of(filters))

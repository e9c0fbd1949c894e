"""World map: partner countries coloured by a measure, located partners, the home schools."""

from __future__ import annotations

import datetime as dt

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, html, no_update

from dashboard import auth, components, data, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import N_, country_column, page_title, translator

dash.register_page(
    __name__, path="/map", name="World map", order=1, title=page_title(N_("World map"))
)

MEASURE = "map-measure"
MAP = "map-choropleth"
LOCATED_NOTE = "map-located-note"
COUNTRY_PANEL = "map-country-partners"
PARTNERS_GRID = "map-partners-grid"
PARTNERS_SEARCH = "map-partners-search"
UNKNOWN_NOTE = "map-unknown-note"
UNKNOWN_BUTTON = "map-unknown-list"
VIEW = "map-view"
ARCS = "map-arcs"
COUNTRY_TABLE = "map-country-table"

MEASURES = tuple(figures.WORLD_MAP_MEASURES)
# each measure's name on the switch and the colour scale, and in a country's hover
MEASURE_NAMES = {
    "partners": N_("Partners"),
    "agreements": N_("Agreements"),
    "outgoing": N_("Outgoing"),
    "incoming": N_("Incoming"),
    "balance": N_("Balance (in − out)"),
}
# each figure of a hover with its period: agreements run in one year, mobilities over the range
HOVER_NAMES = {
    "partners": N_("Partners ({period})"),
    "agreements": N_("Agreements ({period})"),
    "outgoing": N_("Outgoing ({period})"),
    "incoming": N_("Incoming ({period})"),
    "balance": N_("Balance, in − out ({period})"),
}
DEFAULT_MEASURE = "partners"

# the regions the map frames (figures.MAP_VIEWS), kept in the URL as view=
VIEWS = tuple(figures.MAP_VIEWS)
VIEW_NAMES = {
    "world": N_("World"),
    "europe": N_("Europe"),
    "americas": N_("The Americas"),
    "asia_pacific": N_("Asia–Pacific"),
}
DEFAULT_VIEW = "world"


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    t = translator(lang)
    if not years and data.warehouse_status()["last_import_at"][0] is None:
        return components.page_shell(
            "/map", filters, years, components.empty_state(t(components.EMPTY_WAREHOUSE))
        )
    year = _agreement_year(filters)
    measure, view, arcs_shown = _measure(filters), _view(filters), _arcs_shown(filters)
    countries, partners, schools, arcs = data.together(
        lambda: data.country_measures(filters, year),
        lambda: data.partner_points(filters, year),
        lambda: data.home_school_points(filters),
        lambda: data.flow_arcs(filters, figures.ARC_LIMIT) if arcs_shown else None,
    )
    # what the map draws: counts below 5 per country or partner hidden from a viewer
    countries, partners = auth.shown(countries), auth.shown(partners)
    if arcs is not None:
        arcs = auth.shown(arcs, per_partner=True)
    # nothing to locate or to click on when the filters leave no country
    below_the_map = (
        []
        if countries.is_empty()
        else [
            *_unknown_country_note(countries, filters),
            _located_note(partners, filters),
            dmc.Paper(
                _selected_country_panel(filters, countries),
                id=COUNTRY_PANEL,
                withBorder=True,
                p="sm",
                mt="sm",
            ),
        ]
    )
    labels = map_labels(lang, year, period_text(filters))
    figure = _map_figure(countries, partners, schools, measure, lang, labels, view, arcs)
    return components.page_shell(
        "/map",
        filters,
        years,
        html.H1([t("World map"), html.Small(f" {period_text(filters)}")]),
        dmc.Group(
            [
                dmc.Group(
                    [
                        dmc.Text(t("Colour countries by"), size="sm"),
                        dmc.SegmentedControl(
                            id=MEASURE,
                            data=[{"value": m, "label": t(MEASURE_NAMES[m])} for m in MEASURES],
                            value=measure,
                        ),
                    ],
                    gap="xs",
                ),
                dmc.Group(
                    [
                        dmc.Text(t("Region"), size="sm"),
                        dmc.SegmentedControl(
                            id=VIEW,
                            data=[{"value": v, "label": t(VIEW_NAMES[v])} for v in VIEWS],
                            value=view,
                        ),
                    ],
                    gap="xs",
                ),
                dmc.Switch(
                    id=ARCS,
                    label=t("Flows from the home schools (the {count} largest)", count=ARC_COUNT),
                    checked=arcs_shown,
                ),
            ],
            mb="sm",
            gap="md",
        ),
        html.Div(
            [
                html.Div(
                    components.chart_card(
                        t("Partner countries"), MAP, figure, "country_measures", filters
                    ),
                    style={"flex": "3 1 560px", "minWidth": 0},
                ),
                html.Div(
                    _country_table(countries, filters, year),
                    style={"flex": "1 1 380px", "minWidth": 0},
                ),
            ],
            style={"display": "flex", "flexWrap": "wrap", "gap": "12px", "alignItems": "stretch"},
        ),
        *below_the_map,
    )


ARC_COUNT = figures.ARC_LIMIT


def period_text(filters: Filters) -> str:
    """The mobilities' period: one year, or the range 'from – to'."""
    if not filters.year_from or filters.year_from == filters.year_to:
        return filters.year_to or ""
    return f"{filters.year_from} – {filters.year_to}"


def _country_table(countries: pl.DataFrame, filters: Filters, year: str) -> dmc.Paper:
    """The map's countries as a sortable table, for keyboards and screen readers: the same
    frame as the choropleth and its download."""
    lang = filters.lang
    t = translator(lang)
    shown = countries.filter(pl.col("country_iso3").is_not_null())
    period = period_text(filters)
    grid = components.data_grid(
        COUNTRY_TABLE,
        shown.with_columns(country=pl.col(country_column(lang))),
        [
            ("country", t("Country")),
            ("count_partners", t("Partners")),
            ("count_outgoing", t("Outgoing")),
            ("count_incoming", t("Incoming")),
        ],
        lang,
        height=520,
    )
    grid.columnDefs[0].update(flex=3, minWidth=120)
    for column in grid.columnDefs[1:]:
        column.update(flex=2, minWidth=92)
    grid.columnDefs[1].update(sort="desc")
    return dmc.Paper(
        [
            html.Div(
                [html.H3(t("Countries")), components.download_links("country_measures", filters)],
                className="card-head",
            ),
            dmc.Text(
                t(
                    "Partners: agreements in {year}. Outgoing and incoming: {period}.",
                    year=year,
                    period=period,
                ),
                size="xs",
                c="dimmed",
                mb="xs",
            ),
            grid,
        ],
        id=COUNTRY_TABLE + "-card",
        withBorder=True,
        p="sm",
        h="100%",
    )


def _selected_country_panel(filters: Filters, countries: pl.DataFrame) -> list:
    """The partners of the country in the URL (country=ISO2), else the hint to click one."""
    iso2 = filters.extra.get("country")
    known = countries.filter(pl.col("country_iso2") == iso2) if iso2 else countries.clear()
    if known.is_empty():
        return _country_panel_placeholder(filters.lang)
    return country_panel(filters, iso2, known[country_column(filters.lang)][0])


def _located_note(partners: pl.DataFrame, filters: Filters) -> html.Div:
    lang = filters.lang
    shown = partners["is_located"].sum()
    t = translator(lang)
    return html.Div(
        [
            html.Span(
                t(
                    "{shown} of {total} partners located (city known); the others are "
                    "counted in their country but not drawn.",
                    shown=shown,
                    total=partners.height,
                ),
                id=LOCATED_NOTE,
                className="muted",
            ),
            html.Span(
                [
                    html.Span(t("Partner points")),
                    components.download_links("partner_points", filters),
                ],
                className="card-head",
            ),
        ],
        className="card-head",
    )


def _unknown_country_note(countries: pl.DataFrame, filters: Filters) -> list:
    """What the map cannot draw: the partners whose country is not known, with their flows.

    They are counted in every total (KPIs, regions, downloads), so the map says where they went.
    """
    unknown = countries.filter(pl.col("country_iso2").is_null())
    if unknown.is_empty():
        return []
    row = unknown.row(0, named=True)
    lang = filters.lang
    partners = data.country_partners(filters, _agreement_year(filters), "").height
    t = translator(lang)
    text = t(
        "Not on the map: partners of unknown country ({partners} partners, {outgoing} "
        "outgoing, {incoming} incoming). Their Erasmus code or file gave no country; they "
        "are counted in every total.",
        partners=partners,
        outgoing=components.count_text(row["count_outgoing"], lang),
        incoming=components.count_text(row["count_incoming"], lang),
    )
    return [
        html.Div(
            [
                html.Span(text, className="muted"),
                dmc.Button(t("List them"), id=UNKNOWN_BUTTON, variant="subtle", size="xs"),
            ],
            id=UNKNOWN_NOTE,
            className="card-head",
        )
    ]


def _measure(filters: Filters) -> str:
    measure = filters.extra.get("measure")
    return measure if measure in MEASURES else DEFAULT_MEASURE


def _view(filters: Filters) -> str:
    view = filters.extra.get("view")
    return view if view in VIEWS else DEFAULT_VIEW


def _arcs_shown(filters: Filters) -> bool:
    return filters.extra.get("arcs") == "1"


def _agreement_year(filters: Filters) -> str:
    """Agreements are counted in the last year of the range (this year without mobilities)."""
    if filters.year_to:
        return filters.year_to
    today = dt.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


def _map_figure(countries, partners, schools, measure, lang, labels, view, arcs):
    t = translator(lang)
    if countries.is_empty():
        return figures.empty_figure(t(components.NO_DATA), height=560)
    return figures.world_map(
        countries,
        measure,
        partners,
        schools,
        labels,
        country_column(lang),
        lang=lang,
        view=view,
        arcs=arcs,
    )


def map_labels(lang: str, year: str, period: str | None = None) -> dict[str, str]:
    """The words of figures.world_map in `lang`: partners and agreements counted in `year`,
    mobilities over `period` (default: that year)."""
    t = translator(lang)
    periods = {"partners": year, "agreements": year}
    return {
        **{m: t(name) for m, name in MEASURE_NAMES.items()},
        **{
            f"hover.{m}": t(name, period=periods.get(m, period or year))
            for m, name in HOVER_NAMES.items()
        },
        "hover.place": t("{count} partners here", count="{count}"),
        "points": t("Partners (size: flows)"),
        "schools": t("Home schools"),
        "arcs.outgoing": t("Outgoing flows"),
        "arcs.incoming": t("Incoming flows"),
    }


def _country_panel_placeholder(lang: str) -> list:
    t = translator(lang)
    return [
        html.H3(t("Partners of a country")),
        components.empty_state(t("Click a country to list its partners.")),
    ]


def country_panel(filters: Filters, country_iso2: str, country_name: str) -> list:
    """The partners of one country under the filters, as a grid with downloads."""
    lang = filters.lang
    year = _agreement_year(filters)
    partners = data.country_partners(filters, year, country_iso2)
    t = translator(lang)
    head = html.Div(
        [
            html.H3(t("Partners of {country}", country=country_name)),
            components.download_links("country_partners", filters, country=country_iso2),
        ],
        className="card-head",
    )
    if partners.is_empty():
        return [
            head,
            components.empty_state(
                t("No partner in {country} for these filters.", country=country_name)
            ),
        ]
    linked = partners.with_columns(partner=components.partner_link_column(filters))
    grid = components.data_grid(
        PARTNERS_GRID,
        linked,
        [
            ("partner", t("Partner")),
            ("city", t("City")),
            ("count_agreements", t("Agreements in {year}", year=year)),
            ("count_outgoing", t("Outgoing")),
            ("count_incoming", t("Incoming")),
        ],
        lang,
        height=min(560, 120 + 42 * partners.height),
    )
    grid.columnDefs[0].update(cellRenderer="markdown", flex=3)
    for column in grid.columnDefs:
        column.update(wrapHeaderText=True, autoHeaderHeight=True)
    search = dmc.TextInput(id=PARTNERS_SEARCH, placeholder=t("Search"), size="xs", w=240, mb="xs")
    return [head, search, grid]


def clicked_country(click_data: dict | None) -> tuple[str, str] | None:
    """(iso2, name) of the country a click hit, or of the partner it hit; None for a school."""
    for point in (click_data or {}).get("points", []):
        if point.get("customdata"):
            iso2, name = point["customdata"]
            return iso2, name
    return None


@callback(
    Output(components.URL, "search", allow_duplicate=True),
    Input(MEASURE, "value"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def measure_to_url(measure, search):
    """Keep the chosen measure in the URL, so that the view can be bookmarked."""
    wanted = Filters.from_query(search).to_query(
        measure=None if measure == DEFAULT_MEASURE else measure
    )
    return wanted if wanted != (search or "") else no_update


@callback(
    Output(components.URL, "search", allow_duplicate=True),
    Input(VIEW, "value"),
    Input(ARCS, "checked"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def view_to_url(view, arcs, search):
    """Keep the region framed and the arcs switch in the URL, so that the view can be shared."""
    wanted = Filters.from_query(search).to_query(
        view=None if view == DEFAULT_VIEW else view, arcs="1" if arcs else None
    )
    return wanted if wanted != (search or "") else no_update


@callback(
    Output(components.URL, "search", allow_duplicate=True),
    Input(MAP, "clickData"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def country_to_url(click_data, search):
    """Keep the clicked country in the URL (country=ISO2): a reload or a link shows its list."""
    country = clicked_country(click_data)
    if country is None or not country[0]:
        return no_update
    wanted = Filters.from_query(search).to_query(country=country[0])
    return wanted if wanted != (search or "") else no_update


@callback(
    Output(COUNTRY_PANEL, "children"),
    Input(MAP, "clickData"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def list_country_partners(click_data, search):
    """A click on a country lists its partners below the map."""
    country = clicked_country(click_data)
    if country is None:
        return no_update
    filters, _years = components.resolve(search)
    return country_panel(filters, *country)


@callback(
    Output(COUNTRY_PANEL, "children", allow_duplicate=True),
    Input(UNKNOWN_BUTTON, "n_clicks"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def list_unknown_country_partners(n_clicks, search):
    """The partners of unknown country, listed like a country's ('' stands for them)."""
    if not n_clicks:
        return no_update
    filters, _years = components.resolve(search)
    t = translator(filters.lang)
    return country_panel(filters, "", t("Unknown country"))


@callback(
    Output(PARTNERS_GRID, "dashGridOptions"),
    Input(PARTNERS_SEARCH, "value"),
    prevent_initial_call=True,
)
def search_partners(text):
    """Filter the partner list on any column as the user types."""
    return components.quick_filter(text)


@downloadable("country_measures")
def _download_country_measures(filters: Filters) -> pl.DataFrame:
    return data.country_measures(filters, _agreement_year(filters))


@downloadable("partner_points")
def _download_partner_points(filters: Filters) -> pl.DataFrame:
    return data.partner_points(filters, _agreement_year(filters)).filter(pl.col("is_located"))


@downloadable("country_partners")
def _download_country_partners(filters: Filters) -> pl.DataFrame:
    country = filters.extra.get("country", "")
    return data.country_partners(filters, _agreement_year(filters), country)

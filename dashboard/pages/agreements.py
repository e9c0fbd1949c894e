"""Agreements: what each school has signed, with whom, where, and what must be renewed soon."""

from __future__ import annotations

import datetime as dt

import dash
import dash_ag_grid as dag
import dash_mantine_components as dmc
import polars as pl
from dash import Input, Output, State, callback, clientside_callback, html, no_update

from dashboard import components, data, figures
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import (
    N_,
    Translator,
    country_column,
    grid_text,
    page_title,
    region_column,
    translator,
)

dash.register_page(
    __name__, path="/agreements", name="Agreements", order=2, title=page_title(N_("Agreements"))
)

KPI_ACTIVE = "agreements-kpi-active"
KPI_PARTNERS = "agreements-kpi-partners"
KPI_COUNTRIES = "agreements-kpi-countries"
KPI_GROUP_SHARE = "agreements-kpi-group-share"
KPI_SYNTHETIC = "agreements-kpi-synthetic"
BY_TYPE = "agreements-by-type"
BY_LEVEL = "agreements-by-level"
BY_REGION = "agreements-by-region"
ENDING_GRID = "agreements-ending-grid"
PLACES_GRID = "agreements-places-grid"
LIST_GRID = "agreements-list-grid"
SEARCH = "agreements-search"

# The agreements table: (field, label key) of its columns, and how it is fetched.
LIST_COLUMNS = (
    ("school", N_("School")),
    ("partner", N_("Partner")),
    ("country", N_("Country")),
    ("region", N_("Region")),
    ("type", N_("Type")),
    ("level", N_("Level")),
    ("status", N_("Status")),
    ("active_in_year", N_("Active in {year}")),
    ("first_academic_year", N_("First year")),
    ("last_academic_year", N_("Last year")),
    ("source_file", N_("Source file")),
    ("synthetic", N_("Synthetic")),
)
LIST_FIELDS = tuple(field for field, _key in LIST_COLUMNS)
LIST_PAGE_SIZE = 20
LIST_BLOCK = 100  # rows per request as the user pages
LIST_BLOCK_MAX = 500  # whatever the grid asks, one answer stays small

CHART_HEIGHT = 380

# Narrowest readable width of each grid column, in pixels (the grid scrolls sideways).
_MIN_WIDTHS = {
    "school": 140, "partner": 280, "country": 120, "region": 150, "type": 190, "level": 120,
    "status": 90, "active_in_year": 110, "first_academic_year": 120, "last_academic_year": 120,
    "source_file": 170, "synthetic": 100,
}  # fmt: skip


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    status = data.warehouse_status().row(0, named=True)
    t = translator(lang)
    if not years and status["last_import_at"] is None:
        return components.page_shell(
            "/agreements", filters, years, components.empty_state(t(components.EMPTY_WAREHOUSE))
        )
    year = _year(filters)
    by_type = data.agreements_by_school_and_type(filters, year)
    by_level = data.agreements_by_school_and_level(filters, year)
    by_region = data.agreements_by_region(filters, year)
    return components.page_shell(
        "/agreements",
        filters,
        years,
        html.H1(
            [
                t("Agreements"),
                html.Small(" " + t("active in {year}", year=year)),
            ]
        ),
        _kpi_row(filters, year, by_level),
        dmc.SimpleGrid(
            [
                components.chart_card(
                    t("Active agreements by school and type"),
                    BY_TYPE,
                    _school_figure(by_type, "agreement_type", lang, year),
                    "agreements_by_school_and_type",
                    filters,
                ),
                components.chart_card(
                    t("Signed by the group or by the school"),
                    BY_LEVEL,
                    _school_figure(by_level, "signatory_level", lang, year),
                    "agreements_by_school_and_level",
                    filters,
                ),
            ],
            cols={"base": 1, "md": 2},
            spacing="sm",
            mt="sm",
        ),
        # full width: seven regions read better spread out, and the tables need the room
        dmc.Box(
            components.chart_card(
                t("Active agreements by world region"),
                BY_REGION,
                _region_figure(by_region, lang, year),
                "agreements_by_region",
                filters,
            ),
            mt="sm",
        ),
        _places_card(filters, year),
        _ending_soon_card(filters),
        _list_card(filters, year),
    )


@callback(
    Output(LIST_GRID, "getRowsResponse"),
    Input(LIST_GRID, "getRowsRequest"),
    State(SEARCH, "value"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def list_rows(request, text, url_search):
    """The rows the grid asks for (a block as the user pages or scrolls), searched and sorted
    by the warehouse: the browser holds a few hundred agreements, never the whole list."""
    if not request:
        return no_update
    filters, _years = components.resolve(url_search)
    sort = (request.get("sortModel") or [{}])[0]
    column = sort.get("colId", "")
    start = max(0, int(request.get("startRow") or 0))
    end = max(start, int(request.get("endRow") or start + LIST_BLOCK))
    rows, total = data.agreement_rows(
        filters,
        _year(filters),
        search=(text or "").strip(),
        sort_column=column if column in LIST_FIELDS else "",
        descending=sort.get("sort") == "desc",
        offset=start,
        limit=min(end - start, LIST_BLOCK_MAX),
    )
    shown = _display(rows, filters).select(LIST_FIELDS)
    return {"rowData": shown.to_dicts(), "rowCount": total}


# A new search starts the grid over: its cached blocks belong to the previous search.
clientside_callback(
    """function (text, gridId) {
        const api = window.dash_ag_grid && window.dash_ag_grid.getApi(gridId);
        if (api) { api.purgeInfiniteCache(); }
        return window.dash_clientside.no_update;
    }""",
    Output(LIST_GRID, "className"),
    Input(SEARCH, "value"),
    State(LIST_GRID, "id"),
    prevent_initial_call=True,
)


# ---------- pieces of the page


def _kpi_row(filters: Filters, year: str, by_level: pl.DataFrame) -> dmc.SimpleGrid:
    lang = filters.lang
    kpis = data.agreement_kpis(filters, year).rows_by_key("academic_year", named=True)
    previous = sorted(kpis)[0]
    now, before = kpis[year][0], kpis[previous][0]
    t = translator(lang)
    vs_previous = t("vs {year}", year=previous)

    def card(card_id, label, key):
        return components.kpi_card(
            card_id, t(label), now[key], now[key] - before[key], vs_previous, lang=lang
        )

    active = card(KPI_ACTIVE, N_("Active agreements"), "count_active_agreements")
    if now["count_undated_agreements"]:
        active = components.kpi_card(
            KPI_ACTIVE, t("Active agreements"), now["count_active_agreements"],
            now["count_active_agreements"] - before["count_active_agreements"],
            vs_previous + " · " + _undated(t, now["count_undated_agreements"]), lang=lang,
        )  # fmt: skip
    cards = [
        active,
        card(KPI_PARTNERS, N_("Partners"), "count_partners"),
        card(KPI_COUNTRIES, N_("Countries"), "count_countries"),
        components.kpi_card(
            KPI_GROUP_SHARE,
            t("Group-level share (%)"),
            _group_share(by_level),
            note=t("of the agreements active in {year}", year=year),
            lang=lang,
        ),
    ]
    if now["count_synthetic_agreements"]:
        cards.append(
            components.kpi_card(
                KPI_SYNTHETIC,
                t("Synthetic agreements"),
                now["count_synthetic_agreements"],
                note=t("demo rows among those active in {year}", year=year),
                lang=lang,
            )
        )
    return dmc.SimpleGrid(cards, cols={"base": 2, "md": 5}, spacing="sm")


def _group_share(by_level: pl.DataFrame) -> float:
    """Percentage of the active agreements signed at group level, one decimal."""
    total = by_level["count_agreements"].sum()
    if not total:
        return 0.0
    group = by_level.filter(pl.col("signatory_level") == "group")["count_agreements"].sum()
    return round(100 * group / total, 1)


def _school_figure(frame: pl.DataFrame, stack: str, lang: str, year: str):
    """Horizontal bars per school stacked by `stack` (agreement_type or signatory_level)."""
    t = translator(lang)
    if frame.is_empty():
        return figures.empty_figure(
            t("No agreement active in {year}<br>for these schools and regions.", year=year)
        )
    # Horizontal: school names are long ('Moroccan engineering school (2019/2020 list)').
    colours = figures.AGREEMENT_TYPE_COLOURS
    legend = t("Agreement type")
    if stack == "signatory_level":
        colours, legend = figures.SIGNATORY_LEVEL_COLOURS, t("Signed by")
    return figures.stacked_bar(
        frame,
        "school",
        "count_agreements",
        stack,
        t.labels(stack),
        horizontal=True,
        height=CHART_HEIGHT,
        colours=colours,
        layout={
            "yaxis": {"categoryorder": "total ascending", "automargin": True},
            "xaxis": figures.titled(t("Agreements")),
            "legend": _legend(legend),
        },
    )


def _region_figure(frame: pl.DataFrame, lang: str, year: str):
    t = translator(lang)
    if frame.is_empty():
        return figures.empty_figure(
            t("No agreement active in {year}<br>for these schools and regions.", year=year)
        )
    return figures.stacked_bar(
        frame,
        region_column(lang),
        "count_agreements",
        "agreement_type",
        t.labels("agreement_type"),
        height=CHART_HEIGHT,
        colours=figures.AGREEMENT_TYPE_COLOURS,
        layout={
            "xaxis": figures.titled(t("World region"), categoryorder="total descending"),
            "yaxis": figures.titled(t("Agreements")),
            "legend": _legend(t("Agreement type")),
        },
    )


def _undated(t: Translator, count: int) -> str:
    """The agreements listed without years, on the overview and here."""
    return t.ngettext(
        "{count} listed without years (counted from their list's year)",
        "{count} listed without years (counted from their list's year)",
        count,
        count=count,
    )


def _legend(title: str) -> dict:
    """A legend above the bars: below, it would collide with the axis title and tick labels."""
    return {**figures.LEGEND_ABOVE["legend"], "title": {"text": title}}


def _places_card(filters: Filters, year: str) -> dmc.Paper:
    """Places offered per programme and in total, for each kind of place (outgoing students…)."""
    lang = filters.lang
    places = data.places_by_programme(filters, year)
    t = translator(lang)
    if places.is_empty():
        body = components.empty_state(
            t(
                "No places recorded for these schools this year: partner lists with a "
                "places column (one per programme if you like) or EWP agreements give "
                "them."
            )
        )
    else:
        body = _grid(
            PLACES_GRID,
            _places_display(places, lang),
            [
                ("school", N_("School")),
                ("programme", N_("Programme")),
                ("direction", N_("Direction")),
                ("mobility_type", N_("Type of place")),
                ("places_per_year", N_("Places per year")),
                ("count_partners", N_("Partners")),
            ],
            lang,
            height=min(420, 130 + 42 * places.height),
        )
    return components.table_card(
        t("Places offered in {year}", year=year),
        "places_by_programme",
        filters,
        html.P(
            t(
                "Places per year that agreements valid this year offer, per programme "
                "(the places columns of partner lists, EWP cooperation conditions), "
                "then in total for each kind of place."
            ),
            className="muted",
        ),
        body,
    )


def _places_display(places: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Programmes named in the page language: a lone places column is 'all programmes', a
    school's sum of one kind of place is its 'total'."""
    kinds = places["mobility_type"].unique().to_list()
    t = translator(lang)
    return places.with_columns(
        programme=pl.when("is_total")
        .then(pl.lit(t("Total")))
        .when(pl.col("programme") == "")
        .then(pl.lit(t("All programmes")))
        .otherwise("programme"),
        direction=pl.col("direction").replace(
            {d: t.label("direction", d) for d in ("outgoing", "incoming")}
        ),
        mobility_type=pl.col("mobility_type").replace(
            {k: t.label("mobility_type", k) for k in kinds}
        ),
    )


def _ending_soon_card(filters: Filters) -> dmc.Paper:
    lang = filters.lang
    ending = data.agreements_ending_soon(filters)
    t = translator(lang)
    if ending.is_empty():
        body = components.empty_state(
            t("No agreement ends within a year (most partner lists give no end year).")
        )
    else:
        body = _grid(
            ENDING_GRID,
            _display(ending, filters),
            [
                ("school", N_("School")),
                ("partner", N_("Partner")),
                ("country", N_("Country")),
                ("type", N_("Type")),
                ("level", N_("Level")),
                ("last_academic_year", N_("Last year")),
            ],
            lang,
            height=300,
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


def _list_card(filters: Filters, year: str) -> dmc.Paper:
    lang = filters.lang
    t = translator(lang)
    if data.agreement_rows(filters, year, limit=1).rows.is_empty():
        return components.table_card(
            t("All agreements"),
            "agreement_list",
            filters,
            components.empty_state(
                t(
                    "No agreement for these schools and regions. Widen the filters, or "
                    "import a partner list (`mobility import agreements FILE --school "
                    "NAME`)."
                )
            ),
        )
    headers = dict(LIST_COLUMNS)
    grid = dag.AgGrid(
        id=LIST_GRID,
        rowModelType="infinite",
        columnDefs=[
            {
                "field": field,
                "headerName": t(headers[field], year=year),
                "minWidth": _MIN_WIDTHS.get(field, 90),
            }
            for field in LIST_FIELDS
        ],
        defaultColDef={
            "resizable": True,
            "sortable": True,
            # the grid holds one block of rows: only the search box filters, on the server
            "filter": False,
            "flex": 1,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": LIST_PAGE_SIZE,
            "cacheBlockSize": LIST_BLOCK,
            "maxBlocksInCache": 10,
            "localeText": grid_text(lang),
        },
        style={"height": 560},
        className="ag-theme-alpine",
    )
    grid.columnDefs[LIST_FIELDS.index("partner")].update(cellRenderer="markdown", flex=3)
    search = dmc.TextInput(
        id=SEARCH,
        label=t("Search"),
        placeholder=t("Partner, country, school, type…"),
        debounce=300,
        w=320,
        mb="xs",
    )
    return components.table_card(t("All agreements"), "agreement_list", filters, search, grid)


def _grid(grid_id: str, frame: pl.DataFrame, columns: list[tuple[str, str]], lang: str, **opts):
    """An AG Grid whose partner column links to the partner's page; headers are messages."""
    year = opts.pop("year", "")
    t = translator(lang)
    headers = [(field, t(header, year=year)) for field, header in columns]
    return components.linked_grid(grid_id, frame, headers, lang, min_widths=_MIN_WIDTHS, **opts)


def _display(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """A query's rows as shown: labels in the page language, partner names as links."""
    lang = filters.lang
    t = translator(lang)
    yes_no = {True: t("Yes"), False: t("No")}

    def labels(column: str, vocabulary: str) -> pl.Expr:
        values = frame[column].unique().drop_nulls().to_list()
        return pl.col(column).replace({v: t.label(vocabulary, v) for v in values})

    shown = frame.with_columns(
        partner=components.partner_link_column(filters),
        country=pl.col(country_column(lang)),
        type=labels("agreement_type", "agreement_type"),
        level=labels("signatory_level", "signatory_level"),
        synthetic=pl.col("is_synthetic").replace_strict(yes_no, return_dtype=pl.String),
    )
    if "status" in frame.columns:
        shown = shown.with_columns(
            region=pl.col(region_column(lang)),
            status=labels("status", "agreement_status"),
            active_in_year=pl.col("is_active_in_year").replace_strict(
                yes_no, return_dtype=pl.String
            ),
        )
    return components.in_words(shown, lang)


def _year(filters: Filters) -> str:
    """The year 'active' refers to: the end of the year range, else the current academic year."""
    if filters.year_to:
        return filters.year_to
    today = dt.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"


# ---------- downloads: the exact frames behind the charts and tables


@downloadable("agreements_by_school_and_type")
def _download_by_type(filters: Filters) -> pl.DataFrame:
    return data.agreements_by_school_and_type(filters, _year(filters))


@downloadable("agreements_by_school_and_level")
def _download_by_level(filters: Filters) -> pl.DataFrame:
    return data.agreements_by_school_and_level(filters, _year(filters))


@downloadable("agreements_by_region")
def _download_by_region(filters: Filters) -> pl.DataFrame:
    return data.agreements_by_region(filters, _year(filters))


@downloadable("places_by_programme")
def _download_places(filters: Filters) -> pl.DataFrame:
    return data.places_by_programme(filters, _year(filters))


@downloadable("agreements_ending_soon")
def _download_ending_soon(filters: Filters) -> pl.DataFrame:
    return data.agreements_ending_soon(filters)


@downloadable("agreement_list")
def _download_list(filters: Filters) -> pl.DataFrame:
    return data.agreement_rows(filters, _year(filters), limit=None).rows

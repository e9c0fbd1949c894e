"""Shared pieces of every page: the shell (navigation, global filters, demo banner), KPI cards,
chart cards with their downloads, data tables, empty states."""

from __future__ import annotations

import re
from contextvars import ContextVar

import dash_ag_grid as dag
import dash_mantine_components as dmc
import flask
import polars as pl
from dash import (
    ClientsideFunction,
    Input,
    Output,
    Patch,
    State,
    clientside_callback,
    dcc,
    hooks,
    html,
)

from dashboard import auth, data, downloads, figures, glossary, i18n, numbers, summaries
from dashboard.filters import ACTIVITIES, DIRECTIONS, REGIONS, Filters
from dashboard.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, Translator, grid_text, translator
from warehouse.access import SUPPRESSED
from warehouse.demo import DEMO_FILE_NAME

# Component ids of the global filter bar (one bar, rendered by every page).
URL = "url"
FILTER_SCHOOLS = "filter-schools"
FILTER_YEAR_FROM = "filter-year-from"
FILTER_YEAR_TO = "filter-year-to"
FILTER_DIRECTION = "filter-direction"
FILTER_ACTIVITIES = "filter-activities"
FILTER_REGIONS = "filter-regions"
FILTER_LANGUAGE = "filter-language"
SIGNED_IN = "signed-in-user"
SIGN_OUT = "sign-out"
# the shell around every page: on a phone the menu and the filters open with a button
MAIN = "main-content"
TOP_BAR = "top-bar"
MENU = "site-menu"
MENU_BUTTON = "menu-button"
FILTERS = "filters"
FILTERS_BUTTON = "filters-button"
FILTER_PANEL = "filter-panel"

NAVIGATION = (
    ("/", N_("Overview")),
    ("/map", N_("World map")),
    ("/agreements", N_("Agreements")),
    ("/flows", N_("Flows")),
    ("/indicators", N_("Indicators")),
    ("/erasmus", N_("Erasmus+")),
    ("/data", N_("Data")),
    ("/help", N_("Help")),
)
# what a chart or a page says when it has nothing to show
NO_DATA = N_(
    "No data for these filters. Widen the years or schools, or import data (`mobility import …`)."
)
EMPTY_WAREHOUSE = N_(
    "The warehouse is empty: import a partner list (`mobility import agreements FILE "
    "--school NAME`) or build the demo (`mobility demo`)."
)
# the names of the files a table or chart downloads as
DOWNLOAD_FORMATS = {"csv": N_("CSV"), "xlsx": N_("Excel")}


# The language of the page being rendered, for the pieces a page builds without passing it
# (the tooltip of a KPI label naming a code of the glossary); set by resolve().
_page_language: ContextVar[str] = ContextVar("page_language", default=SOURCE_LANGUAGE)


def resolve(query: dict | str | None) -> tuple[Filters, list[str]]:
    """Filters of a URL, with the year range clamped to the warehouse's years."""
    years = data.academic_years()["academic_year"].to_list()
    filters = auth.visible(Filters.from_query(query).with_years(years))
    _page_language.set(filters.lang)
    return filters, years


def page_shell(path: str, filters: Filters, years: list[str], *children) -> html.Div:
    """A page: a skip link, the header (navigation, language, on a phone behind a menu
    button), the global filters (on a phone behind a filters button that says what they are),
    the filters written out for print, the demo banner, the content."""
    lang = filters.lang
    t = translator(lang)
    written = filters_text(filters, lang)
    return html.Div(
        [
            html.A(t("Skip to content"), href=f"#{MAIN}", className="skip-link"),
            html.Header(
                [
                    html.Span("mobility", className="brand"),
                    html.Div(
                        [
                            html.Nav(
                                [
                                    dcc.Link(
                                        t(name),
                                        href=href + filters.to_query(),
                                        className="active" if href == path else "",
                                    )
                                    for href, name in NAVIGATION
                                ],
                                **{"aria-label": t("Pages")},
                            ),
                            signed_in_badge(lang),
                        ],
                        id=MENU,
                        className="site-menu",
                    ),
                    dmc.SegmentedControl(
                        id=FILTER_LANGUAGE,
                        data=[{"value": code, "label": code.upper()} for code in LANGUAGES],
                        value=lang,
                        size="xs",
                        className="language-switch",
                        **{"aria-label": t("Language")},
                    ),
                    html.Button(
                        [html.Span(className="burger", **{"aria-hidden": "true"}), t("Menu")],
                        id=MENU_BUTTON,
                        className="menu-button",
                        type="button",
                        **{"aria-expanded": "false", "aria-controls": MENU},
                    ),
                ],
                id=TOP_BAR,
                className="top-bar",
            ),
            html.Div(
                [
                    html.Button(
                        [html.Strong(t("Filters")), html.Span(written, className="filters-now")],
                        id=FILTERS_BUTTON,
                        className="filters-button",
                        type="button",
                        **{"aria-expanded": "false", "aria-controls": FILTER_PANEL},
                    ),
                    filter_bar(filters, years),
                ],
                id=FILTERS,
                className="filters",
            ),
            # printed instead of the filter controls, which print hides
            html.P(t("Filters: {filters}", filters=written), className="print-filters"),
            synthetic_banner(lang),
            *([] if i18n.is_complete(lang) else [partial_translation_note(lang)]),
            html.Main(list(children), id=MAIN, tabIndex="-1"),
        ],
        className="shell",
    )


def filters_text(filters: Filters, lang: str) -> str:
    """The global filters in one line of words, for a phone's filters button and for print:
    "Schools: all · 2014-2015 → 2024-2025 · Direction: Both · …"."""
    t = translator(lang)
    names = dict(data.school_options().select("school_id", "school").iter_rows())
    schools = ", ".join(names.get(school, school) for school in filters.schools)
    parts = [
        t("Schools: {schools}", schools=schools or t("all")),
        t("Academic years: {first} → {last}", first=filters.year_from, last=filters.year_to)
        if filters.year_from
        else t("Academic years: all"),
        t("Direction: {direction}", direction=t.label("direction", filters.direction)),
        t(
            "Activities: {activities}",
            activities=", ".join(t.label("activity", a) for a in filters.activities) or t("all"),
        ),
        t(
            "World regions: {regions}",
            regions=", ".join(t.label("region", r) for r in filters.regions) or t("all"),
        ),
    ]
    return " · ".join(parts)


# The menu and filters buttons of a phone, and the page's language on <html> after a switch:
# functions of assets/shell.js (no inline script: the Content-Security-Policy forbids them).
clientside_callback(
    ClientsideFunction("shell", "toggle"),
    Output(TOP_BAR, "className"),
    Output(MENU_BUTTON, "aria-expanded"),
    Input(MENU_BUTTON, "n_clicks"),
    State(TOP_BAR, "className"),
    prevent_initial_call=True,
)
clientside_callback(
    ClientsideFunction("shell", "toggle"),
    Output(FILTERS, "className"),
    Output(FILTERS_BUTTON, "aria-expanded"),
    Input(FILTERS_BUTTON, "n_clicks"),
    State(FILTERS, "className"),
    prevent_initial_call=True,
)
clientside_callback(ClientsideFunction("shell", "setLanguage"), Input(FILTER_LANGUAGE, "value"))


@hooks.index()
def _html_lang(index: str) -> str:
    """The first answer's <html> says its language (the URL's ?lang=), for screen readers,
    spelling and hyphenation; shell.js keeps it right after a switch."""
    query = flask.request.query_string.decode() if flask.has_request_context() else ""
    lang = Filters.from_query(query).lang
    return index.replace("<html>", f'<html lang="{lang}">', 1)


def signed_in_badge(lang: str) -> html.Span | None:
    """Who is signed in, with their role, and the way out (nothing when nobody signs in)."""
    user = auth.signed_in_user()
    if user is None:
        return None
    t = translator(lang)
    role = t.label("role", user.role)
    return html.Span(
        [
            html.Span(t("{user} ({role})", user=user.name, role=role), id=SIGNED_IN),
            # a plain link: /logout is a Flask page, not a Dash one
            html.A(t("Sign out"), href="/logout", id=SIGN_OUT),
        ],
        className="signed-in",
    )


def count_text(value, lang: str | None = None, as_number: bool = False):
    """A count as a page writes it in `lang`: "< 5" where it is hidden from a viewer (None),
    else the number (as text, or left a number with `as_number` for kpi_card to format)."""
    if value is None:
        return SUPPRESSED
    return value if as_number else numbers.figure(value, _language(lang))


def count_column(column: str) -> pl.Expr:
    """A count column as text for hovers and labels, "< 5" where hidden from a viewer."""
    return pl.col(column).cast(pl.String).fill_null(SUPPRESSED)


def balance_labels(t: Translator) -> dict[str, str]:
    """The words of figures.partner_balance, on the flows and indicators pages."""
    return {
        "outgoing": t("Outgoing"),
        "incoming": t("Incoming"),
        "balance": t("Balance"),
        "ratio": t("Ratio in / out"),
        "no_ratio": t("none went out"),
        "axis": t("Incoming − outgoing"),
    }


def rows_hidden(lang: str) -> html.Div:
    """In place of a row-level list, for the viewer role: why it is not there."""
    t = translator(lang)
    return empty_state(
        t(
            "Row-level data (one row per mobility or person) is not shown to the "
            "viewer role: an officer of the school sees it."
        )
    )


def filter_bar(filters: Filters, years: list[str]) -> html.Div:
    """The global filters; changing one rewrites the URL (see dashboard.app)."""
    lang = filters.lang
    schools = data.school_options()
    year_choices = [{"value": y, "label": y} for y in years]
    t = translator(lang)
    return html.Div(
        [
            dmc.MultiSelect(
                id=FILTER_SCHOOLS,
                label=t("Schools"),
                placeholder=t("All schools"),
                data=[
                    {"value": row["school_id"], "label": row["school"]}
                    for row in schools.iter_rows(named=True)
                ],
                value=list(filters.schools),
                clearable=True,
                searchable=True,
                w=260,
            ),
            dmc.Select(
                id=FILTER_YEAR_FROM,
                label=t("Academic years"),
                data=year_choices,
                value=filters.year_from,
                w=130,
            ),
            dmc.Select(
                id=FILTER_YEAR_TO, label="→", data=year_choices, value=filters.year_to, w=130
            ),
            dmc.SegmentedControl(
                id=FILTER_DIRECTION,
                data=[{"value": d, "label": t.label("direction", d)} for d in DIRECTIONS],
                value=filters.direction,
            ),
            dmc.MultiSelect(
                id=FILTER_ACTIVITIES,
                label=t("Activity"),
                placeholder=t("All activities"),
                data=[{"value": a, "label": t.label("activity", a)} for a in ACTIVITIES],
                value=list(filters.activities),
                clearable=True,
                w=220,
            ),
            dmc.MultiSelect(
                id=FILTER_REGIONS,
                label=t("World region"),
                placeholder=t("All regions"),
                data=[{"value": r, "label": t.label("region", r)} for r in REGIONS],
                value=list(filters.regions),
                clearable=True,
                w=220,
            ),
        ],
        id=FILTER_PANEL,
        className="filter-bar",
    )


def partial_translation_note(lang: str) -> html.Div:
    """For a language translated in part: why some words are in English."""
    t = translator(lang)
    return html.Div(
        t("This language is translated in part: what is missing shows in English."),
        className="muted",
        lang=lang,
    )


def synthetic_banner(lang: str) -> html.Div | None:
    """A visible warning whenever the warehouse holds synthetic rows."""
    status = data.warehouse_status().row(0, named=True)
    if not (status["count_synthetic_mobilities"] or status["count_synthetic_agreements"]):
        return None
    t = translator(lang)
    return html.Div(
        t(
            "Demo data: this warehouse holds SYNTHETIC rows ({mobilities} of "
            "{total} mobilities and {agreements} agreements were generated, not "
            "imported); figures include them.",
            mobilities=numbers.number(status["count_synthetic_mobilities"], lang),
            total=numbers.number(status["count_mobilities"], lang),
            agreements=numbers.number(status["count_synthetic_agreements"], lang),
        ),
        className="synthetic-banner",
        role="alert",
    )


def kpi_card(
    card_id: str,
    label: str,
    value,
    change=None,
    note: str = "",
    unit: str = "",
    *,
    lang: str | None = None,
) -> dmc.Paper:
    """A figure with its change on the previous year, written as `lang` writes numbers (the
    page's language: needed when the value or the change is a number). `unit` '%' (or ' %')
    says the value is a percent (54.4); None shows '—'; a str value is shown as it is (a figure
    already written for the page language)."""
    change_text = ""
    if change is not None:
        change = round(change, 1) if isinstance(change, float) else change
        change_text = numbers.figure(change, _language(lang), signed=True)
    if value is None or isinstance(value, str):
        shown = "—" if value is None else value
    elif unit.strip() == "%":
        shown = numbers.percent(value / 100, _language(lang), 1)
    else:
        shown = numbers.figure(value, _language(lang)) + unit
    return dmc.Paper(
        [
            html.Div(glossary.explained(label, _page_language.get()), className="kpi-label"),
            html.Div(shown, className="kpi-value", id=card_id),
            html.Div(
                [html.Span(change_text, className="kpi-change"), html.Span(f" {note}")],
                className="kpi-note",
            ),
        ],
        withBorder=True,
        p="sm",
        className="kpi-card",
    )


def _language(lang: str | None) -> str:
    # a number written in a guessed language would be wrong silently: the caller says which
    if lang is None:
        raise ValueError("a number on a page is written in the page's language: pass lang")
    return lang


def download_links(name: str, filters: Filters, **extra: str) -> html.Div:
    """CSV and Excel links for the data behind a chart or table."""
    t = translator(filters.lang)
    return html.Div(
        [
            html.A(
                t(label),
                href=downloads.href(name, fmt, filters, **extra),
                className="download-link",
                download=f"{name}.{fmt}",
            )
            for fmt, label in DOWNLOAD_FORMATS.items()
        ],
        className="downloads",
    )


def chart_card(title: str, graph_id: str, figure, download: str, filters: Filters) -> dmc.Paper:
    """A titled chart with PNG (mode bar), CSV and Excel downloads, and a loading indicator.
    The PNG is named after the chart and the filters, and carries the title, the filters and
    the source. The chart is also said in words for screen readers (summaries.describe). A
    figure without a height (the world map) is as high as the page's CSS makes it."""
    summary_text = summaries.describe(figure, title, filters.lang)
    figure = figures.with_export_header(figure, title, export_caption(filters))
    config = {**figures.export_config(export_name(graph_id, filters)), "locale": filters.lang}
    graph = dcc.Graph(
        id=graph_id,
        figure=figure,
        config=config,
        **({"responsive": True, "className": "graph-fill"} if figure.layout.height is None else {}),
    )
    summary = f"{graph_id}-summary"
    return dmc.Paper(
        [
            html.Div(
                [
                    html.H3(glossary.explained(title, filters.lang)),
                    download_links(download, filters),
                ],
                className="card-head",
            ),
            html.Div(
                dcc.Loading(graph),
                role="figure",
                **{"aria-describedby": summary, "aria-label": title},
            ),
            html.P(summary_text, id=summary, className="visually-hidden"),
        ],
        withBorder=True,
        p="sm",
        className="chart-card",
    )


def export_name(chart: str, filters: Filters) -> str:
    """mobility-<chart>-<schools>-<years>: what a chart's PNG is saved as."""
    schools = filters.schools
    if not schools:
        who = "all-schools"
    elif len(schools) <= 2:
        who = "-".join(schools)
    else:
        who = f"{len(schools)}-schools"
    years = filters.year_to or ""
    if filters.year_from and filters.year_from != filters.year_to:
        years = f"{filters.year_from}-to-{filters.year_to}"
    name = "-".join(part for part in ("mobility", chart, who, years) if part)
    return re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")


def export_caption(filters: Filters) -> str:
    """The filters a chart is drawn under and its source, in one line."""
    t = translator(filters.lang)
    if filters.schools:
        options = data.school_options()
        names = dict(zip(options["school_id"], options["school"], strict=True))
        who = ", ".join(names.get(school, school) for school in filters.schools)
    else:
        who = t("All schools")
    years = filters.year_to or ""
    if filters.year_from and filters.year_from != filters.year_to:
        years = f"{filters.year_from} → {filters.year_to}"
    parts = [who, years]
    if filters.direction != "all":
        parts.append(t.label("direction", filters.direction))
    parts += [", ".join(t.label("activity", a) for a in filters.activities)]
    parts += [", ".join(t.label("region", r) for r in filters.regions)]
    last = data.warehouse_status()["last_import_at"][0]
    when = numbers.date(last.date() if hasattr(last, "date") else last, filters.lang)
    source = t("Source: mobility, {date}", date=when if last else "–")
    return " · ".join(part for part in parts if part) + " — " + source


def data_grid(
    grid_id: str,
    frame: pl.DataFrame,
    columns: list[tuple[str, str]],
    lang: str = "en",
    **options,
):
    """A sortable, filterable AG Grid of `frame`; `columns` are (field, header) pairs; the grid's
    own words (pagination, filter menus) in `lang`."""
    return dag.AgGrid(
        id=grid_id,
        # counts below 5 per partner or country show "< 5" to a viewer (dashboard.auth)
        rowData=auth.shown_rows(in_words(frame, lang), [c for c, _ in columns]),
        columnDefs=[
            {"field": field, "headerName": header, "filter": True, "sortable": True}
            for field, header in columns
        ],
        defaultColDef={"resizable": True, "flex": 1, "minWidth": 90},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "quickFilterText": "",
            "localeText": grid_text(lang),
        },
        style={"height": options.pop("height", 480)},
        className="ag-theme-alpine",
        **options,
    )


def in_words(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """A table's words the warehouse writes in English, in `lang`: the demo's pseudo file name.
    English shows them as the warehouse writes them."""
    if lang == SOURCE_LANGUAGE:
        return frame
    t = translator(lang)
    words = {
        column: pl.col(column).replace({DEMO_FILE_NAME: t("synthetic demo data")})
        for column in ("file_name", "source_file")
        if column in frame.columns
    }
    return frame.with_columns(**words) if words else frame


def empty_state(message: str) -> html.Div:
    """Why a page or a panel has nothing to show, and what to do about it."""
    return html.Div(message, className="empty-state")


# ---------- partner links, linked tables, searchable tables

# Markdown's special characters, escaped so that a partner's name stays the text of its link
# (a bracket would end it early, an underscore would turn it italic).
_MARKDOWN_SPECIALS = r"([\\`*_\[\]<>#])"


def partner_path(partner_id: str) -> str:
    """The address of a partner's profile."""
    return f"/partners/{partner_id}"


def markdown_link(text: str, href: str) -> str:
    """A link for AG Grid's markdown cells, its text escaped."""
    escaped = re.sub(_MARKDOWN_SPECIALS, r"\\\1", text)
    return f"[{escaped}]({href})"


def partner_link_column(filters: Filters, **extra: str | None) -> pl.Expr:
    """Each row's partner_name as a markdown link to its profile, keeping the filters (and
    `extra` query keys: None drops a page-specific one)."""
    return pl.format(
        "[{}]({}{})",
        pl.col("partner_name").str.replace_all(_MARKDOWN_SPECIALS, r"\${1}"),
        pl.lit("/partners/") + pl.col("partner_id"),
        pl.lit(filters.to_query(**extra)),
    )


def linked_grid(
    grid_id: str,
    frame: pl.DataFrame,
    columns: list[tuple[str, str]],
    lang: str,
    *,
    min_widths: dict[str, int] | None = None,
    min_width: int = 90,
    **options,
) -> dag.AgGrid:
    """A data grid whose `partner` column (see partner_link_column) is a link to the partner;
    partner_name rides along hidden: it is what the search and the column filter look at,
    rather than the link (whose URL would match searches for 'schools' or 'p-')."""
    extra = [("partner_name", "")] if "partner" in frame.columns else []
    grid = data_grid(grid_id, frame, [*columns, *extra], lang, **options)
    for column in grid.columnDefs:
        column.update(minWidth=(min_widths or {}).get(column["field"], min_width))
        if column["field"] == "partner":
            column.update(
                cellRenderer="markdown",
                getQuickFilterText={"function": "params.data.partner_name"},
                filterValueGetter={"function": "params.data.partner_name"},
            )
        elif column["field"] == "partner_name":
            column.update(hide=True)
    grid.defaultColDef.update(wrapHeaderText=True, autoHeaderHeight=True)
    return grid


def table_card(title: str, download: str, filters: Filters, *body) -> dmc.Paper:
    """A titled table (or any body) with the CSV and Excel links of its data."""
    return dmc.Paper(
        [
            html.Div(
                [
                    html.H3(glossary.explained(title, filters.lang)),
                    download_links(download, filters),
                ],
                className="card-head",
            ),
            *body,
        ],
        withBorder=True,
        p="sm",
        mt="sm",
        className="chart-card",
    )


def quick_filter(text: str | None) -> Patch:
    """The grid options that show only the rows mentioning `text` (a search box's callback)."""
    options = Patch()
    options["quickFilterText"] = text or ""
    return options


def clicked_partner_path(click_data: dict | None) -> str | None:
    """The profile of the partner whose bar a click hit (bars carry partner ids as customdata)."""
    points = (click_data or {}).get("points") or [{}]
    partner_id = points[0].get("customdata")
    return partner_path(partner_id) if isinstance(partner_id, str) and partner_id else None

"""Data: what was imported, what was rejected and why, the places found outside their country,
and what is synthetic."""

from __future__ import annotations

import dash
import dash_mantine_components as dmc
import polars as pl
from dash import html

from dashboard import components, data
from dashboard.downloads import downloadable
from dashboard.filters import Filters
from dashboard.i18n import t

dash.register_page(__name__, path="/data", name="Data", order=6, title="mobility: data")

IMPORTS_GRID = "data-imports-grid"
REJECTS_GRID = "data-rejects-grid"
PLACES_GRID = "data-places-grid"
SYNTHETIC_TABLE = "data-synthetic-table"


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    imports = data.import_history()
    # the raw text of rejected lines, about people: not for the viewer role
    rejects = data.rejected_rows_list() if data.sees_rows() else None
    place_flags = data.place_flags()
    synthetic = data.synthetic_share()
    return components.page_shell(
        "/data",
        filters,
        years,
        html.H1(t("data.title", lang)),
        _section(
            t("data.imports", lang),
            "import_history",
            filters,
            components.data_grid(
                IMPORTS_GRID,
                imports,
                [
                    ("import_id", "#"),
                    ("kind", t("data.col.kind", lang)),
                    ("file_name", t("data.col.file", lang)),
                    ("school", t("data.col.school", lang)),
                    ("imported_at", t("data.col.when", lang)),
                    ("rows_read", t("data.col.read", lang)),
                    ("rows_accepted", t("data.col.accepted", lang)),
                    ("rows_rejected", t("data.col.rejected", lang)),
                    ("superseded_by", t("data.col.replaced_by", lang)),
                    ("removed_at", t("data.col.removed_at", lang)),
                    ("options", t("data.col.options", lang)),
                    ("file_sha256", "SHA-256"),
                ],
                lang,
                height=360,
            )
            if not imports.is_empty()
            else components.empty_state(t("empty.warehouse", lang)),
        ),  # fmt: skip
        _section(
            t("data.rejected", lang),
            "rejected_rows_list",
            filters,
            components.data_grid(
                REJECTS_GRID,
                rejects,
                [
                    ("import_id", "#"),
                    ("file_name", t("data.col.file", lang)),
                    ("line_number", t("data.col.line", lang)),
                    ("reason", t("data.col.reason", lang)),
                    ("raw_text", t("data.col.raw_text", lang)),
                ],
                lang,
                height=360,
            )
            if rejects is not None and not rejects.is_empty()
            else components.empty_state(t("data.no_rejects", lang))
            if rejects is not None
            else components.rows_hidden(lang),
        ),  # fmt: skip
        _section(
            t("data.places", lang),
            "place_flags",
            filters,
            _places_grid(place_flags, lang)
            if not place_flags.is_empty()
            else components.empty_state(t("data.no_place_flags", lang)),
        ),  # fmt: skip
        _section(
            t("data.synthetic", lang),
            "synthetic_share",
            filters,
            html.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(t("data.col.view", lang)),
                                html.Th(t("data.col.synthetic_rows", lang)),
                                html.Th(t("data.col.all_rows", lang)),
                            ]
                        )
                    ),
                    html.Tbody(
                        [
                            html.Tr(
                                [
                                    # the view's own name too: it is what analysts query
                                    html.Td(
                                        [
                                            t(f"data.view.{r['view_name']}", lang),
                                            html.Code(f" {r['view_name']}"),
                                        ]
                                    ),
                                    html.Td(r["count_synthetic"]),
                                    html.Td(r["count_rows"]),
                                ]
                            )
                            for r in synthetic.iter_rows(named=True)
                        ]
                    ),
                ],
                id=SYNTHETIC_TABLE,
                className="summary-table",
            ),
        ),  # fmt: skip
    )


def _places_grid(place_flags: pl.DataFrame, lang: str):
    """The flagged places; the reason, which says it all, wide and wrapped (the download has
    every column of the view)."""
    grid = components.data_grid(
        PLACES_GRID,
        place_flags,
        [
            ("kind", t("data.col.kind", lang)),
            ("name", t("data.col.name", lang)),
            ("country_iso2", t("data.col.country", lang)),
            ("erasmus_code", t("data.col.erasmus_code", lang)),
            ("city_source", t("data.col.city_source", lang)),
            ("map_country", t("data.col.map_country", lang)),
            ("reason", t("data.col.reason", lang)),
        ],
        lang,
        height=280,
    )
    grid.columnDefs[1].update(flex=2)  # the name
    grid.columnDefs[-1].update(flex=4, wrapText=True, autoHeight=True)
    return grid


def _section(title: str, download: str, filters: Filters, body) -> dmc.Paper:
    return dmc.Paper(
        [
            html.Div([html.H3(title), components.download_links(download, filters)],
                     className="card-head"),
            body,
        ],
        withBorder=True, p="sm", mt="sm",
    )  # fmt: skip


@downloadable("import_history")
def _download_imports(_filters: Filters) -> pl.DataFrame:
    return data.import_history()


@downloadable("rejected_rows_list")
def _download_rejects(_filters: Filters) -> pl.DataFrame:
    return data.rejected_rows_list()


@downloadable("place_flags")
def _download_place_flags(_filters: Filters) -> pl.DataFrame:
    return data.place_flags()


@downloadable("synthetic_share")
def _download_synthetic(_filters: Filters) -> pl.DataFrame:
    return data.synthetic_share()

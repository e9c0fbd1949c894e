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
from dashboard.i18n import N_, page_title, translator

dash.register_page(
    __name__, path="/data", name="Data", order=6, title=page_title(N_("Data and imports"))
)

IMPORTS_GRID = "data-imports-grid"
REJECTS_GRID = "data-rejects-grid"
PLACES_GRID = "data-places-grid"
SYNTHETIC_TABLE = "data-synthetic-table"
# the public views whose synthetic rows the page counts
VIEWS = {
    "agreements": N_("Agreements"),
    "mobilities": N_("Mobilities"),
    "agreement_quotas": N_("Agreement quotas"),
    "graduates": N_("Graduates"),
}


def layout(**query):
    filters, years = components.resolve(query)
    lang = filters.lang
    imports = data.import_history()
    # the raw text of rejected lines, about people: not for the viewer role
    rejects = data.rejected_rows_list() if data.sees_rows() else None
    place_flags = data.place_flags()
    synthetic = data.synthetic_share()
    t = translator(lang)
    return components.page_shell(
        "/data",
        filters,
        years,
        html.H1(t("Data and imports")),
        _section(
            t("Imports"),
            "import_history",
            filters,
            components.data_grid(
                IMPORTS_GRID,
                # the kind of each import in words (English: the warehouse's code)
                imports
                if lang == "en"
                else imports.with_columns(pl.col("kind").replace(t.labels("import_kind"))),
                [
                    ("import_id", "#"),
                    ("kind", t("Kind")),
                    ("file_name", t("File")),
                    ("school", t("School")),
                    ("imported_at", t("Imported at")),
                    ("rows_read", t("Rows read")),
                    ("rows_accepted", t("Accepted")),
                    ("rows_rejected", t("Rejected")),
                    ("superseded_by", t("Replaced by import")),
                    ("removed_at", t("Removed on")),
                    ("options", t("Options")),
                    ("file_sha256", "SHA-256"),
                ],
                lang,
                height=360,
            )
            if not imports.is_empty()
            else components.empty_state(t(components.EMPTY_WAREHOUSE)),
        ),  # fmt: skip
        _section(
            t("Rejected rows"),
            "rejected_rows_list",
            filters,
            components.data_grid(
                REJECTS_GRID,
                rejects,
                [
                    ("import_id", "#"),
                    ("file_name", t("File")),
                    ("line_number", t("Line")),
                    ("reason", t("Reason")),
                    ("raw_text", t("Raw text")),
                ],
                lang,
                height=360,
            )
            if rejects is not None and not rejects.is_empty()
            else components.empty_state(t("No row was rejected."))
            if rejects is not None
            else components.rows_hidden(lang),
        ),  # fmt: skip
        _section(
            t("Places outside their country on the map"),
            "place_flags",
            filters,
            _places_grid(place_flags, lang)
            if not place_flags.is_empty()
            else components.empty_state(
                t("Every located partner and home school lies in its country on the map.")
            ),
        ),  # fmt: skip
        _section(
            t("What is synthetic"),
            "synthetic_share",
            filters,
            html.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(t("Public view")),
                                html.Th(t("Synthetic rows")),
                                html.Th(t("All rows")),
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
                                            t(VIEWS.get(r["view_name"], r["view_name"])),
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
    t = translator(lang)
    grid = components.data_grid(
        PLACES_GRID,
        place_flags,
        [
            ("kind", t("Kind")),
            ("name", t("Name")),
            ("country_iso2", t("Country")),
            ("erasmus_code", t("Erasmus code")),
            ("city_source", t("City from")),
            ("map_country", t("Country on the map")),
            ("reason", t("Reason")),
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

"""The indicators page's tables: a grid of the first rows with headers in the page language,
and the columns the rows shown need (partner links, labels)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from dash import html

from dashboard import components
from dashboard.filters import Filters
from dashboard.i18n import country_column, translator
from dashboard.pages.indicator_sections.ids import GRID_ROW_LIMIT

# Narrowest readable width of grid columns, in pixels (the grids scroll sideways).
MIN_WIDTHS = {
    "school": 150, "partner": 260, "country": 120, "type": 130, "level": 110,
    "academic_year": 110, "first_academic_year": 110, "last_academic_year": 110,
    "last_flow_year": 110, "direction_label": 100, "type_label": 140,
}  # fmt: skip


def grid(
    grid_id: str,
    frame: pl.DataFrame,
    columns: list[tuple[str, str]],
    lang: str,
    shape: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
    total: int | None = None,
    **opts,
):
    """An AG Grid with headers from messages; a `partner` column is a link to the partner.
    `shape` adds what the rows shown need (links, labels in the page language) to those rows
    only, never to every row of a long result (50,000 flows without agreement).
    `total` is the number of rows of a result the query already cut (else the frame's)."""
    t = translator(lang)
    headers = [(field, t(header)) for field, header in columns]
    total = frame.height if total is None else total
    # the browser gets the first rows only (the queries order them by importance); the
    # downloads have every row
    frame = frame.head(GRID_ROW_LIMIT)
    if shape is not None:
        frame = shape(frame)
    table = components.linked_grid(
        grid_id, frame, headers, lang, min_widths=MIN_WIDTHS, min_width=105, **opts
    )
    if total <= GRID_ROW_LIMIT:
        return table
    note = t(
        "The first {shown} of {total} rows are shown; the CSV and Excel downloads have them all.",
        shown=GRID_ROW_LIMIT,
        total=total,
    )
    return html.Div([table, html.P(note, className="muted")])


def with_partner_links(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """The frame with a `partner` column: a markdown link to the partner keeping the filters."""
    return frame.with_columns(partner=components.partner_link_column(filters))


def partner_rows(frame: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """Partner links and country names in the page language."""
    return with_partner_links(frame, filters).with_columns(
        country=pl.col(country_column(filters.lang))
    )


def agreement_labels(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Country, type and level in the page language."""
    return frame.with_columns(
        country=pl.col(country_column(lang)),
        type=labels_in(frame, "agreement_type", "agreement_type", lang),
        level=labels_in(frame, "signatory_level", "signatory_level", lang),
    )


def labels_in(frame: pl.DataFrame, column: str, vocabulary: str, lang: str) -> pl.Expr:
    values = frame[column].unique().drop_nulls().to_list()
    t = translator(lang)
    return pl.col(column).replace({v: t.label(vocabulary, v) for v in values})

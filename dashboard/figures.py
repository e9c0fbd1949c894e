"""Pure figure builders: (data frame, labels) -> go.Figure. No I/O, no Dash.

Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies;
outgoing is always blue and incoming always orange.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.i18n import t

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
)
DIRECTION_COLOURS = {"outgoing": OKABE_ITO[0], "incoming": OKABE_ITO[1]}
SEQUENTIAL = "Blues"
DIVERGING = [[0.0, OKABE_ITO[5]], [0.5, "#f7f7f7"], [1.0, OKABE_ITO[0]]]

# Every graph: PNG export from the mode bar, no link to plotly's site, maps from our assets.
GRAPH_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "topojsonURL": "/assets/topojson/",
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def _layout(figure: go.Figure, height: int = 320) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        plot_bgcolor="white",
        font={"family": "system-ui, sans-serif", "size": 12},
        colorway=OKABE_ITO,
    )
    figure.update_xaxes(showgrid=False)
    figure.update_yaxes(gridcolor="#e5e7eb")
    return figure


def trend_lines(data_frame: pl.DataFrame, lang: str = "en", height: int = 320) -> go.Figure:
    """Lines of count_mobilities per academic_year, one per direction."""
    figure = go.Figure()
    for direction in ("outgoing", "incoming"):
        rows = data_frame.filter(pl.col("direction") == direction).sort("academic_year")
        if rows.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=rows["academic_year"].to_list(),
                y=rows["count_mobilities"].to_list(),
                name=t(f"direction.{direction}", lang),
                mode="lines+markers",
                line={"color": DIRECTION_COLOURS[direction], "width": 3},
            )
        )
    figure.update_xaxes(title=t("axis.academic_year", lang), type="category")
    figure.update_yaxes(title=t("axis.students", lang), rangemode="tozero")
    return _layout(figure, height)


def stacked_bar(
    data_frame: pl.DataFrame,
    x: str,
    y: str,
    stack: str,
    lang: str = "en",
    label_prefix: str | None = None,
    horizontal: bool = False,
    height: int = 320,
) -> go.Figure:
    """Bars of `y` by `x`, stacked by `stack`; stack values labelled via i18n `label_prefix.*`."""
    figure = go.Figure()
    for index, value in enumerate(sorted(data_frame[stack].unique().drop_nulls().to_list())):
        rows = data_frame.filter(pl.col(stack) == value)
        name = t(f"{label_prefix}.{value}", lang) if label_prefix else str(value)
        xs, ys = rows[x].to_list(), rows[y].to_list()
        figure.add_trace(
            go.Bar(
                x=ys if horizontal else xs,
                y=xs if horizontal else ys,
                name=name,
                orientation="h" if horizontal else "v",
                marker_color=OKABE_ITO[index % len(OKABE_ITO)],
            )
        )
    figure.update_layout(barmode="stack")
    return _layout(figure, height)


def diverging_bar(data_frame: pl.DataFrame, label: str, value: str, height: int = 420) -> go.Figure:
    """Horizontal bars of `value` around zero (e.g. incoming − outgoing per partner)."""
    rows = data_frame.sort(value)
    colours = [OKABE_ITO[1] if v > 0 else OKABE_ITO[0] for v in rows[value].to_list()]
    figure = go.Figure(
        go.Bar(
            x=rows[value].to_list(),
            y=rows[label].to_list(),
            orientation="h",
            marker_color=colours,
        )
    )
    figure.update_yaxes(automargin=True)
    figure.add_vline(x=0, line_color="#333")
    return _layout(figure, height)


def empty_figure(message: str, height: int = 320) -> go.Figure:
    """A blank figure that says why it is blank."""
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, font={"size": 14, "color": "#52606d"})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, height)

"""Pure figure builders: (data frame, labels) -> go.Figure. No I/O, no Dash.

Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies;
outgoing is always blue and incoming always orange.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import numbers

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

# Every graph: PNG export from the mode bar (drawn in the browser, saved locally), maps from our
# assets, and nothing that leaves the building: plotly.js shows a "Share chart" button by
# default that uploads the chart and its data to Plotly's cloud (plotlyServerURL), and can link
# to Chart Studio; both are off, their buttons removed and the upload address emptied.
GRAPH_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "plotlyServerURL": "",
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "topojsonURL": "/assets/topojson/",
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendDataToCloud", "editInChartStudio"],
}


# What a chart's own title and caption take above its plot: the PNG export shows them.
EXPORT_HEADER_PX = 46


def export_config(filename: str) -> dict:
    """GRAPH_CONFIG with the name the mode bar's PNG export saves under (without .png)."""
    return {
        **GRAPH_CONFIG,
        "toImageButtonOptions": {**GRAPH_CONFIG["toImageButtonOptions"], "filename": filename},
    }


def with_export_header(figure: go.Figure, title: str, caption: str) -> go.Figure:
    """`figure` carrying its title and a caption (the filters, the source) above the plot, so
    that the PNG the mode bar exports says what it shows; on the page the chart card's heading
    is the title (assets/exports.css hides the figure's own) and the caption stays, discreet."""
    top = figure.layout.margin.t
    top = 10 if top is None else top  # the template's
    figure.update_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 6, "l": 8},
            "font": {"size": 14},
            "subtitle": {"text": caption, "font": {"size": 10, "color": "#7b8794"}},
        },
        margin={"t": top + EXPORT_HEADER_PX},
    )
    return figure


def graph_config(lang: str) -> dict:
    """GRAPH_CONFIG in the page's language: Plotly writes its mode-bar tooltips, messages and
    dates with the locale of that name (assets/plotly-locale-fr.js; English is Plotly's own)."""
    return {**GRAPH_CONFIG, "locale": lang}


# The look of every figure, as the default template: plotly validates a template once here
# instead of a layout update per figure (8 ms each), and its own default template (8 kB in
# every figure sent to the browser) is not used.
pio.templates["mobility"] = go.layout.Template(
    layout={
        "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
        "legend": {"orientation": "h", "y": -0.2},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1f2933"},
        "colorway": OKABE_ITO,
        "xaxis": {"showgrid": False, "automargin": True},
        "yaxis": {"gridcolor": "#e5e7eb", "automargin": True, "zerolinecolor": "#cbd2d9"},
        "hoverlabel": {"font": {"family": "system-ui, sans-serif"}},
    }
)
pio.templates.default = "mobility"


# The look of every map: the world map and a partner's small map.
GEO_STYLE = {
    "showframe": False,
    "showcoastlines": True,
    "coastlinecolor": "#9aa5b1",
    "showcountries": True,
    "countrycolor": "white",
    "showland": True,
    "landcolor": "#e4e7eb",
    "showocean": True,
    "oceancolor": "#f5f8fb",
    "showlakes": False,
    "projection": {"type": "natural earth"},
}
# Around every map: no margin, the legend in its lower left corner.
MAP_LAYOUT = {
    "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
    "font": {"family": "system-ui, sans-serif", "size": 12},
    "legend": {"x": 0.01, "y": 0.05, "bgcolor": "rgba(255,255,255,0.8)"},
}


# Figures are built in one go: go.Figure(data=traces, layout=layout). Plotly checks every
# property set on a built figure path by path, so the add_trace / update_layout / update_xaxes
# calls of the usual style cost 5-9 ms per bar chart against 1-2.5 ms at once, and four charts
# made most of the Erasmus+ page's time once its queries were answered (docs/performance.md).
# So builders take what a page adds (axis titles, legend) as a `layout` argument instead of
# updating the figure they return.


def _figure(traces: list[dict], height: int | None, *layouts: dict | None) -> go.Figure:
    """A figure of `traces` (dicts with their "type") and the merge of `layouts`, later ones
    winning, `height` pixels high (None: as high as the page makes its box)."""
    layout = merged(*layouts)
    return go.Figure(data=traces, layout=layout if height is None else {**layout, "height": height})


def merged(*layouts: dict | None) -> dict:
    """Layout fragments merged key by key (nested dicts too); a later fragment wins."""
    result: dict = {}
    for layout in layouts:
        for key, value in (layout or {}).items():
            if isinstance(value, dict) and isinstance(result.get(key), dict):
                result[key] = merged(result[key], value)
            else:
                result[key] = value
    return result


def titled(text: str, **axis) -> dict:
    """An axis with a title, and other axis settings."""
    return {"title": {"text": text}, **axis}


# A legend above the plot, clear of slanted year labels and the x-axis title.
LEGEND_ABOVE = {
    "showlegend": True,
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    "margin": {"t": 30},
}


def _bar(
    name: str,
    categories: list,
    values: list,
    marker: dict,
    *,
    horizontal: bool = False,
    value_format: str = "",
    **more,
) -> dict:
    """A bar trace of one series whose hover says the series, the category and the value
    (`value_format`: a d3 format such as ',.0f'); `more` adds or replaces trace properties."""
    category, value = ("y", "x") if horizontal else ("x", "y")
    shown = f"%{{{value}:{value_format}}}" if value_format else f"%{{{value}}}"
    trace = {
        "type": "bar",
        category: categories,
        value: values,
        "name": name,
        "marker": marker,
        "hovertemplate": f"{name}<br>%{{{category}}}: {shown}<extra></extra>",
    }
    if horizontal:
        trace["orientation"] = "h"
    return {**trace, **more}


def trend_lines(
    data_frame: pl.DataFrame,
    names: dict[str, str],
    x_title: str,
    y_title: str,
    height: int = 320,
    layout: dict | None = None,
) -> go.Figure:
    """Lines of count_mobilities per academic_year, one per direction, named by `names`."""
    traces = []
    for direction in ("outgoing", "incoming"):
        rows = data_frame.filter(pl.col("direction") == direction).sort("academic_year")
        if rows.is_empty():
            continue
        traces.append(
            {
                "type": "scatter",
                "x": rows["academic_year"].to_list(),
                "y": rows["count_mobilities"].to_list(),
                "name": names[direction],
                "mode": "lines+markers",
                "line": {"color": DIRECTION_COLOURS[direction], "width": 3},
            }
        )
    axes = {
        "xaxis": titled(x_title, type="category"),
        "yaxis": titled(y_title, rangemode="tozero"),
    }
    return _figure(traces, height, axes, layout)


def stacked_bar(
    data_frame: pl.DataFrame,
    x: str,
    y: str,
    stack: str,
    names: dict[str, str] | None = None,
    horizontal: bool = False,
    height: int = 320,
    colours: dict[str, str] | None = None,
    layout: dict | None = None,
) -> go.Figure:
    """Bars of `y` by `x`, stacked by `stack`; stack values named by `names` (else shown as
    they are), coloured by value in `colours` (else by their position among the values
    present)."""
    traces = []
    for index, value in enumerate(sorted(data_frame[stack].unique().drop_nulls().to_list())):
        rows = data_frame.filter(pl.col(stack) == value)
        name = names.get(value, str(value)) if names is not None else str(value)
        xs, ys = rows[x].to_list(), rows[y].to_list()
        colour = (colours or {}).get(value, OKABE_ITO[index % len(OKABE_ITO)])
        traces.append(
            {
                "type": "bar",
                "x": ys if horizontal else xs,
                "y": xs if horizontal else ys,
                "name": name,
                "orientation": "h" if horizontal else "v",
                "marker": {"color": colour},
            }
        )
    return _figure(traces, height, {"barmode": "stack"}, layout)


def empty_figure(message: str, height: int = 320) -> go.Figure:
    """A blank figure that says why it is blank."""
    annotation = {
        "text": message,
        "showarrow": False,
        "font": {"size": 14, "color": "#52606d"},
    }
    hidden = {"visible": False}
    return _figure([], height, {"annotations": [annotation], "xaxis": hidden, "yaxis": hidden})


def _located(places: pl.DataFrame) -> pl.DataFrame:
    """The rows that have both coordinates: what a map can draw."""
    return places.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())


def _school_stars(schools: pl.DataFrame, name: str, size: int, colour: str, outline: dict) -> dict:
    """The located home schools as stars on a map, each one's name and city on hover."""
    return {
        "type": "scattergeo",
        "lat": schools["latitude"].to_list(),
        "lon": schools["longitude"].to_list(),
        "mode": "markers",
        "name": name,
        "marker": {"symbol": "star", "size": size, "color": colour, "line": outline},
        "text": [
            f"<b>{school['school']}</b><br>{school['city'] or ''}"
            for school in schools.iter_rows(named=True)
        ],
        "hovertemplate": "%{text}<extra></extra>",
    }


WORLD_MAP_MEASURES = {
    "partners": "count_partners",
    "agreements": "count_agreements",
    "outgoing": "count_outgoing",
    "incoming": "count_incoming",
    "balance": "balance",
}


# A count hidden from a viewer (below 5 per partner or country) is null in the frames drawn;
# figures write this in its place, and a balance or ratio that would give it away as a dash.
HIDDEN_COUNT = "< 5"


def _count(value: int | None) -> str:
    return HIDDEN_COUNT if value is None else str(value)


def _world_map_number(value: int | None, lang: str, signed: bool = False) -> str:
    if value is None:
        return "—" if signed else HIDDEN_COUNT
    return numbers.figure(value, lang, signed=signed)


# The regions a world map can frame: the geo settings of each. Europe, where most partners are,
# is drawn at 50m (Luxembourg, Malta exist only there) and framed on its own; every view is
# centred on its region, so that "zoom in" closes in on it (the world's centre would be Africa).
MAP_VIEWS = {
    "world": {
        # the whole globe, its bottom included
        "projection": {"type": "natural earth", "rotation": {"lon": 10}},
    },
    "europe": {
        "projection": {"type": "natural earth", "rotation": {"lon": 12}},
        "lataxis": {"range": [34, 66]},
        "lonaxis": {"range": [-12, 36]},
        "center": {"lat": 50, "lon": 12},
        "resolution": 50,
    },
    "americas": {
        "projection": {"type": "natural earth", "rotation": {"lon": -80}},
        "lataxis": {"range": [-57, 62]},
        "lonaxis": {"range": [-135, -25]},
        "center": {"lat": 3, "lon": -80},
    },
    "asia_pacific": {
        "projection": {"type": "natural earth", "rotation": {"lon": 125}},
        "lataxis": {"range": [-48, 56]},
        "lonaxis": {"range": [60, 190]},
        "center": {"lat": 4, "lon": 125},
    },
}

# Countries with nothing are drawn in the land's grey, and 1 already in a blue that reads as one:
# a continuous scale from white made countries with 1-2 partners look empty.
ZERO_COLOUR = GEO_STYLE["landcolor"]
COUNT_SCALE = ("#9ecae1", "#08306b")

# The arcs: at most this many (home school, partner) pairs, the heaviest, so the figure stays light.
ARC_LIMIT = 25
# Partners closer than this (degrees of latitude and longitude) make one point: a city's
# universities would otherwise be drawn on top of one another.
CLUSTER_DEGREES = 0.5


def count_colours(top: float | None) -> dict:
    """A colour scale from 0 to `top` where 0 is the land's grey and 1 a clear blue."""
    top = max(top or 0, 1)
    step = 0.5 / top
    return {
        "zmin": 0,
        "zmax": top,
        "colorscale": [
            [0.0, ZERO_COLOUR],
            [step, ZERO_COLOUR],
            [step, COUNT_SCALE[0]],
            [1.0, COUNT_SCALE[1]],
        ],
    }


def cluster_points(located: pl.DataFrame, name_column: str) -> pl.DataFrame:
    """Located partners grouped by place (coordinates rounded to CLUSTER_DEGREES): one row per
    place with its count of partners, its flows, and the partners' names, most flows first."""
    return (
        located.sort(["count_flows", "partner_name"], descending=[True, False], nulls_last=True)
        .with_columns(
            place_lat=(pl.col("latitude") / CLUSTER_DEGREES).round() * CLUSTER_DEGREES,
            place_lon=(pl.col("longitude") / CLUSTER_DEGREES).round() * CLUSTER_DEGREES,
        )
        .group_by("place_lat", "place_lon", maintain_order=True)
        .agg(
            latitude=pl.col("latitude").mean(),
            longitude=pl.col("longitude").mean(),
            count_partners=pl.len(),
            # a hidden count (null, for a viewer) stays hidden in the sum
            count_flows=pl.when(pl.col("count_flows").is_null().any())
            .then(None)
            .otherwise(pl.col("count_flows").sum()),
            count_outgoing=pl.when(pl.col("count_outgoing").is_null().any())
            .then(None)
            .otherwise(pl.col("count_outgoing").sum()),
            count_incoming=pl.when(pl.col("count_incoming").is_null().any())
            .then(None)
            .otherwise(pl.col("count_incoming").sum()),
            partner_names=pl.col("partner_name"),
            city=pl.col("city").first(),
            country_iso2=pl.col("country_iso2").first(),
            country=pl.col(name_column).first(),
        )
    )


def _arc(start: tuple[float, float], end: tuple[float, float], bend: float) -> tuple[list, list]:
    """(lats, lons) of a curve from `start` to `end` (lat, lon), bowed sideways by `bend` of its
    length: outgoing and incoming flows between the same places bow to opposite sides."""
    (lat0, lon0), (lat1, lon1) = start, end
    steps = 16
    lats, lons = [], []
    for i in range(steps + 1):
        t = i / steps
        bow = bend * 4 * t * (1 - t)
        lats.append(lat0 + (lat1 - lat0) * t + (lon1 - lon0) * bow)
        lons.append(lon0 + (lon1 - lon0) * t - (lat1 - lat0) * bow)
    return lats, lons


def _flow_arcs(arcs: pl.DataFrame, labels: dict[str, str], name_column: str, lang: str) -> list:
    """One line per (school, partner, direction) with mobilities, as wide as its students."""
    directions = [d for d in ("outgoing", "incoming") if arcs[f"count_{d}"].fill_null(1).sum() > 0]
    top = max([max(arcs[f"count_{d}"].fill_null(0).max() or 0, 1) for d in directions], default=1)
    traces = []
    for direction in directions:
        first = True
        for row in arcs.iter_rows(named=True):
            count = row[f"count_{direction}"]
            if count == 0:
                continue
            school = (row["school_latitude"], row["school_longitude"])
            partner = (row["partner_latitude"], row["partner_longitude"])
            start, end = (school, partner) if direction == "outgoing" else (partner, school)
            lats, lons = _arc(start, end, 0.12)
            hover = (
                f"<b>{row['school']}</b> → <b>{row['partner_name']}</b>"
                if direction == "outgoing"
                else f"<b>{row['partner_name']}</b> → <b>{row['school']}</b>"
            ) + f"<br>{labels[f'hover.{direction}']}: {_world_map_number(count, lang)}"
            traces.append(
                {
                    "type": "scattergeo",
                    "lat": lats,
                    "lon": lons,
                    "mode": "lines",
                    "name": labels[f"arcs.{direction}"],
                    "legendgroup": f"arcs.{direction}",
                    "showlegend": first,
                    "line": {
                        "color": DIRECTION_COLOURS[direction],
                        # 1 px for the smallest flow, 8 px for the largest; a hidden count 1 px
                        "width": 1 + 7 * (count or 0) / top,
                    },
                    "opacity": 0.6,
                    "text": [hover] * len(lats),
                    "hovertemplate": "%{text}<extra></extra>",
                }
            )
            first = False
    return traces


def world_map(
    countries: pl.DataFrame,
    measure: str,
    partners: pl.DataFrame,
    schools: pl.DataFrame,
    labels: dict[str, str],
    name_column: str = "country_name",
    height: int | None = None,
    *,
    lang: str,
    view: str = "world",
    arcs: pl.DataFrame | None = None,
) -> go.Figure:
    """Countries coloured by `measure`, located partners (grouped by place) sized by flows, home
    schools as stars, and optionally `arcs` from the schools to partners; framed on `view` (a
    MAP_VIEWS key); numbers in the hovers written as `lang` writes them.

    Without a `height`, the map is as high as its box, which the page sizes to the screen
    (a phone's is lower than a desktop's): its colour scale lies under it, leaving the whole
    width to the map.

    `countries` is one row per country (country_iso3, the WORLD_MAP_MEASURES columns; the row of
    partners of unknown country has no country_iso3 and is not drawn: the page says it);
    `partners` and `schools` have latitude/longitude (rows without them are not drawn); `arcs`
    is data.flow_arcs's frame.
    `labels` names each measure (key: the measure, its colour scale's title; "hover.<measure>":
    in the hover of a country and a partner, with its period), the partners' points ("points",
    "hover.place": a place's count of partners), the home schools ("schools") and the arcs
    ("arcs.outgoing", "arcs.incoming").
    """
    value = WORLD_MAP_MEASURES[measure]
    countries = countries.filter(pl.col("country_iso3").is_not_null())
    hover = [
        "<br>".join(
            [
                f"<b>{row[name_column]}</b>",
                *(
                    ("<b>{}: {}</b>" if key == measure else "{}: {}").format(
                        labels[f"hover.{key}"],
                        _world_map_number(row[column], lang, signed=key == "balance"),
                    )
                    for key, column in WORLD_MAP_MEASURES.items()
                ),
            ]
        )
        for row in countries.iter_rows(named=True)
    ]
    colours = (
        {"colorscale": DIVERGING, "zmid": 0}
        if measure == "balance"
        else count_colours(countries[value].max())
    )
    traces = [
        {
            "type": "choropleth",
            "locations": countries["country_iso3"].to_list(),
            "locationmode": "ISO-3",
            "z": countries[value].to_list(),
            # the click on a country lists its partners: (iso2, name shown) travel with it
            "customdata": list(zip(countries["country_iso2"], countries[name_column], strict=True)),
            "text": hover,
            "hovertemplate": "%{text}<extra></extra>",
            "marker": {"line": {"color": "white", "width": 0.5}},
            "colorbar": {
                "title": {"text": labels[measure], "side": "right"},
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "thickness": 10,
                "len": 0.5,
            },
            "name": labels[measure],
            **colours,
        }
    ]
    if arcs is not None and not arcs.is_empty():
        traces.extend(_flow_arcs(arcs, labels, name_column, lang))
    # the home schools under the partners, small and outlined: a star must not hide a partner
    schools = _located(schools)
    if not schools.is_empty():
        outline = {"color": OKABE_ITO[7], "width": 1}
        traces.append(_school_stars(schools, labels["schools"], 10, OKABE_ITO[6], outline))
    located = _located(partners)
    if not located.is_empty():
        places = cluster_points(located, name_column)
        # a hidden count (None) draws the smallest disc; its hover says "< 5"
        flows = [flow or 0 for flow in places["count_flows"].to_list()]
        traces.append(
            {
                "type": "scattergeo",
                "lat": places["latitude"].to_list(),
                "lon": places["longitude"].to_list(),
                "mode": "markers",
                "name": labels["points"],
                # a click on a partner lists its country's partners, as a click on the country
                "customdata": list(zip(places["country_iso2"], places["country"], strict=True)),
                "marker": {
                    "size": flows,
                    "sizemode": "area",
                    # the largest place gets a ~28 px disc; a place without flows still shows
                    "sizeref": 2 * max(max(flows), 1) / 28**2,
                    "sizemin": 5,
                    "color": OKABE_ITO[3],
                    "opacity": 0.75,
                    "line": {"color": "white", "width": 0.8},
                },
                "text": [_place_hover(row, labels, lang) for row in places.iter_rows(named=True)],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    geo = merged(GEO_STYLE, MAP_VIEWS.get(view, MAP_VIEWS["world"]))
    return _figure(traces, height, MAP_LAYOUT, {"geo": geo, "showlegend": len(traces) > 1})


def _place_hover(place: dict, labels: dict[str, str], lang: str) -> str:
    """A place's hover: its partners (the first five by flows), city, country and flows."""
    names = place["partner_names"]
    head = [f"<b>{name}</b>" for name in names[:5]]
    if len(names) > 5:
        head.append(f"… +{len(names) - 5}")
    if len(names) > 1:
        head.insert(0, labels["hover.place"].format(count=len(names)))
    return "<br>".join(
        [
            *head,
            f"{place['city'] or ''}, {place['country']}",
            f"{labels['hover.outgoing']}: {_world_map_number(place['count_outgoing'], lang)}",
            f"{labels['hover.incoming']}: {_world_map_number(place['count_incoming'], lang)}",
        ]
    )


def ranked_bars(
    data_frame: pl.DataFrame,
    label: str,
    value: str,
    colour: str = OKABE_ITO[0],
    hover: str | None = None,
    key: str | None = None,
    height: int = 360,
    layout: dict | None = None,
) -> go.Figure:
    """Horizontal bars of `value` per `label`, first row on top; `key` values ride as customdata."""
    bars = {
        "type": "bar",
        "x": data_frame[value].to_list(),
        "y": data_frame[label].to_list(),
        "orientation": "h",
        "marker": {"color": colour},
    }
    if key:
        bars["customdata"] = data_frame[key].to_list()
    if hover:
        bars["hovertext"] = data_frame[hover].to_list()
        bars["hovertemplate"] = "%{hovertext}<extra></extra>"
    axes = {
        "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
        "xaxis": {"rangemode": "tozero", "gridcolor": "#e5e7eb", "showgrid": True},
    }
    return _figure([bars], height, axes, layout)


def partner_map(
    partner: pl.DataFrame,
    schools: pl.DataFrame,
    labels: dict[str, str],
    name_column: str = "country_name",
    height: int = 320,
) -> go.Figure:
    """One partner on a map (its point, else its whole country) and its home schools as stars.

    `partner` is one row (name, latitude, longitude, country_iso3, country names); `schools`
    has school, city, latitude, longitude (rows without coordinates are not drawn); `labels`
    names the "partner" and the "schools"; the country's name is read from `name_column`.
    """
    row = partner.row(0, named=True)
    country = row[name_column] or ""
    if row["latitude"] is None or row["longitude"] is None:
        # no city coordinates: the country is all we know, so it is what we show
        partner_trace = {
            "type": "choropleth",
            "locations": [row["country_iso3"]],
            "locationmode": "ISO-3",
            "z": [1],
            "colorscale": [[0, OKABE_ITO[1]], [1, OKABE_ITO[1]]],
            "showscale": False,
            "marker": {"line": {"color": "white", "width": 0.5}},
            "text": [f"<b>{row['name']}</b><br>{country}"],
            "hovertemplate": "%{text}<extra></extra>",
            "name": labels["partner"],
        }
    else:
        partner_trace = {
            "type": "scattergeo",
            "lat": [row["latitude"]],
            "lon": [row["longitude"]],
            "mode": "markers",
            "name": labels["partner"],
            "marker": {
                "size": 14,
                "color": OKABE_ITO[1],
                "line": {"color": OKABE_ITO[7], "width": 1},
            },
            "text": [f"<b>{row['name']}</b><br>{row['city'] or ''}, {country}"],
            "hovertemplate": "%{text}<extra></extra>",
        }
    traces = [partner_trace]
    located = _located(schools)
    if not located.is_empty():
        outline = {"color": "white", "width": 0.8}
        traces.append(_school_stars(located, labels["schools"], 13, OKABE_ITO[0], outline))
    geo = merged(
        GEO_STYLE,
        {"resolution": 50},  # small countries (Luxembourg, Malta) exist only at 50m
        _partner_map_view(row, located),
    )
    return _figure(traces, height, MAP_LAYOUT, {"geo": geo, "showlegend": True})


def _partner_map_view(partner: dict, schools: pl.DataFrame) -> dict:
    """Geo settings framing the partner and the home schools, with a margin around them."""
    if partner["latitude"] is None or partner["longitude"] is None:
        # the highlighted country is a shape: plotly frames shapes and points itself
        return {"fitbounds": "locations"}
    lats = [partner["latitude"], *schools["latitude"].to_list()]
    lons = [partner["longitude"], *schools["longitude"].to_list()]
    # neighbours (a partner next to the school) would otherwise fill the map edge to edge
    lat_pad = max(6.0, (max(lats) - min(lats)) * 0.25)
    lon_pad = max(10.0, (max(lons) - min(lons)) * 0.25)
    # the map card is about twice as wide as tall: widen a tall frame rather than leave it blank
    lat_span = max(lats) - min(lats) + 2 * lat_pad
    lon_pad = max(lon_pad, (2 * lat_span - (max(lons) - min(lons))) / 2)
    return {
        "lataxis": {"range": [max(-60.0, min(lats) - lat_pad), min(85.0, max(lats) + lat_pad)]},
        "lonaxis": {"range": [max(-180.0, min(lons) - lon_pad), min(180.0, max(lons) + lon_pad)]},
    }


# Fixed colours per category, so that a region or an activity keeps its colour whatever the
# filters leave on the chart (stacked_bar colours by position among the values present).
REGION_COLOURS = {
    "150": OKABE_ITO[0],
    "021": OKABE_ITO[4],
    "419": OKABE_ITO[3],
    "002": OKABE_ITO[5],
    "145": OKABE_ITO[6],
    "142": OKABE_ITO[1],
    "009": OKABE_ITO[2],
    "": "#9aa5b1",
    "unknown": "#d3d8de",
}
ACTIVITY_COLOURS = {
    "study": OKABE_ITO[0],
    "traineeship": OKABE_ITO[2],
    "double_degree": OKABE_ITO[3],
    "staff_teaching": OKABE_ITO[1],
    "staff_training": OKABE_ITO[5],
    "other": "#9aa5b1",
}


# Agreements: a type or a signatory level keeps its colour whatever the filters leave on the
# chart (double degrees in the purple of the double-degree activity).
AGREEMENT_TYPE_COLOURS = {
    "erasmus": OKABE_ITO[0],
    "iia": OKABE_ITO[2],
    "mou": OKABE_ITO[4],
    "moa": OKABE_ITO[5],
    "double_degree": OKABE_ITO[3],
    "other": "#9aa5b1",
}
SIGNATORY_LEVEL_COLOURS = {"group": OKABE_ITO[0], "school": OKABE_ITO[1]}


# ---------- partner balance (flows and indicators pages)

PARTNER_LABEL_LENGTH = 42  # longer partner names are cut on the axis; the hover shows them whole


def partner_labels(rows: pl.DataFrame) -> list[str]:
    """Axis labels: the name (cut when long) and the country code, unique within the chart."""
    labels: list[str] = []
    for row in rows.iter_rows(named=True):
        name = row["partner_name"]
        if len(name) > PARTNER_LABEL_LENGTH:
            name = name[: PARTNER_LABEL_LENGTH - 1].rstrip() + "…"
        label = f"{name} ({row['country_iso2']})"
        # two bars with one label would be drawn as one on a category axis
        if label in labels:
            label = f"{label} {row['partner_id']}"
        labels.append(label)
    return labels


def partner_balance(
    balance: pl.DataFrame,
    labels: dict[str, str],
    name_column: str = "country_name",
    height: int = 420,
    layout: dict | None = None,
    *,
    lang: str,
) -> go.Figure:
    """Incoming − outgoing per partner as horizontal bars around zero (the partner_balance
    query), in the query's order: the most out of balance on top, as the top partners charts
    beside it put the largest on top. The ratio is in the hover (written as `lang` writes
    numbers); each bar carries its partner_id
    as customdata (a click opens the partner). `labels` has the hover's "outgoing", "incoming",
    "balance", "ratio" and "no_ratio" (the ratio of a partner nobody went to), and the axis
    title "axis"; the country's name is read from `name_column`."""
    country = name_column
    shown = balance.with_columns(label=pl.Series(partner_labels(balance)))
    no_ratio = labels["no_ratio"]
    bars = {
        "type": "bar",
        "x": shown["balance"].to_list(),
        "y": shown["label"].to_list(),
        "orientation": "h",
        "marker": {
            "color": [OKABE_ITO[1] if (v or 0) > 0 else OKABE_ITO[0] for v in shown["balance"]]
        },
        "customdata": shown["partner_id"].to_list(),
        "hovertext": [
            f"<b>{row['partner_name']}</b><br>{row[country] or ''}"
            f"<br>{labels['outgoing']}: {_count(row['count_outgoing'])}"
            f"<br>{labels['incoming']}: {_count(row['count_incoming'])}"
            f"<br>{labels['balance']}: "
            + ("—" if row["balance"] is None else numbers.figure(row["balance"], lang, signed=True))
            + f"<br>{labels['ratio']}: "
            + (
                numbers.number(row["ratio_in_out"], lang, 2)
                if row["ratio_in_out"] is not None
                else "—"  # hidden from a viewer with the counts
                if row["balance"] is None
                else no_ratio
            )
            for row in shown.iter_rows(named=True)
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    zero_line = {
        "type": "line", "xref": "x", "x0": 0, "x1": 0, "yref": "y domain", "y0": 0, "y1": 1,
        "line": {"color": "#333"},
    }  # fmt: skip
    axes = {
        "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
        "xaxis": titled(labels["axis"]),
        "shapes": [zero_line],
    }
    return _figure([bars], height, axes, layout)


# ---------- management indicators

USE_STATE_COLOURS = {
    "used": OKABE_ITO[2],
    "unused_this_year": OKABE_ITO[4],
    "new_unused": OKABE_ITO[6],
    "no_flow_3_years": OKABE_ITO[5],
    "undated": "#9aa5b1",
}


def compulsory_stay_shares(
    totals: pl.DataFrame, labels: dict[str, str], height: int = 360
) -> go.Figure:
    """Per graduation year, the percentage of graduates meeting the school's rule and the EU
    benchmark (graduate_cohorts' total rows), with the EU target as a dashed line. `labels`
    names the series ("school_rule", "eu_benchmark"), the axes ("x", "y") and the target line
    ("target", with a {percent} placeholder)."""
    rows = totals.sort("graduation_year")
    years = [str(year) for year in rows["graduation_year"].to_list()]
    traces = []
    for key, colour in (("school_rule", OKABE_ITO[0]), ("eu_benchmark", OKABE_ITO[2])):
        column, count = f"percent_meeting_{key}", f"count_meeting_{key}"
        name = labels[key]
        traces.append(
            _bar(
                name,
                years,
                rows[column].to_list(),
                {"color": colour},
                customdata=list(zip(rows[count], rows["count_graduates"], strict=True)),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}} % "
                "(%{customdata[0]} / %{customdata[1]})<extra></extra>",
            )
        )
    axes = {
        "barmode": "group",
        "xaxis": titled(labels["x"], type="category"),
        "yaxis": titled(labels["y"], range=[0, 100]),
    }
    figure = _figure(traces, height, axes, LEGEND_ABOVE)
    target = rows["percent_eu_target"].drop_nulls()
    if not target.is_empty():
        figure.add_hline(
            y=target[0],
            line_dash="dash",
            line_color=OKABE_ITO[7],
            annotation_text=labels["target"].format(percent=f"{target[0]:g}"),
            annotation_position="top left",
            annotation_bgcolor="rgba(255, 255, 255, 0.85)",
        )
    return figure


def quota_use_by_year(
    by_year: pl.DataFrame, labels: dict[str, str], height: int = 360
) -> go.Figure:
    """Places offered by quotas and places used, per academic year and direction (by_year: one
    row per (academic_year, direction) with quota_mobilities and realised_mobilities).
    `labels` names the directions ("outgoing", "incoming"), the bars ("quota", "realised") and
    the axes ("x", "y")."""
    traces = []
    for direction in ("outgoing", "incoming"):
        rows = by_year.filter(pl.col("direction") == direction).sort("academic_year")
        if rows.is_empty():
            continue
        colour = DIRECTION_COLOURS[direction]
        label = labels[direction]
        outline = {"color": "white", "line": {"color": colour, "width": 2}}
        for column, key, style in (
            ("quota_mobilities", "quota", outline),
            ("realised_mobilities", "realised", {"color": colour}),
        ):
            name = f"{label}: {labels[key]}"
            traces.append(
                _bar(
                    name,
                    rows["academic_year"].to_list(),
                    rows[column].to_list(),
                    style,
                    offsetgroup=f"{direction}-{key}",
                )
            )
    axes = {
        "barmode": "group",
        "xaxis": titled(labels["x"], type="category"),
        "yaxis": titled(labels["y"], rangemode="tozero"),
    }
    return _figure(traces, height, axes, LEGEND_ABOVE)


def agreement_use(
    by_school: pl.DataFrame, names: dict[str, str], x_title: str, height: int = 320
) -> go.Figure:
    """Active agreements per school, stacked by use (agreement_use_by_school), each use state
    named by `names`."""
    traces = []
    for state, colour in USE_STATE_COLOURS.items():
        rows = by_school.filter(pl.col("use_state") == state)
        if rows.is_empty():
            continue
        name = names[state]
        traces.append(
            _bar(
                name,
                rows["school"].to_list(),
                rows["count_agreements"].to_list(),
                {"color": colour},
                horizontal=True,
            )
        )
    axes = {
        "barmode": "stack",
        "yaxis": {"automargin": True, "categoryorder": "category descending"},
        "xaxis": titled(x_title),
    }
    # stacked horizontal bars list their legend backwards by default: keep the stack's order
    return _figure(traces, height, axes, LEGEND_ABOVE, {"legend": {"traceorder": "normal"}})


def double_degrees_by_year(
    by_year: pl.DataFrame, labels: dict[str, str], height: int = 320
) -> go.Figure:
    """Double-degree students leaving and arriving per academic year (by_year: academic_year,
    count_leaving, count_arriving); `labels` names those two columns and the axes ("year",
    "students")."""
    rows = by_year.sort("academic_year")
    traces = []
    for column, direction in (("count_leaving", "outgoing"), ("count_arriving", "incoming")):
        name = labels[column]
        traces.append(
            _bar(
                name,
                rows["academic_year"].to_list(),
                rows[column].to_list(),
                {"color": DIRECTION_COLOURS[direction]},
            )
        )
    axes = {
        "barmode": "group",
        "xaxis": titled(labels["year"], type="category"),
        "yaxis": titled(labels["students"], rangemode="tozero"),
    }
    return _figure(traces, height, axes, LEGEND_ABOVE)


def double_degrees_by_partner(
    by_partner: pl.DataFrame, labels: dict[str, str], height: int = 420
) -> go.Figure:
    """Double-degree students per partner, leaving and arriving stacked, first row on top
    (by_partner: partner_id, partner_name, country_iso2, count_leaving, count_arriving);
    `labels` names those two columns and the axis ("students")."""
    partners = partner_labels(by_partner)
    traces = []
    for column, direction in (("count_leaving", "outgoing"), ("count_arriving", "incoming")):
        name = labels[column]
        traces.append(
            _bar(
                name,
                partners,
                by_partner[column].to_list(),
                {"color": DIRECTION_COLOURS[direction]},
                horizontal=True,
                customdata=by_partner["partner_id"].to_list(),
            )
        )
    axes = {
        "barmode": "stack",
        "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
        "xaxis": titled(labels["students"], rangemode="tozero"),
    }
    return _figure(traces, height, axes, LEGEND_ABOVE, {"legend": {"traceorder": "normal"}})


def ordered_stacked_bar(
    data_frame: pl.DataFrame,
    x: str,
    y: str,
    stack: str,
    series: list[tuple[object, str, str]],
    x_order: list[str],
    separators: str = ".,",
    value_format: str = ",.0f",
    height: int = 320,
    layout: dict | None = None,
) -> go.Figure:
    """Bars of `y` by `x` stacked by `stack`, bottom to top in the order of `series`
    ((stack value, name, colour); a series absent from the data draws nothing), x categories in
    `x_order`; numbers written with `separators` (Plotly's: the decimal mark, then the
    thousands separator)."""
    traces = []
    for value, name, colour in series:
        rows = data_frame.filter(pl.col(stack) == value)
        if rows.is_empty():
            continue
        traces.append(
            _bar(
                name,
                rows[x].to_list(),
                rows[y].to_list(),
                {"color": colour},
                value_format=value_format,
            )
        )
    bars = {
        "barmode": "stack",
        "separators": separators,
        "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": x_order},
    }
    legend = merged(LEGEND_ABOVE, {"legend": {"traceorder": "normal"}})
    return _figure(traces, height, bars, legend, layout)

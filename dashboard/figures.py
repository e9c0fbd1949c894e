"""Pure figure builders: (data frame, labels) -> go.Figure. No I/O, no Dash.

Colours are the Okabe-Ito palette, readable with the common colour-vision deficiencies;
outgoing is always blue and incoming always orange.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
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
    "projection_type": "natural earth",
}


def _layout(figure: go.Figure, height: int = 320) -> go.Figure:
    figure.layout.height = height
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


WORLD_MAP_MEASURES = {
    "partners": "count_partners",
    "agreements": "count_agreements",
    "outgoing": "count_outgoing",
    "incoming": "count_incoming",
    "balance": "balance",
}


def _world_map_number(value: int, signed: bool = False) -> str:
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{value:,}".replace(",", " ")


def world_map(
    countries: pl.DataFrame,
    measure: str,
    partners: pl.DataFrame,
    schools: pl.DataFrame,
    lang: str = "en",
    year: str = "",
    name_column: str = "country_name",
    height: int = 560,
) -> go.Figure:
    """Countries coloured by `measure`, located partners sized by flows, home schools as stars.

    `countries` is one row per country (country_iso3, the WORLD_MAP_MEASURES columns);
    `partners` and `schools` have latitude/longitude (rows without them are not drawn).
    """
    value = WORLD_MAP_MEASURES[measure]
    hover = [
        "<br>".join(
            [
                f"<b>{row[name_column]}</b>",
                *(
                    ("<b>{}: {}</b>" if key == measure else "{}: {}").format(
                        t(f"map.hover.{key}", lang, year=year),
                        _world_map_number(row[column], signed=key == "balance"),
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
        else {"colorscale": SEQUENTIAL, "zmin": 0}
    )
    figure = go.Figure(
        go.Choropleth(
            locations=countries["country_iso3"].to_list(),
            locationmode="ISO-3",
            z=countries[value].to_list(),
            # the click on a country lists its partners: (iso2, name shown) travel with it
            customdata=list(zip(countries["country_iso2"], countries[name_column], strict=True)),
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            marker={"line": {"color": "white", "width": 0.5}},
            colorbar={
                "title": {"text": t(f"map.measure.{measure}", lang), "side": "right"},
                "thickness": 12,
                "len": 0.6,
            },
            name=t(f"map.measure.{measure}", lang),
            **colours,
        )
    )
    located = partners.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    if not located.is_empty():
        flows = located["count_flows"].to_list()
        figure.add_trace(
            go.Scattergeo(
                lat=located["latitude"].to_list(),
                lon=located["longitude"].to_list(),
                mode="markers",
                name=t("map.legend.partners", lang),
                # a click on a partner lists its country's partners, as a click on the country
                customdata=list(zip(located["country_iso2"], located[name_column], strict=True)),
                marker={
                    "size": flows,
                    "sizemode": "area",
                    # the largest partner gets a ~28 px disc; a partner without flows still shows
                    "sizeref": 2 * max(max(flows), 1) / 28**2,
                    "sizemin": 4,
                    "color": OKABE_ITO[3],
                    "opacity": 0.8,
                    "line": {"color": "white", "width": 0.8},
                },
                text=[
                    "<br>".join(
                        [
                            f"<b>{row['partner_name']}</b>",
                            f"{row['city'] or ''}, {row[name_column]}",
                            f"{t('map.hover.outgoing', lang)}: "
                            f"{_world_map_number(row['count_outgoing'])}",
                            f"{t('map.hover.incoming', lang)}: "
                            f"{_world_map_number(row['count_incoming'])}",
                        ]
                    )
                    for row in located.iter_rows(named=True)
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    schools = schools.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    if not schools.is_empty():
        figure.add_trace(
            go.Scattergeo(
                lat=schools["latitude"].to_list(),
                lon=schools["longitude"].to_list(),
                mode="markers",
                name=t("map.legend.schools", lang),
                marker={
                    "symbol": "star",
                    "size": 15,
                    "color": OKABE_ITO[6],
                    "line": {"color": OKABE_ITO[7], "width": 1},
                },
                text=[
                    f"<b>{row['school']}</b><br>{row['city'] or ''}"
                    for row in schools.iter_rows(named=True)
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    figure.update_geos(
        **GEO_STYLE,
        # centred between Europe and Africa, so that Europe is not at the edge
        projection_rotation_lon=10,
        lataxis_range=[-58, 85],
    )
    figure.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": "system-ui, sans-serif", "size": 12},
        legend={"x": 0.01, "y": 0.05, "bgcolor": "rgba(255,255,255,0.8)"},
        showlegend=len(figure.data) > 1,
    )
    return figure


def ranked_bars(
    data_frame: pl.DataFrame,
    label: str,
    value: str,
    colour: str = OKABE_ITO[0],
    hover: str | None = None,
    key: str | None = None,
    height: int = 360,
) -> go.Figure:
    """Horizontal bars of `value` per `label`, first row on top; `key` values ride as customdata."""
    figure = go.Figure(
        go.Bar(
            x=data_frame[value].to_list(),
            y=data_frame[label].to_list(),
            orientation="h",
            marker_color=colour,
            customdata=data_frame[key].to_list() if key else None,
            hovertext=data_frame[hover].to_list() if hover else None,
            hovertemplate="%{hovertext}<extra></extra>" if hover else None,
        )
    )
    figure.update_yaxes(autorange="reversed", automargin=True, type="category")
    figure.update_xaxes(rangemode="tozero", gridcolor="#e5e7eb", showgrid=True)
    return _layout(figure, height)


def partner_map(
    partner: pl.DataFrame, schools: pl.DataFrame, lang: str = "en", height: int = 320
) -> go.Figure:
    """One partner on a map (its point, else its whole country) and its home schools as stars.

    `partner` is one row (name, latitude, longitude, country_iso3, country names); `schools`
    has school, city, latitude, longitude (rows without coordinates are not drawn).
    """
    row = partner.row(0, named=True)
    country = row["country_name_fr" if lang == "fr" else "country_name"] or ""
    figure = go.Figure()
    if row["latitude"] is None or row["longitude"] is None:
        # no city coordinates: the country is all we know, so it is what we show
        figure.add_trace(
            go.Choropleth(
                locations=[row["country_iso3"]],
                locationmode="ISO-3",
                z=[1],
                colorscale=[[0, OKABE_ITO[1]], [1, OKABE_ITO[1]]],
                showscale=False,
                marker={"line": {"color": "white", "width": 0.5}},
                text=[f"<b>{row['name']}</b><br>{country}"],
                hovertemplate="%{text}<extra></extra>",
                name=t("partner.map.partner", lang),
            )
        )
    else:
        figure.add_trace(
            go.Scattergeo(
                lat=[row["latitude"]],
                lon=[row["longitude"]],
                mode="markers",
                name=t("partner.map.partner", lang),
                marker={
                    "size": 14,
                    "color": OKABE_ITO[1],
                    "line": {"color": OKABE_ITO[7], "width": 1},
                },
                text=[f"<b>{row['name']}</b><br>{row['city'] or ''}, {country}"],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    located = schools.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    if not located.is_empty():
        figure.add_trace(
            go.Scattergeo(
                lat=located["latitude"].to_list(),
                lon=located["longitude"].to_list(),
                mode="markers",
                name=t("partner.map.home_schools", lang),
                marker={
                    "symbol": "star",
                    "size": 13,
                    "color": OKABE_ITO[0],
                    "line": {"color": "white", "width": 0.8},
                },
                text=[
                    f"<b>{school['school']}</b><br>{school['city'] or ''}"
                    for school in located.iter_rows(named=True)
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    figure.update_geos(
        **GEO_STYLE,
        resolution=50,  # small countries (Luxembourg, Malta) exist only at 50m
        **_partner_map_view(row, located),
    )
    figure.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": "system-ui, sans-serif", "size": 12},
        legend={"x": 0.01, "y": 0.05, "bgcolor": "rgba(255,255,255,0.8)"},
        showlegend=True,
    )
    return figure


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
        "lataxis_range": [max(-60.0, min(lats) - lat_pad), min(85.0, max(lats) + lat_pad)],
        "lonaxis_range": [max(-180.0, min(lons) - lon_pad), min(180.0, max(lons) + lon_pad)],
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
}
ACTIVITY_COLOURS = {
    "study": OKABE_ITO[0],
    "traineeship": OKABE_ITO[2],
    "double_degree": OKABE_ITO[3],
    "staff_teaching": OKABE_ITO[1],
    "staff_training": OKABE_ITO[5],
    "other": "#9aa5b1",
}


def recolour(figure: go.Figure, colours: dict[str, str]) -> go.Figure:
    """Give each trace the colour of its name in `colours` (names not listed keep theirs)."""
    for trace in figure.data:
        if trace.name in colours:
            trace.marker.color = colours[trace.name]
    return figure


def legend_above(figure: go.Figure) -> go.Figure:
    """Legend above the plot, clear of slanted year labels and the x-axis title."""
    return figure.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        margin={"t": 30},
    )


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


def partner_balance(balance: pl.DataFrame, lang: str = "en", height: int = 420) -> go.Figure:
    """Incoming − outgoing per partner around zero (the partner_balance query), the ratio in the
    hover; each bar carries its partner_id as customdata (a click opens the partner)."""
    country = "country_name_fr" if lang == "fr" else "country_name"
    rows = balance.with_columns(label=pl.Series(partner_labels(balance)))
    figure = diverging_bar(rows, "label", "balance", height=height)
    # diverging_bar orders the bars itself: attach each bar's details by its (unique) label
    details = {row["label"]: row for row in rows.iter_rows(named=True)}
    shown = [details[label] for label in figure.data[0].y]
    no_ratio = t("flows.hover.no_ratio", lang)
    figure.update_traces(
        customdata=[row["partner_id"] for row in shown],
        hovertext=[
            f"<b>{row['partner_name']}</b><br>{row[country] or ''}"
            f"<br>{t('flows.hover.outgoing', lang)}: {row['count_outgoing']}"
            f"<br>{t('flows.hover.incoming', lang)}: {row['count_incoming']}"
            f"<br>{t('flows.hover.balance', lang)}: {row['balance']:+d}"
            f"<br>{t('flows.hover.ratio', lang)}: "
            + (no_ratio if row["ratio_in_out"] is None else f"{row['ratio_in_out']:.2f}")
            for row in shown
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    return figure.update_xaxes(title=t("flows.axis.balance", lang))


# ---------- management indicators

USE_STATE_COLOURS = {
    "used": OKABE_ITO[2],
    "unused_this_year": OKABE_ITO[4],
    "new_unused": OKABE_ITO[6],
    "no_flow_3_years": OKABE_ITO[5],
}


def compulsory_stay_shares(totals: pl.DataFrame, lang: str = "en", height: int = 360) -> go.Figure:
    """Per graduation year, the percentage of graduates meeting the school's rule and the EU
    benchmark (graduate_cohorts' total rows), with the EU target as a dashed line."""
    rows = totals.sort("graduation_year")
    years = [str(year) for year in rows["graduation_year"].to_list()]
    figure = go.Figure()
    for key, colour in (("school_rule", OKABE_ITO[0]), ("eu_benchmark", OKABE_ITO[2])):
        column, count = f"percent_meeting_{key}", f"count_meeting_{key}"
        name = t(f"indicators.stay.{key}", lang)
        figure.add_trace(
            go.Bar(
                x=years,
                y=rows[column].to_list(),
                name=name,
                marker_color=colour,
                customdata=list(zip(rows[count], rows["count_graduates"], strict=True)),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}} % "
                "(%{customdata[0]} / %{customdata[1]})<extra></extra>",
            )
        )
    target = rows["percent_eu_target"].drop_nulls()
    if not target.is_empty():
        figure.add_hline(
            y=target[0],
            line_dash="dash",
            line_color=OKABE_ITO[7],
            annotation_text=t("indicators.stay.target", lang, percent=f"{target[0]:g}"),
            annotation_position="top left",
            annotation_bgcolor="rgba(255, 255, 255, 0.85)",
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(title=t("indicators.axis.cohort", lang), type="category")
    figure.update_yaxes(title=t("indicators.axis.percent_graduates", lang), range=[0, 100])
    return legend_above(_layout(figure, height))


def quota_use_by_year(by_year: pl.DataFrame, lang: str = "en", height: int = 360) -> go.Figure:
    """Places offered by quotas and places used, per academic year and direction (by_year: one
    row per (academic_year, direction) with quota_mobilities and realised_mobilities)."""
    figure = go.Figure()
    for direction in ("outgoing", "incoming"):
        rows = by_year.filter(pl.col("direction") == direction).sort("academic_year")
        if rows.is_empty():
            continue
        colour = DIRECTION_COLOURS[direction]
        label = t(f"direction.{direction}", lang)
        outline = {"color": "white", "line": {"color": colour, "width": 2}}
        for column, key, style in (
            ("quota_mobilities", "quota", outline),
            ("realised_mobilities", "realised", {"color": colour}),
        ):
            name = f"{label}: {t(f'indicators.quota.{key}', lang)}"
            figure.add_trace(
                go.Bar(
                    x=rows["academic_year"].to_list(),
                    y=rows[column].to_list(),
                    name=name,
                    marker=style,
                    offsetgroup=f"{direction}-{key}",
                    hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
                )
            )
    figure.update_layout(barmode="group")
    figure.update_xaxes(title=t("axis.academic_year", lang), type="category")
    figure.update_yaxes(title=t("indicators.axis.places", lang), rangemode="tozero")
    return legend_above(_layout(figure, height))


def agreement_use(by_school: pl.DataFrame, lang: str = "en", height: int = 320) -> go.Figure:
    """Active agreements per school, stacked by use (agreement_use_by_school)."""
    figure = go.Figure()
    for state, colour in USE_STATE_COLOURS.items():
        rows = by_school.filter(pl.col("use_state") == state)
        if rows.is_empty():
            continue
        name = t(f"indicators.use.{state}", lang)
        figure.add_trace(
            go.Bar(
                x=rows["count_agreements"].to_list(),
                y=rows["school"].to_list(),
                name=name,
                orientation="h",
                marker_color=colour,
                hovertemplate=f"{name}<br>%{{y}}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(automargin=True, categoryorder="category descending")
    figure.update_xaxes(title=t("axis.agreements", lang))
    # stacked horizontal bars list their legend backwards by default: keep the stack's order
    return legend_above(_layout(figure, height)).update_layout(legend_traceorder="normal")


def double_degrees_by_year(by_year: pl.DataFrame, lang: str = "en", height: int = 320) -> go.Figure:
    """Double-degree students leaving and arriving per academic year (by_year: academic_year,
    count_leaving, count_arriving)."""
    rows = by_year.sort("academic_year")
    figure = go.Figure()
    for column, direction in (("count_leaving", "outgoing"), ("count_arriving", "incoming")):
        name = t(f"indicators.dd.{column}", lang)
        figure.add_trace(
            go.Bar(
                x=rows["academic_year"].to_list(),
                y=rows[column].to_list(),
                name=name,
                marker_color=DIRECTION_COLOURS[direction],
                hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(title=t("axis.academic_year", lang), type="category")
    figure.update_yaxes(title=t("axis.students", lang), rangemode="tozero")
    return legend_above(_layout(figure, height))


def double_degrees_by_partner(
    by_partner: pl.DataFrame, lang: str = "en", height: int = 420
) -> go.Figure:
    """Double-degree students per partner, leaving and arriving stacked, first row on top
    (by_partner: partner_id, partner_name, country_iso2, count_leaving, count_arriving)."""
    labels = partner_labels(by_partner)
    figure = go.Figure()
    for column, direction in (("count_leaving", "outgoing"), ("count_arriving", "incoming")):
        name = t(f"indicators.dd.{column}", lang)
        figure.add_trace(
            go.Bar(
                x=by_partner[column].to_list(),
                y=labels,
                name=name,
                orientation="h",
                marker_color=DIRECTION_COLOURS[direction],
                customdata=by_partner["partner_id"].to_list(),
                hovertemplate=f"{name}<br>%{{y}}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed", automargin=True, type="category")
    figure.update_xaxes(title=t("axis.students", lang), rangemode="tozero")
    return legend_above(_layout(figure, height)).update_layout(legend_traceorder="normal")


def ordered_stacked_bar(
    data_frame: pl.DataFrame,
    x: str,
    y: str,
    stack: str,
    series: list[tuple[object, str, str]],
    x_order: list[str],
    lang: str = "en",
    value_format: str = ",.0f",
    height: int = 320,
) -> go.Figure:
    """Bars of `y` by `x` stacked by `stack`, bottom to top in the order of `series`
    ((stack value, name, colour); a series absent from the data draws nothing), x categories in
    `x_order`; numbers written the way `lang` writes them."""
    figure = go.Figure()
    for value, name, colour in series:
        rows = data_frame.filter(pl.col(stack) == value)
        if rows.is_empty():
            continue
        figure.add_trace(
            go.Bar(
                x=rows[x].to_list(),
                y=rows[y].to_list(),
                name=name,
                marker_color=colour,
                hovertemplate=f"{name}<br>%{{x}}: %{{y:{value_format}}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        legend_traceorder="normal",
        # decimal mark then thousands separator
        separators=",\u00a0" if lang == "fr" else ".,",
    )
    figure.update_xaxes(type="category", categoryorder="array", categoryarray=x_order)
    return legend_above(_layout(figure, height))

"""The management report's charts, drawn with matplotlib (the maps with geopandas)."""

from __future__ import annotations

import io

import polars as pl

from warehouse.management_report import CONTENT, Figures, Words, count_or_hidden

# Okabe-Ito, as the dashboard's charts: outgoing blue, incoming orange
OUTGOING_COLOUR, INCOMING_COLOUR = "#0072B2", "#E69F00"
# partners per country: "0" grey, "1" already a visible blue
PARTNER_CLASSES = ((1, 1), (2, 3), (4, 6), (7, 10), (11, None))
PARTNER_COLOURS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NO_PARTNER_COLOUR = "#eeeeee"

# ---------- charts (matplotlib, without pyplot's global state: safe in a web server's threads)


def _figure(width_mm: float, height_mm: float):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    figure.patch.set_facecolor("white")
    return figure


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200)
    return buffer.getvalue()


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#cbd2d9")
    ax.spines["bottom"].set_color("#cbd2d9")
    ax.tick_params(colors="#52606d", labelsize=7)
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.6)
    ax.set_axisbelow(True)


def trend_chart(f: Figures, t: Words) -> bytes:
    figure = _figure(CONTENT, 62)
    ax = figure.add_subplot()
    years = sorted(set(f.trend["academic_year"].to_list()))
    for direction, colour in (("outgoing", OUTGOING_COLOUR), ("incoming", INCOMING_COLOUR)):
        rows = f.trend.filter(pl.col("direction") == direction)
        by_year = dict(zip(rows["academic_year"], rows["count_mobilities"], strict=True))
        values = [by_year.get(year, 0) for year in years]
        ax.plot(
            range(len(years)), values, marker="o", markersize=3, linewidth=1.8, color=colour,
            label=t.label("direction", direction),
        )  # fmt: skip
        if values:
            ax.annotate(
                t.number(values[-1]), (len(years) - 1, values[-1]), xytext=(4, 0),
                textcoords="offset points", fontsize=7, color=colour, va="center",
            )  # fmt: skip
    ax.set_xticks(range(len(years)), [year.replace("-", "–\n") for year in years])
    ax.set_ylabel(t("Students"), fontsize=7.5, color="#52606d")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(lambda value, _pos: t.number(value))
    _style(ax)
    ax.legend(frameon=False, fontsize=7.5, loc="upper left", ncols=2)
    figure.tight_layout(pad=0.4)
    return _png(figure)


def _partner_class(count) -> int | None:
    count = count_or_hidden(count) or 0
    for index, (low, high) in enumerate(PARTNER_CLASSES):
        if count >= low and (high is None or count <= high):
            return index
    return None


# (west, east, south, north) of each view
WORLD_VIEW = (-170, 180, -57, 84)
EUROPE_VIEW = (-12, 35, 35, 62)


def map_chart(f: Figures, t: Words, view, width_mm: float, height_mm: float, legend=False):
    """Countries coloured by partners, home schools as stars, within `view`; with the legend
    on the right when `legend`."""
    import math

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from warehouse import places

    shapes = places.country_shapes()
    partners = dict(zip(f.countries["country_iso3"], f.countries["count_partners"], strict=True))
    colours = []
    for map_id in shapes["map_id"]:
        klass = _partner_class(partners.get(map_id))
        colours.append(NO_PARTNER_COLOUR if klass is None else PARTNER_COLOURS[klass])
    shapes = shapes.assign(colour=colours)
    shapes = shapes[shapes["map_id"] != "ATA"]
    figure = _figure(width_mm, height_mm)
    ax = figure.add_axes((0.0, 0.0, 0.62 if legend else 1.0, 1.0))
    west, east, south, north = view
    shapes.plot(ax=ax, color=shapes["colour"], edgecolor="white", linewidth=0.3)
    home = f.home_schools
    if not home.is_empty():
        ax.scatter(
            home["longitude"], home["latitude"], marker="*", s=60 if legend else 30,
            color="#d55e00", edgecolor="white", linewidth=0.4, zorder=3,
        )  # fmt: skip
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()
    if legend:
        labels = [t("No partner")] + [
            f"{low}" if low == high else (f"{low}+" if high is None else f"{low}–{high}")
            for low, high in PARTNER_CLASSES
        ]
        handles = [
            Patch(facecolor=colour, edgecolor="#cbd2d9", label=label)
            for colour, label in zip((NO_PARTNER_COLOUR, *PARTNER_COLOURS), labels, strict=True)
        ]
        handles.append(
            Line2D([], [], marker="*", linestyle="", color="#d55e00", markersize=9,
                   label=t("Home school"))
        )  # fmt: skip
        figure.legend(
            handles=handles, title=t("Partners per country"), loc="center left",
            bbox_to_anchor=(0.66, 0.5), fontsize=8, title_fontsize=8.5, frameon=False,
            alignment="left",
        )  # fmt: skip
    return _png(figure)


def stay_chart(totals: pl.DataFrame, t: Words) -> bytes:
    """Per cohort: share meeting the school's rule and the EU benchmark, the EU target line."""
    figure = _figure(CONTENT, 58)
    ax = figure.add_subplot()
    cohorts = [str(year) for year in totals["graduation_year"]]
    positions = range(len(cohorts))
    width = 0.38
    ax.bar(
        [p - width / 2 for p in positions], totals["percent_meeting_school_rule"], width,
        color=OUTGOING_COLOUR, label=t("School's rule"),
    )  # fmt: skip
    ax.bar(
        [p + width / 2 for p in positions], totals["percent_meeting_eu_benchmark"], width,
        color="#56B4E9", label=t("EU benchmark"),
    )  # fmt: skip
    target = totals["percent_eu_target"].drop_nulls()
    if not target.is_empty():
        value = float(target[-1])
        ax.axhline(value, color="#d55e00", linestyle="--", linewidth=1.2)
        ax.annotate(
            t("EU target {target} %", target=format(value, "g")), (-0.45, value),
            xytext=(0, 3), textcoords="offset points", fontsize=7, color="#d55e00", ha="left",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )  # fmt: skip
    ax.set_xticks(list(positions), cohorts)
    ax.set_ylim(0, 100)
    ax.set_ylabel(t("% of graduates"), fontsize=7.5, color="#52606d")
    _style(ax)
    ax.legend(frameon=False, fontsize=7.5, loc="upper right", ncols=2)
    figure.tight_layout(pad=0.4)
    return _png(figure)

"""A chart in words, for those who do not see it (screen readers) and for what a chart's
picture cannot say to a search: "Line chart, Outgoing and incoming students. Outgoing: 403 in
2024-2025 (from 323 in 2014-2015). Incoming: …".

Built from the figure itself (its traces' names and values), so that every chart card gets
one without its page writing it."""

from __future__ import annotations

import numbers

from dashboard import numbers as written_numbers
from dashboard.i18n import N_, translator

KINDS = {
    "bar": N_("Bar chart"),
    "scatter": N_("Line chart"),
    "choropleth": N_("Map"),
    "scattergeo": N_("Map"),
    "pie": N_("Pie chart"),
    "heatmap": N_("Heat map"),
    "sankey": N_("Flow diagram"),
}
# a trace shows this many of its values, the largest first (a bar chart of 40 partners
# would otherwise be read out whole)
SHOWN = 5


def describe(figure, title: str, lang: str) -> str:
    """One paragraph: the kind of chart, its title, each trace's values in short."""
    t = translator(lang)
    if hasattr(figure, "_data"):
        # a go.Figure's own dicts: to_plotly_json() would copy every array of every trace
        data, layout = figure._data, figure._layout
    else:
        data, layout = (figure or {}).get("data"), (figure or {}).get("layout")
    traces = [trace for trace in data or [] if trace.get("visible", True) is True]
    if not traces:
        notes = [a.get("text", "") for a in (layout or {}).get("annotations") or []]
        message = " ".join(note.replace("<br>", " ") for note in notes if note)
        return t("{title}: no data.", title=title) + (f" {message}" if message else "")
    kind = t(KINDS.get(traces[0].get("type", "scatter"), N_("Chart")))
    sentences = [t("{kind}: {title}.", kind=kind, title=title)]
    sentences += [text for text in (_trace(trace, t, lang) for trace in traces) if text]
    return " ".join(sentences)


def _trace(trace: dict, t, lang: str) -> str:
    kind = trace.get("type", "scatter")
    name = trace.get("name") or ""
    if kind == "choropleth":
        pairs = list(zip(_values(trace, "locations"), _values(trace, "z"), strict=False))
        pairs = [(place, value) for place, value in pairs if _number(value) is not None]
        if not pairs:
            return ""
        top = sorted(pairs, key=lambda pair: -_number(pair[1]))[:SHOWN]
        shown = ", ".join(f"{place} {_written(value, lang)}" for place, value in top)
        return t(
            "{name}: {count} countries; the most: {values}.",
            name=name,
            count=len(pairs),
            values=shown,
        )
    if kind == "scattergeo":
        count = len(_values(trace, "lat"))
        return t("{name}: {count} points.", name=name, count=count) if count else ""
    horizontal = trace.get("orientation") == "h"
    categories, values = (
        _values(trace, axis) for axis in (("y", "x") if horizontal else ("x", "y"))
    )
    pairs = [(c, v) for c, v in zip(categories, values, strict=False) if _number(v) is not None]
    if not pairs:
        return ""
    label = f"{name}: " if name else ""
    if kind == "scatter" and len(pairs) > 2:  # a trend: where it ends, from where it started
        (first, start), (last, end) = pairs[0], pairs[-1]
        return label + t(
            "{end} in {last} (from {start} in {first}).",
            end=_written(end, lang),
            last=last,
            start=_written(start, lang),
            first=first,
        )
    top = sorted(pairs, key=lambda pair: -abs(_number(pair[1])))[:SHOWN]
    shown = ", ".join(f"{category} {_written(value, lang)}" for category, value in top)
    more = len(pairs) - len(top)
    return label + shown + (t(" and {count} more", count=more) if more > 0 else "") + "."


def _values(trace: dict, key: str) -> list:
    values = trace.get(key)
    # an array Plotly packed as binary ({"bdata": …}) is not read back: the trace says less
    return [] if values is None or isinstance(values, dict | str) else list(values)


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return value if value == value else None  # NaN is no value


def _written(value, lang: str) -> str:
    """A value as the pages write numbers in `lang` (a category or text as it is)."""
    number = _number(value)
    if number is None:
        return str(value)
    return written_numbers.number(number, lang, 0 if float(number).is_integer() else 1)

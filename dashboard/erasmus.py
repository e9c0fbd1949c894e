"""What the Erasmus+ report page and its mobility page share: the call year of a view, numbers
and euros written the way each language writes them, links to a mobility and to a partner."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dashboard.components import markdown_link, partner_path
from dashboard.filters import Filters
from warehouse.reference import vocabularies

# The call year travels in the URL next to the global filters: /erasmus?call=2024
CALL_KEY = "call"
# The EU's own codes, in the Programme Guide's order; never translated.
ACTIVITY_TYPES = ("HE-SMS", "HE-SMT", "HE-STA", "HE-STT", "BIP", "short-term doctoral")
ACTIONS = ("KA131", "KA171")
# The checks of warehouse/models/marts/erasmus_mobilities.sql, in the order it runs them; a
# reason starts with its code and a colon (the vocabulary "check" of vocabularies.csv).
CHECK_CODES = tuple(vocabularies()["check"])


def call_year(filters: Filters, present: list[int]) -> int | None:
    """The call year the URL asks for (any four-digit year, so that a bookmarked call with no
    mobility says so), else the latest one with mobilities; None when there is none."""
    asked = filters.extra.get(CALL_KEY, "")
    if len(asked) == 4 and asked.isdigit():
        return int(asked)
    return present[-1] if present else None


def academic_year(call: int) -> str:
    """The academic year of a call year: call 2024 funds 2024-2025."""
    return f"{call}-{call + 1}"


def with_call(filters: Filters, year: int) -> Filters:
    """The filters with the call year spelled out, for links and downloads of this view."""
    return replace(filters, extra={**filters.extra, CALL_KEY: str(year)})


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """1,234.5 in English, 1 234,5 in French; '—' for None."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        # thousands get a no-break space: a figure never wraps in the middle
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def euros(value: float | None, lang: str, decimals: int = 0) -> str:
    """€1,234 in English, 1 234 € in French; '—' for None."""
    if value is None:
        return "—"
    if lang == "fr":
        return number(value, lang, decimals) + "\u00a0€"
    sign = "-" if value < 0 else ""
    return f"{sign}€{number(abs(value), lang, decimals)}"


def percent(share: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0.1379) as 13.8% in English, 13,8 % in French; '—' for None."""
    if share is None:
        return "—"
    text = number(share * 100, lang, decimals)
    return text + ("\u00a0%" if lang == "fr" else "%")


def separators(lang: str) -> str:
    """Plotly's separators (the decimal mark, then the thousands separator) of `lang`."""
    return ",\u00a0" if lang == "fr" else ".,"


def band_label(label: str | None, lang: str) -> str | None:
    """The EU calculator's band label ('500–1,999 km') with French thousands."""
    return label.replace(",", "\u00a0") if label and lang == "fr" else label


def mobility_path(mobility_id: str) -> str:
    return f"/erasmus/mobility/{mobility_id}"


def partner_links(frame: pl.DataFrame, filters: Filters) -> pl.Series:
    """A markdown link to each row's partner profile, keeping the global filters (not the call
    year, which means nothing there)."""
    query = filters.to_query(**{CALL_KEY: None})
    return pl.Series(
        [
            markdown_link(name or partner_id, partner_path(partner_id) + query)
            for partner_id, name in frame.select("partner_id", "partner_name").iter_rows()
        ],
        dtype=pl.String,
    )

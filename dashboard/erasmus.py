"""What the Erasmus+ report page and its mobility page share: the call year of a view, numbers
and euros written the way each language writes them, links to a mobility and to a partner."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dashboard import numbers
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


# numbers, percents and euros in each language's own writing (babel): dashboard.numbers
number = numbers.number
euros = numbers.euros
percent = numbers.percent
separators = numbers.separators


def band_label(label: str | None, lang: str) -> str | None:
    """The EU calculator's band label ('500–1,999 km') with the language's thousands."""
    return numbers.thousands(label, lang)


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

"""One function per file in queries/. Pages read the warehouse only through here."""

from __future__ import annotations

import polars as pl

from warehouse import query


def warehouse_status() -> pl.DataFrame:
    """Whether this is the demo, last import time, synthetic share. One row."""
    return query("warehouse_status")


def school_overview() -> pl.DataFrame:
    """Partners, agreements and mobilities per home school. One row per school with data."""
    return query("school_overview")

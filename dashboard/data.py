"""One function per file in queries/. Pages read the warehouse only through here.

Functions taking `filters` pass the global filters (dashboard.filters.Filters) as bound
parameters; each query uses the ones it names.
"""

from __future__ import annotations

import polars as pl

from dashboard.filters import Filters
from warehouse import query


def warehouse_status() -> pl.DataFrame:
    """Whether this is the demo, last import time, synthetic counts. One row."""
    return query("warehouse_status")


def school_overview() -> pl.DataFrame:
    """Partners, agreements and mobilities per home school. One row per school with data."""
    return query("school_overview")


def academic_years() -> pl.DataFrame:
    """Academic years with mobilities, oldest first. One row per year."""
    return query("academic_years")


def school_options() -> pl.DataFrame:
    """Home schools for the school filter, those with data first. One row per school."""
    return query("school_options")


def agreement_kpis(filters: Filters, year: str) -> pl.DataFrame:
    """Active agreements, partners, countries in `year` and the year before. Two rows."""
    return query("agreement_kpis", **filters.params(), year=year)


def active_agreements_by_type(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements active in `year` by type and signatory level."""
    return query("active_agreements_by_type", **filters.params(), year=year)


def mobility_kpis(filters: Filters, year: str) -> pl.DataFrame:
    """Outgoing, incoming, balance, double degrees, months in `year` and the year before."""
    return query("mobility_kpis", **filters.params(), year=year)


def mobility_trend(filters: Filters) -> pl.DataFrame:
    """Mobilities per academic year and direction. One row per (year, direction)."""
    return query("mobility_trend", **filters.params())


def import_history() -> pl.DataFrame:
    """Every import with its counts, newest first."""
    return query("import_history")


def rejected_rows_list() -> pl.DataFrame:
    """Rejected rows of all imports with their reasons."""
    return query("rejected_rows_list")


def synthetic_share() -> pl.DataFrame:
    """Rows and synthetic rows per public view."""
    return query("synthetic_share")

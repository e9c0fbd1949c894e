"""The parts of the named queries that answer several questions in one pass (one query costs
3-5 ms however few rows it reads): each part has the rows and columns of the query it stands
for. The flows page and the benchmark take them apart the same way; the pages that show some
rows of a long list take the rows and the count of them all apart with split_total."""

from __future__ import annotations

import polars as pl

# the columns of the top_partners and partner_balance queries, which partner_rankings holds
TOP_COLUMNS = ("direction", "rank", "partner_id", "partner_name", "country_iso2", "country_name",
               "country_name_fr", "count_mobilities")  # fmt: skip
BALANCE_COLUMNS = ("partner_id", "partner_name", "country_iso2", "country_name",
                   "country_name_fr", "count_outgoing", "count_incoming", "balance",
                   "ratio_in_out")  # fmt: skip


def breakdown_rows(breakdowns: pl.DataFrame, by: str) -> pl.DataFrame:
    """The rows of one breakdown of mobility_breakdowns: 'direction' (those of mobility_trend),
    'activity' (mobility_by_activity) or 'region' (mobility_by_region)."""
    return breakdowns.filter(pl.col("breakdown") == by)


def top_and_balance(rankings: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows of top_partners and of partner_balance, taken out of partner_rankings."""
    top = rankings.filter(pl.col("ranking") != "balance").rename({"ranking": "direction"})
    balance = rankings.filter(pl.col("ranking") == "balance")
    return top.select(TOP_COLUMNS), balance.select(BALANCE_COLUMNS)


def split_total(rows: pl.DataFrame, when_empty: int = 0) -> tuple[pl.DataFrame, int]:
    """The rows of a query that returns some of its matches and counts them all in a total_rows
    column (agreement_rows, flows_without_agreement, erasmus_failed_checks): the rows without
    that column, and the count (`when_empty` when no row came back, which has no count)."""
    total = int(rows["total_rows"][0]) if rows.height else when_empty
    return rows.drop("total_rows"), total

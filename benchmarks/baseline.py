"""The common way to write a Dash app's data layer, as the yardstick: the mobility table loaded
once into a pandas DataFrame, then filtered and grouped on every request.

It is given a fair chance: text columns are categoricals (far faster to filter and group than
Python strings), and only the mobility aggregates are timed, not building figures. Each function
returns the same figures as the product's named queries, which `assert_same` checks.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import polars as pl

from dashboard.filters import Filters
from warehouse import db

COLUMNS = (
    "school_id", "partner_id", "partner_name", "country_iso2", "region_code", "academic_year",
    "direction", "activity", "duration_months",
)  # fmt: skip


def load(path) -> pd.DataFrame:
    """Every mobility with its partner's country and region, as one DataFrame."""
    with db.connect(read_only=True, path=path) as con:
        frame = con.sql(
            """
            select m.school_id, m.partner_id, p.name as partner_name, p.country_iso2,
                   c.region_code, m.academic_year, m.direction, m.activity, m.duration_months
            from mobilities m join partners p using (partner_id)
            left join countries c using (country_iso2)
            """
        ).df()
    for column in COLUMNS[:-1]:
        frame[column] = frame[column].astype("category")
    # years are compared as ranges: an ordered categorical keeps that cheap
    years = sorted(frame["academic_year"].cat.categories)
    frame["academic_year"] = frame["academic_year"].cat.set_categories(years, ordered=True)
    return frame


def _filtered(frame: pd.DataFrame, filters: Filters, *, direction=True, regions=True):
    mask = frame["academic_year"].between(filters.year_from, filters.year_to)
    if filters.schools:
        mask &= frame["school_id"].isin(filters.schools)
    if direction and filters.direction != "all":
        mask &= frame["direction"] == filters.direction
    if filters.activities:
        mask &= frame["activity"].isin(filters.activities)
    if regions and filters.regions:
        mask &= frame["region_code"].isin(filters.regions)
    return frame[mask]


def _counts(rows: pd.DataFrame, keys: list[str]) -> dict:
    grouped = rows.groupby(keys, observed=True).size()
    return {key if isinstance(key, tuple) else (key,): int(n) for key, n in grouped.items()}


def overview(frame: pd.DataFrame, filters: Filters, _partner_id: str) -> dict:
    year = filters.year_to
    start = int(year[:4])
    previous = f"{start - 1}-{start}"
    rows = _filtered(frame, replace(filters, year_from=previous))
    rows = rows[rows["academic_year"].isin([previous, year])]
    return {
        "kpis": _counts(rows, ["academic_year", "direction"]),
        "trend": _counts(_filtered(frame, filters), ["academic_year", "direction"]),
    }


def map_page(frame: pd.DataFrame, filters: Filters, _partner_id: str) -> dict:
    rows = _filtered(frame, filters)
    return {
        "countries": _counts(rows, ["country_iso2", "direction"]),
        "partners": _counts(rows, ["partner_id", "direction"]),
    }


# The flows page's lists (TOP_LIMIT and BALANCE_LIMIT in dashboard/pages/flows.py): both sides
# compute what the page shows, the first partners each way and the most out of balance.
TOP_LIMIT = 10
BALANCE_LIMIT = 20


def flows(frame: pd.DataFrame, filters: Filters, _partner_id: str) -> dict:
    rows = _filtered(frame, filters)
    per_partner = rows.groupby(["partner_id", "partner_name", "direction"], observed=True).size()
    top = {}
    for direction in ("outgoing", "incoming"):
        if direction in per_partner.index.get_level_values("direction"):
            one_way = per_partner.xs(direction, level="direction").reset_index(name="n")
            one_way = one_way.sort_values(
                ["n", "partner_name", "partner_id"], ascending=[False, True, True]
            )
            top[direction] = list(one_way["partner_id"].astype(str).head(TOP_LIMIT))
    both_ways = per_partner.unstack("direction", fill_value=0).reset_index()
    for direction in ("outgoing", "incoming"):
        if direction not in both_ways:
            both_ways[direction] = 0
    both_ways["gap"] = (both_ways["incoming"] - both_ways["outgoing"]).abs()
    most = both_ways.sort_values(
        ["gap", "partner_name", "partner_id"], ascending=[False, True, True]
    ).head(BALANCE_LIMIT)
    counted = most[["partner_id", "outgoing", "incoming"]].itertuples(index=False)
    balance = {
        (str(partner_id), direction): int(n)
        for partner_id, outgoing, incoming in counted
        for direction, n in (("outgoing", outgoing), ("incoming", incoming))
        if n
    }
    return {
        "trend": _counts(rows, ["academic_year", "direction"]),
        "activity": _counts(rows, ["academic_year", "activity"]),
        "region": _counts(rows.fillna({"region_code": ""}), ["academic_year", "region_code"]),
        "top": top,
        "balance": balance,
    }


def partner(frame: pd.DataFrame, filters: Filters, partner_id: str) -> dict:
    rows = _filtered(frame, filters, direction=False, regions=False)
    rows = rows[rows["partner_id"] == partner_id]
    return {"flows": _counts(rows, ["academic_year", "direction"])}


PAGES = {"overview": overview, "map": map_page, "flows": flows, "partner": partner}


# ---------- the same aggregates from the product's named queries


def product(page: str, filters: Filters, partner_id: str) -> dict:
    params = filters.params()
    # each page runs its queries at once (db.together), and so does this
    if page == "overview":
        kpis, trend = db.together(
            lambda: db.query("mobility_kpis", **params, year=filters.year_to),
            lambda: db.query("mobility_trend", **params),
        )
        return {"kpis": kpis, "trend": trend}
    if page == "map":
        countries, partners = db.together(
            lambda: db.query("country_measures", **params, year=filters.year_to),
            lambda: db.query("partner_points", **params, year=filters.year_to),
        )
        return {"countries": countries, "partners": partners}
    if page == "flows":
        # the flows page's five charts, one query each
        trend, activity, region, top, balance = db.together(
            lambda: db.query("mobility_trend", **params),
            lambda: db.query("mobility_by_activity", **params),
            lambda: db.query("mobility_by_region", **params),
            lambda: db.query("top_partners", **params, limit=TOP_LIMIT),
            lambda: db.query("partner_balance", **params, limit=BALANCE_LIMIT),
        )
        return {
            "trend": trend,
            "activity": activity,
            "region": region,
            "top": top,
            "balance": balance,
        }
    return {"flows": db.query("partner_flows", **params, partner_id=partner_id)}


def _by_direction(frame: pl.DataFrame, key: str) -> dict:
    counts = {}
    for row in frame.iter_rows(named=True):
        for direction in ("outgoing", "incoming"):
            if row[f"count_{direction}"]:
                counts[(row[key], direction)] = row[f"count_{direction}"]
    return counts


def _pairs(frame: pl.DataFrame, keys: list[str], value: str) -> dict:
    return {
        tuple(row[k] for k in keys): row[value] for row in frame.iter_rows(named=True) if row[value]
    }


def assert_same(page: str, expected: dict, actual: dict) -> None:
    """Raise when the product's figures differ from the baseline's: speed must not change them."""
    found = {}
    if page == "overview":
        kpis = actual["kpis"]
        found["kpis"] = {
            **_pairs(kpis.rename({"count_outgoing": "n"}).with_columns(d=pl.lit("outgoing")),
                     ["academic_year", "d"], "n"),
            **_pairs(kpis.rename({"count_incoming": "n"}).with_columns(d=pl.lit("incoming")),
                     ["academic_year", "d"], "n"),
        }  # fmt: skip
        found["trend"] = _pairs(actual["trend"], ["academic_year", "direction"], "count_mobilities")
    elif page == "map":
        found["countries"] = _by_direction(actual["countries"], "country_iso2")
        found["partners"] = _by_direction(actual["partners"], "partner_id")
    elif page == "flows":
        found["trend"] = _pairs(actual["trend"], ["academic_year", "direction"], "count_mobilities")
        activity = actual["activity"]
        found["activity"] = _pairs(activity, ["academic_year", "activity"], "count_mobilities")
        region = actual["region"]
        found["region"] = _pairs(region, ["academic_year", "region_code"], "count_mobilities")
        top = actual["top"]
        found["top"] = {
            direction: top.filter(pl.col("direction") == direction)["partner_id"].to_list()
            for direction in ("outgoing", "incoming")
            if not top.filter(pl.col("direction") == direction).is_empty()
        }
        found["balance"] = _by_direction(actual["balance"], "partner_id")
    else:
        found["flows"] = _pairs(actual["flows"], ["academic_year", "direction"], "count_mobilities")
    for name, value in expected.items():
        if found[name] != value:
            raise AssertionError(f"bench: the product and the baseline differ on {page}/{name}")

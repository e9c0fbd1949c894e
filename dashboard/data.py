"""One function per file in queries/. Pages read the warehouse only through here.

Functions taking `filters` pass the global filters (dashboard.filters.Filters) as bound
parameters; each query uses the ones it names. Every query runs as the signed-in user
(dashboard.auth): the query door (warehouse.access) binds the schools they may see and refuses
what their role may not read.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from dashboard.auth import query  # queries/<name>.sql as the signed-in user may see it
from dashboard.auth import sees_rows as sees_rows  # not a viewer: may see one row per mobility
from dashboard.filters import Filters
from warehouse.db import together as together  # runs a page's independent queries at once


class Rows(NamedTuple):
    """Some rows of a query that cuts its result (at most `limit` rows from `offset`), and how
    many rows match in all: the query counts them in a total_rows column, left out of `rows`.
    The page shows the rows and the count; the download asks for every row (limit None)."""

    rows: pl.DataFrame
    total: int

    @classmethod
    def of(cls, frame: pl.DataFrame, offset: int = 0) -> Rows:
        # past the last row no row comes back, nor its count: they ran out at `offset`
        total = int(frame["total_rows"][0]) if frame.height else offset
        return cls(frame.drop("total_rows"), total)


def warehouse_status() -> pl.DataFrame:
    """Whether this is the demo, last import time, synthetic counts. One row."""
    return query("warehouse_status")


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


def overview_series(filters: Filters) -> pl.DataFrame:
    """The overview's figures (agreements, partners, countries, agreements ending within a
    year, outgoing, incoming, balance, double degrees, months) for every year of the range. One
    row per academic_year."""
    return query("overview_series", **filters.params())


def mobility_trend(filters: Filters) -> pl.DataFrame:
    """Mobilities per academic year and direction. One row per (year, direction)."""
    return query("mobility_trend", **filters.params())


def import_history() -> pl.DataFrame:
    """Every import with its counts, newest first."""
    return query("import_history")


def rejected_rows_list() -> pl.DataFrame:
    """Rejected rows of all imports with their reasons."""
    return query("rejected_rows_list")


def place_flags() -> pl.DataFrame:
    """Partners and home schools lying outside their country on the map, farthest off first."""
    return query("place_flags")


def synthetic_share() -> pl.DataFrame:
    """Rows and synthetic rows per public view."""
    return query("synthetic_share")


# ---------- agreements page


def agreements_by_school_and_type(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements active in `year`. One row per (school, agreement_type)."""
    return query("agreements_by_school_and_type", **filters.params(), year=year)


def agreements_by_school_and_level(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements active in `year`. One row per (school, signatory_level)."""
    return query("agreements_by_school_and_level", **filters.params(), year=year)


def agreements_by_region(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements active in `year`. One row per (region_code, agreement_type), biggest first."""
    return query("agreements_by_region", **filters.params(), year=year)


def agreements_ending_soon(filters: Filters) -> pl.DataFrame:
    """Agreements ending this academic year or the next. One row per agreement."""
    return query("agreements_ending_soon", **filters.params())


def places_by_programme(filters: Filters, year: str) -> pl.DataFrame:
    """Places offered in `year` per school and programme, then each school's total (is_total).
    One row per (school, programme, direction, mobility type)."""
    return query("places_by_programme", **filters.params(), year=year)


def country_measures(filters: Filters, year: str) -> pl.DataFrame:
    """Partners, agreements active in `year`, outgoing, incoming, balance. One row per country."""
    return query("country_measures", **filters.params(), year=year)


def partner_points(filters: Filters, year: str) -> pl.DataFrame:
    """Partners in scope with coordinates (when known) and flows. One row per partner."""
    return query("partner_points", **filters.params(), year=year)


def flow_arcs(filters: Filters, limit: int) -> pl.DataFrame:
    """The `limit` heaviest (home school, partner) flows, both located. One row per pair."""
    return query("flow_arcs", **filters.params(), limit=limit)


def country_partners(filters: Filters, year: str, country_iso2: str) -> pl.DataFrame:
    """Partners of one country with agreements and flows. One row per partner."""
    return query("country_partners", **filters.params(), year=year, country_iso2=country_iso2)


def home_school_points(filters: Filters) -> pl.DataFrame:
    """Located home schools: the selected ones, else those with data. One row per school."""
    return query("home_school_points", schools=list(filters.schools))


def mobility_by_activity(filters: Filters) -> pl.DataFrame:
    """Mobilities per academic year and activity. One row per (academic_year, activity)."""
    return query("mobility_by_activity", **filters.params())


def mobility_by_region(filters: Filters) -> pl.DataFrame:
    """Mobilities per academic year and world region. One row per (academic_year, region_code)."""
    return query("mobility_by_region", **filters.params())


def top_partners(filters: Filters, limit: int | None = 10) -> pl.DataFrame:
    """The `limit` partners with most mobilities each way (None: all). One row per (direction,
    partner_id)."""
    return query("top_partners", **filters.params(), limit=limit)


def partner_balance(filters: Filters, limit: int | None = 20) -> pl.DataFrame:
    """Incoming − outgoing for the `limit` partners most out of balance (None: all). One row
    per partner."""
    return query("partner_balance", **filters.params(), limit=limit)


def partner_profile(partner_id: str) -> pl.DataFrame:
    """A partner's name, place and registry link. Zero or one row."""
    return query("partner_profile", partner_id=partner_id)


def partner_spellings(partner_id: str) -> pl.DataFrame:
    """Spellings a partner was read from. One row per (spelling, country)."""
    return query("partner_spellings", partner_id=partner_id)


def partner_agreements(filters: Filters, partner_id: str) -> pl.DataFrame:
    """A partner's agreements under the school filter. One row per agreement."""
    return query("partner_agreements", **filters.params(), partner_id=partner_id)


def partner_quotas(filters: Filters, partner_id: str) -> pl.DataFrame:
    """Quotas of a partner's agreements. One row per (agreement, direction, mobility type)."""
    return query("partner_quotas", **filters.params(), partner_id=partner_id)


def partner_places(filters: Filters, partner_id: str) -> pl.DataFrame:
    """Places a year a partner's agreements offer in all. One row per (direction,
    mobility_type)."""
    return query("partner_places", **filters.params(), partner_id=partner_id)


def partner_flows(filters: Filters, partner_id: str) -> pl.DataFrame:
    """A partner's mobilities per year and direction. One row per (academic_year, direction)."""
    return query("partner_flows", **filters.params(), partner_id=partner_id)


def partner_by_school(filters: Filters, partner_id: str) -> pl.DataFrame:
    """A partner's agreements, outgoing and incoming mobilities per home school, the busiest
    first. One row per school."""
    return query("partner_by_school", **filters.params(), partner_id=partner_id)


def partner_home_schools(filters: Filters, partner_id: str) -> pl.DataFrame:
    """Home schools linked to a partner, with coordinates. One row per school."""
    return query("partner_home_schools", **filters.params(), partner_id=partner_id)


# ---------- indicators page


def graduate_cohorts(filters: Filters) -> pl.DataFrame:
    """Graduates meeting the compulsory stay abroad. One row per (graduation_year, school_id);
    school_id null totals the selected schools."""
    return query("graduate_cohorts", **filters.params())


def quota_vs_realised(filters: Filters) -> pl.DataFrame:
    """Quotas next to the mobilities that used them. One row per (quota_id, academic_year)."""
    return query("quota_vs_realised", **filters.params())


def quota_use_by_year(filters: Filters) -> pl.DataFrame:
    """Places offered by the quotas counting places and places used. One row per
    (academic_year, direction)."""
    return query("quota_use_by_year", **filters.params())


def agreement_use_by_school(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements active in `year` by use. One row per (school_id, use_state)."""
    return query("agreement_use_by_school", **filters.params(), year=year)


def agreements_without_flows(filters: Filters, year: str) -> pl.DataFrame:
    """Agreements with no flow in `year` and the two years before. One row per agreement."""
    return query("agreements_without_flows", **filters.params(), year=year)


def flows_without_agreement(filters: Filters, limit: int | None = None) -> Rows:
    """Mobilities of school-partner pairs without any agreement, the most first: at most `limit`
    rows (None: all), and how many pairs in all. One row per (school, partner)."""
    return Rows.of(query("flows_without_agreement", **filters.params(), limit=limit))


def double_degree_pipeline(filters: Filters) -> pl.DataFrame:
    """Double-degree students leaving and arriving. One row per (partner_id, academic_year)."""
    return query("double_degree_pipeline", **filters.params())


def double_degrees_by_year(filters: Filters) -> pl.DataFrame:
    """Double-degree students leaving and arriving, all partners. One row per academic_year."""
    return query("double_degrees_by_year", **filters.params())


def double_degrees_by_partner(filters: Filters, limit: int | None) -> pl.DataFrame:
    """The `limit` partners with most double-degree students over the years, both ways (None:
    all). One row per partner."""
    return query("double_degrees_by_partner", **filters.params(), limit=limit)


def agreement_rows(
    filters: Filters,
    year: str,
    *,
    search: str = "",
    sort_column: str = "",
    descending: bool = False,
    offset: int = 0,
    limit: int | None = 100,
) -> Rows:
    """The agreements table under the school and region filters, searched and sorted: at most
    `limit` rows from `offset` (None: all, the download), and how many match in all. One row per
    agreement, whatever its status, with whether it runs in `year`."""
    return Rows.of(
        query(
            "agreement_rows", **filters.params(), year=year, search=search,
            sort_column=sort_column, descending=descending, offset=offset, limit=limit,
        ),
        offset,
    )  # fmt: skip


# ---------- Erasmus+ page


def erasmus_call_years() -> pl.DataFrame:
    """Call years with reported mobilities or with rules. One row per call_year, oldest first."""
    return query("erasmus_call_years")


def erasmus_kpis(filters: Filters, call_year: int) -> pl.DataFrame:
    """Counts, months, grant and failing mobilities the schools report for a call. One row."""
    return query("erasmus_kpis", **filters.params(), call_year=call_year)


def erasmus_by_activity_type(filters: Filters, call_year: int) -> pl.DataFrame:
    """Reported mobilities and months. One row per (activity_type, action)."""
    return query("erasmus_by_activity_type", **filters.params(), call_year=call_year)


def erasmus_by_distance_band(filters: Filters, call_year: int) -> pl.DataFrame:
    """Reported mobilities per distance band. One row per (band, distance known, green travel)."""
    return query("erasmus_by_distance_band", **filters.params(), call_year=call_year)


def erasmus_grant_by_school(filters: Filters, call_year: int) -> pl.DataFrame:
    """Grant estimate by component and KA131 third-country share. One row per school."""
    return query("erasmus_grant_by_school", **filters.params(), call_year=call_year)


def erasmus_failed_checks(filters: Filters, call_year: int, limit: int | None) -> Rows:
    """Failed checks of reported mobilities, `limit` rows at most (None: all), and how many in
    all, their reasons in the language of `filters`. One row per (mobility_id, check_code)."""
    from dashboard.erasmus import check_reasons  # it draws on the page's pieces

    checks = query("erasmus_failed_checks", **filters.params(), call_year=call_year, limit=limit)
    # the reason in the language of the page, without the rule and values it is written from
    checks = checks.with_columns(reason=check_reasons(checks, filters.lang))
    checks = checks.drop("failed_check", "check_values")
    return Rows.of(checks)


def mobility_location(mobility_id: str) -> pl.DataFrame:
    """Where one mobility lies (call year, school), from the lookup table. Zero or one row."""
    return query("mobility_location", mobility_id=mobility_id)


def erasmus_mobility_detail(mobility_id: str) -> pl.DataFrame:
    """One mobility under the Erasmus+ rules, read where the lookup table says it lies (its call
    year and school), not from every mobility. Zero or one row."""
    location = mobility_location(mobility_id)
    call_year, school_id = location.row(0) if location.height else (0, "")
    return query(
        "erasmus_mobility_detail",
        mobility_id=mobility_id,
        call_year=call_year,
        school_id=school_id,
    )

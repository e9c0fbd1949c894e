"""Who may read what: roles, the schools of each user, and the class of every named query.

Every named query goes through warehouse.db.query, which calls `bind` here before running it:
so a page, a callback, a download, a PNG export of a chart or a partner page all get the rows
the user may see, and a page written tomorrow too, without checking anything itself.

- `viewer` (management): aggregates only. Queries of ROWS (one row per mobility or person:
  pseudonyms, exact dates, the raw text of rejected rows) are refused; counts below 5 in cells
  per partner or per country are shown "< 5" (`suppress_small_counts`, applied by the dashboard
  to what it sends).
- `officer`: every query, the rows of their schools only.
- `admin`: every query, every school; manages users. The command line runs as the local admin
  (whoever can read the warehouse file can read all of it anyway).

A school-scoped query binds `$schools` (an empty list meaning "all"); the door replaces the
schools asked for by those the user may see: an empty request becomes "all my schools", and a
request for none of them becomes a list no school matches, never "all".
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from warehouse.errors import WarehouseError

ROLES = ("viewer", "officer", "admin")

# The query classes.
REFERENCE = "reference"  # about no school's students: partners, places, years; any role
AGGREGATE = "aggregate"  # counts of the schools' data; any role, the user's schools only
ROWS = "rows"  # one row per mobility or person; officers and admins, their schools only

# Every file of queries/, classified (tests check that none is missing and that every query
# not REFERENCE binds $schools). A query missing here is refused: new queries fail closed.
QUERIES: dict[str, str] = {
    # the year filter's choices and the Erasmus+ rule years: no counts of anyone
    "academic_years": REFERENCE,
    # partners and places, whoever works with them
    "partner_profile": REFERENCE,
    "partner_spellings": REFERENCE,
    # agreements and their quotas: institutions, not people
    "active_agreements_by_type": AGGREGATE,
    "agreement_kpis": AGGREGATE,
    "agreement_rows": AGGREGATE,
    "agreement_use_by_school": AGGREGATE,
    "agreements_by_region": AGGREGATE,
    "agreements_by_school_and_level": AGGREGATE,
    "agreements_by_school_and_type": AGGREGATE,
    "agreements_ending_soon": AGGREGATE,
    "agreements_without_flows": AGGREGATE,
    "partner_agreements": AGGREGATE,
    "partner_places": AGGREGATE,
    "partner_quotas": AGGREGATE,
    "places_by_programme": AGGREGATE,
    # mobilities counted per school, partner, country, year…
    "country_measures": AGGREGATE,
    "country_partners": AGGREGATE,
    "double_degree_pipeline": AGGREGATE,
    "double_degrees_by_partner": AGGREGATE,
    "double_degrees_by_year": AGGREGATE,
    "flow_arcs": AGGREGATE,
    "erasmus_by_activity_type": AGGREGATE,
    "erasmus_by_distance_band": AGGREGATE,
    "erasmus_call_years": AGGREGATE,
    "erasmus_grant_by_school": AGGREGATE,
    "erasmus_kpis": AGGREGATE,
    "flows_without_agreement": AGGREGATE,
    "graduate_cohorts": AGGREGATE,
    "home_school_points": AGGREGATE,
    "mobility_by_activity": AGGREGATE,
    "mobility_by_region": AGGREGATE,
    "mobility_kpis": AGGREGATE,
    "overview_series": AGGREGATE,
    "mobility_trend": AGGREGATE,
    "partner_balance": AGGREGATE,
    "partner_flows": AGGREGATE,
    "partner_by_school": AGGREGATE,
    "partner_home_schools": AGGREGATE,
    "partner_points": AGGREGATE,
    "quota_use_by_year": AGGREGATE,
    "quota_vs_realised": AGGREGATE,
    "top_partners": AGGREGATE,
    # the warehouse itself, per school: imports, the schools, what is synthetic
    "import_history": AGGREGATE,
    "place_flags": AGGREGATE,
    "school_options": AGGREGATE,
    "synthetic_share": AGGREGATE,
    "warehouse_status": AGGREGATE,
    # one row per mobility or per rejected line: pseudonyms, exact dates, raw text
    "erasmus_failed_checks": ROWS,
    "erasmus_mobility_detail": ROWS,
    "mobility_location": ROWS,
    "rejected_rows_list": ROWS,
}

# Bound instead of the schools asked for when the user may see none of them: no school id is
# empty, so the query returns no row (an empty list would mean every school).
NO_SCHOOL = ""


class AccessDenied(WarehouseError):
    """The user's role may not run this query, or nobody is signed in."""


@dataclass(frozen=True)
class Scope:
    """Who asks: a user name (for the audit trail), a role and the schools they may see
    (school ids; empty: every school)."""

    user: str
    role: str
    schools: tuple[str, ...] = ()

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def is_restricted(self) -> bool:
        """Whether some schools are out of this user's sight."""
        return self.role != "admin" and bool(self.schools)

    @property
    def sees_rows(self) -> bool:
        return self.role != "viewer"

    def schools_for(self, requested) -> list[str]:
        """The schools a query binds when this user asks for `requested` (empty: all)."""
        requested = list(requested or [])
        if not self.is_restricted:
            return requested
        if not requested:
            return list(self.schools)
        allowed = [school for school in requested if school in self.schools]
        return allowed or [NO_SCHOOL]


# The command line, notebooks, and the dashboard when nobody has to sign in (loopback only).
LOCAL_ADMIN = Scope("local", "admin")


def bind(name: str, params: dict, scope: Scope) -> dict:
    """The parameters query `name` runs with for `scope`; AccessDenied when it may not run."""
    kind = QUERIES.get(name)
    if kind is None:
        raise AccessDenied(f"query {name!r} is not classified in warehouse/access.py")
    if kind == ROWS and not scope.sees_rows:
        raise AccessDenied(
            f"{name}: row-level data (one row per mobility or person) is not shown to the "
            f"{scope.role} role"
        )
    if kind == REFERENCE:
        return params
    return {**params, "schools": scope.schools_for(params.get("schools"))}


# ---------- small counts

SMALL_COUNT = 5  # a count of 1 to 4 people in a cell per partner or country is not shown
SUPPRESSED = "< 5"
# Columns counting people (mobilities, students) in the frames the dashboard sends.
PERSON_COUNTS = (
    "count_mobilities", "count_outgoing", "count_incoming", "count_flows", "count_leaving",
    "count_arriving", "count_students", "count_synthetic", "realised_mobilities",
)  # fmt: skip
# Columns that would give a hidden count away (a balance next to one shown count, months of
# one student): emptied in a row where a count is hidden.
DERIVED = ("balance", "ratio_in_out", "sum_months", "realised_months", "realised_days",
           "percent_used")  # fmt: skip
# A frame with one of these columns has a row per partner or per country.
PARTNER_OR_COUNTRY = ("partner_id", "partner_name", "partner", "country_iso2", "country_iso3",
                      "country_name")  # fmt: skip


def is_per_partner_or_country(frame: pl.DataFrame) -> bool:
    return any(column in frame.columns for column in PARTNER_OR_COUNTRY)


def suppress_small_counts(frame: pl.DataFrame, *, as_text: bool = False) -> pl.DataFrame:
    """`frame` with every count of 1 to 4 people emptied, and the derived figures of its row
    (balance, ratio, months…) too; zeros stay (nobody went: no one to recognise).

    Numbers stay numbers (null where hidden), so that charts draw the other bars; `as_text`
    writes "< 5" in the hidden counts instead (downloads, tables)."""
    counts = [c for c in PERSON_COUNTS if c in frame.columns and frame[c].dtype.is_numeric()]
    if not counts:
        return frame
    small = pl.any_horizontal(pl.col(c).is_between(1, SMALL_COUNT - 1) for c in counts)
    hidden = [
        pl.when(pl.col(c).is_between(1, SMALL_COUNT - 1))
        .then(pl.lit(SUPPRESSED) if as_text else None)
        .otherwise(pl.col(c).cast(pl.String) if as_text else pl.col(c))
        .alias(c)
        for c in counts
    ]
    derived = [
        pl.when(small).then(None).otherwise(pl.col(c)).alias(c)
        for c in DERIVED
        if c in frame.columns
    ]
    return frame.with_columns(*hidden, *derived)

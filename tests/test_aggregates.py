"""The pre-counted mobility tables the dashboard reads add up to the mobility rows exactly."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db

GRAINS = {
    "marts.mobility_counts": "school_id, partner_id, academic_year, direction, activity",
    "marts.mobility_counts_by_country": (
        "school_id, country_iso2, academic_year, direction, activity"
    ),
    "marts.mobility_counts_by_region": (
        "school_id, region_code, academic_year, direction, activity"
    ),
}
# Every activity together, outgoing and incoming side by side.
SIDE_BY_SIDE_GRAINS = {"marts.partner_flow_counts": "school_id, partner_id, academic_year"}
MOBILITY_ROWS = """
    mobilities m join partners p using (partner_id)
    left join countries c on c.country_iso2 = p.country_iso2
"""


def _on_rows(grain: str) -> str:
    return grain.replace("country_iso2", "p.country_iso2").replace("region_code", "c.region_code")


def test_the_counts_equal_the_mobility_rows_at_every_grain(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        for table, grain in GRAINS.items():
            differences = con.execute(
                f"""
                with rows as (
                    select {_on_rows(grain)}, count(*) as n, sum(duration_months) as months
                    from {MOBILITY_ROWS}
                    group by all
                ),
                counted as (
                    select {grain}, sum(count_mobilities) as n, sum(sum_months) as months
                    from {table} group by all
                )
                select count(*) from rows full join counted using ({grain})
                where rows.n is distinct from counted.n
                   or abs(coalesce(rows.months, 0) - coalesce(counted.months, 0)) > 1e-6
                """
            ).fetchone()[0]
            assert differences == 0, table
        total = con.execute("select count(*) from mobilities").fetchone()[0]
        assert total > 5000
        for table in GRAINS:
            assert con.execute(f"select sum(count_mobilities) from {table}").fetchone()[0] == total


def test_the_side_by_side_counts_equal_the_mobility_rows_each_way(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        for table, grain in SIDE_BY_SIDE_GRAINS.items():
            differences = con.execute(
                f"""
                with rows as (
                    select {_on_rows(grain)},
                        count(*) filter (where m.direction = 'outgoing') as count_outgoing,
                        count(*) filter (where m.direction = 'incoming') as count_incoming,
                    from {MOBILITY_ROWS}
                    group by all
                )
                select count(*) from rows full join {table} as counted using ({grain})
                where rows.count_outgoing is distinct from counted.count_outgoing
                   or rows.count_incoming is distinct from counted.count_incoming
                """
            ).fetchone()[0]
            assert differences == 0, table


# The filters a user sets, one kind at a time and mixed: the table chosen without an activity
# filter and the one chosen with one must give the same sums, and the same partners, as the
# mobility rows under the same filters.
FILTERS = [
    {},
    {"schools": ["imt-mines-albi", "imt-atlantique"]},
    {"year_from": "2019-2020", "year_to": "2021-2022"},
    {"direction": "outgoing"},
    {"direction": "incoming", "regions": ["150"]},
    {"activities": ["study"]},
    {"activities": ["traineeship", "double_degree"], "direction": "incoming"},
    {"schools": ["imt-mines-albi"], "activities": ["study"], "regions": ["150", "142"]},
]


def _filter_values(filters: dict) -> list:
    return [
        filters.get("schools", []),
        filters.get("year_from", "0000-0001"),
        filters.get("year_to", "9999-9999"),
        filters.get("direction", "all"),
        filters.get("activities", []),
        filters.get("regions", []),
    ]


ROWS_UNDER_FILTERS = f"""
    from {MOBILITY_ROWS}
    where (len($1::varchar[]) = 0 or list_contains($1::varchar[], m.school_id))
      and m.academic_year between $2 and $3
      and ($4 = 'all' or m.direction = $4)
      and (len($5::varchar[]) = 0 or list_contains($5::varchar[], m.activity))
      and (len($6::varchar[]) = 0 or list_contains($6::varchar[], c.region_code))
"""
MACRO_ARGUMENTS = "$1::varchar[], $2, $3, $4, $5::varchar[], $6::varchar[]"


def _rows_and_macro(demo_warehouse, filters: dict, rows_sql: str, macro_sql: str):
    """The mobility rows under `filters` counted by rows_sql (its SELECT list and GROUP BY, the
    FROM and WHERE added), and what macro_sql reads from a filter macro: (expected, got)."""
    values = _filter_values(filters)
    select, _, grouping = rows_sql.partition("group by")
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        expected = con.execute(f"{select} {ROWS_UNDER_FILTERS} group by {grouping}", values)
        expected = expected.fetchall()
        got = con.execute(macro_sql.replace("$ARGUMENTS", MACRO_ARGUMENTS), values).fetchall()
    return expected, got


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: str(filters) or "no filter")
def test_the_partner_flow_counts_under_filters_equal_the_mobility_rows(demo_warehouse, filters):
    expected, got = _rows_and_macro(
        demo_warehouse,
        filters,
        """
        select m.partner_id, count(*) filter (where m.direction = 'outgoing'),
            count(*) filter (where m.direction = 'incoming')
        group by all order by all
        """,
        """
        select partner_id, sum(count_outgoing), sum(count_incoming)
        from filtered_partner_flow_counts($ARGUMENTS)
        group by all order by all
        """,
    )
    # the same partners too: none that only the other direction or activities would bring
    assert got == expected
    assert expected, "filters that select nothing prove nothing"


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: str(filters) or "no filter")
def test_the_region_counts_under_filters_equal_the_mobility_rows(demo_warehouse, filters):
    expected, got = _rows_and_macro(
        demo_warehouse,
        filters,
        """
        select m.academic_year, c.region_code, m.direction, m.activity, m.is_synthetic,
            count(*), round(sum(m.duration_months), 6)
        group by all order by all
        """,
        """
        select academic_year, region_code, direction, activity, is_synthetic,
            sum(count_mobilities), round(sum(sum_months), 6)
        from filtered_region_mobility_counts($ARGUMENTS)
        group by all order by all
        """,
    )
    assert got == expected
    assert expected


OUT_IN_ALL = """count(*) filter (where m.direction = 'outgoing'),
    count(*) filter (where m.direction = 'incoming'), count(*)"""
SYNTHETIC = "count(*) filter (where m.is_synthetic)"
# The flows page's year charts: the mobility rows counted as each query counts them, and the
# query's columns in that order.
YEAR_CHARTS = {
    "mobility_trend": (
        f"m.academic_year, m.direction, count(*), {SYNTHETIC}",
        ["academic_year", "direction", "count_mobilities", "count_synthetic"],
    ),
    "mobility_by_activity": (
        f"m.academic_year, m.activity, {OUT_IN_ALL}, {SYNTHETIC}",
        [
            "academic_year",
            "activity",
            "count_outgoing",
            "count_incoming",
            "count_mobilities",
            "count_synthetic",
        ],
    ),
    "mobility_by_region": (
        f"m.academic_year, coalesce(c.region_code, 'unknown'), {OUT_IN_ALL}",
        ["academic_year", "region_code", "count_outgoing", "count_incoming", "count_mobilities"],
    ),
}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: str(filters) or "no filter")
@pytest.mark.parametrize("name", YEAR_CHARTS)
def test_each_year_chart_under_filters_equals_the_mobility_rows(demo_warehouse, filters, name):
    counted, columns = YEAR_CHARTS[name]
    values = _filter_values(filters)
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        expected = con.execute(
            f"select {counted} {ROWS_UNDER_FILTERS} group by all order by all", values
        ).fetchall()
    keys = ("schools", "year_from", "year_to", "direction", "activities", "regions")
    got = db.query(name, **dict(zip(keys, values, strict=True)))
    # in the query's own order: by year, then key
    assert got.select(columns).rows() == expected
    assert expected, "filters that select nothing prove nothing"


@pytest.mark.parametrize(
    ("schools", "regions"), [([], []), (["imt-mines-albi"], []), ([], ["150", "002"])]
)
def test_the_map_reads_the_same_active_agreements_as_the_agreements_view(
    demo_warehouse, schools, regions
):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        for year in ("2015-2016", "2024-2025"):
            arguments = [schools, regions, year]
            expected = con.execute(
                """
                select agreement_id, partner_id, country_iso2, region_code
                from filtered_agreements($1::varchar[], $2::varchar[])
                where is_active_in(
                        first_academic_year, last_academic_year, listed_academic_year, $3
                    )
                order by all
                """,
                arguments,
            ).fetchall()
            got = con.execute(
                """
                select agreement_id, partner_id, country_iso2, region_code
                from active_agreement_partners($1::varchar[], $2::varchar[], $3)
                order by all
                """,
                arguments,
            ).fetchall()
            assert got == expected
            assert expected


def test_a_parameter_is_bound_only_when_the_query_names_it(demo_warehouse):
    # `year` is not `year_from`: binding it to a query that names only $year_from would fail
    trend = db.query(
        "mobility_trend", schools=[], activities=[], regions=[], year_from="2014-2015",
        year_to="2024-2025", direction="all", year="2024-2025",
    )  # fmt: skip
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        (expected,) = con.execute(
            "select count(*) from mobilities "
            "where academic_year between '2014-2015' and '2024-2025'"
        ).fetchone()
    assert trend["count_mobilities"].sum() == expected

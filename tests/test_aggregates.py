"""The pre-counted mobility tables the dashboard reads add up to the mobility rows exactly."""

from __future__ import annotations

import duckdb

from warehouse import db

GRAINS = {
    "marts.mobility_counts": "school_id, partner_id, academic_year, direction, activity",
    "marts.mobility_counts_by_country": (
        "school_id, country_iso2, academic_year, direction, activity"
    ),
}


def test_the_counts_equal_the_mobility_rows_at_every_grain(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        for table, grain in GRAINS.items():
            keys = grain.replace("country_iso2", "p.country_iso2")
            differences = con.execute(
                f"""
                with rows as (
                    select {keys}, count(*) as n, sum(duration_months) as months
                    from mobilities m join partners p using (partner_id)
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

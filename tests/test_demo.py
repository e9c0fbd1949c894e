"""The demo warehouse: seed partner lists plus synthetic flows of a recognisable shape."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.demo import build_demo
from warehouse.errors import WarehouseError


@pytest.fixture
def con(demo_warehouse_file):
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as connection:
        yield connection


def rows(con, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def test_demo_has_flows_for_three_schools_over_ten_years_both_ways(con):
    assert rows(
        con,
        "select school, count(distinct academic_year), count(distinct direction) "
        "from mobilities where is_synthetic group by all order by school",
    ) == [("IMT Mines Albi", 11, 2), ("IMT Mines Alès", 11, 2), ("IMT Nord Europe", 11, 2)]


def test_demo_keeps_the_real_partner_list_of_imt_mines_albi(con):
    assert rows(
        con,
        "select count(*), count(*) filter (where signatory_level = 'group') from agreements "
        "where school = 'IMT Mines Albi' and not is_synthetic",
    ) == [(189, 48)]


def test_demo_flags_every_generated_row_as_synthetic(con):
    assert rows(
        con,
        "select is_synthetic, source_file, count(*) > 0 from mobilities group by all order by 1",
    ) == [
        (False, "moroccan-school-partners-2019-2020.md", True),
        (True, "synthetic demo data", True),
    ]


def test_every_mobility_has_its_own_64_bit_id(con):
    # 48-bit ids were shared by two of 10 million synthetic mobilities
    assert rows(
        con,
        "select count(*) = count(distinct mobility_id), "
        "bool_and(regexp_full_match(mobility_id, 'm-[0-9a-f]{16}')) from mobilities",
    ) == [(True, True)]


def test_demo_flows_dip_in_2020_2021(con):
    per_year = dict(
        rows(
            con,
            "select academic_year, count(*) from mobilities where is_synthetic "
            "and activity <> 'double_degree' group by all",
        )
    )
    assert per_year["2020-2021"] < 0.6 * per_year["2019-2020"]
    assert per_year["2020-2021"] < 0.6 * per_year["2022-2023"]


def test_demo_sends_more_students_to_english_speaking_partners_than_it_receives(con):
    outgoing, incoming = rows(
        con,
        """
        select count(*) filter (where direction = 'outgoing'),
               count(*) filter (where direction = 'incoming')
        from mobilities join partners using (partner_id)
        where is_synthetic and partners.country_iso2 in ('GB', 'IE', 'US', 'CA', 'AU', 'IN')
        """,
    )[0]
    assert outgoing > 2 * incoming


def test_demo_has_more_than_twenty_double_degree_students_a_year_at_ales(con):
    per_year = rows(
        con,
        "select academic_year, count(*) from mobilities where school = 'IMT Mines Alès' "
        "and activity = 'double_degree' group by all",
    )
    assert len(per_year) == 11
    assert min(count for _, count in per_year) > 20


def test_demo_is_mostly_study_with_some_traineeships(con):
    shares = dict(
        rows(
            con,
            "select activity, count(*) / sum(count(*)) over () from mobilities "
            "where is_synthetic group by all",
        )
    )
    assert shares["study"] > 0.6
    assert 0.05 < shares["traineeship"] < 0.3
    assert set(shares) == {
        "study", "traineeship", "double_degree", "staff_teaching", "staff_training"
    }  # fmt: skip


def test_demo_twice_gives_identical_figures(demo_warehouse_file, tmp_path):
    again = tmp_path / "again.duckdb"
    build_demo(again, progress=lambda _m: None)
    query = (
        "select school, direction, academic_year, activity, partner_id, count(*), "
        "sum(duration_months) from mobilities group by all order by all"
    )
    with (
        duckdb.connect(str(demo_warehouse_file), read_only=True) as first,
        duckdb.connect(str(again), read_only=True) as second,
    ):
        assert first.execute(query).fetchall() == second.execute(query).fetchall()


def test_demo_refuses_to_overwrite_a_warehouse_with_imported_data(isolated_warehouse):
    from warehouse import db

    with db.writing():
        pass
    with pytest.raises(WarehouseError, match="holds imported data, not the demo; use --force"):
        build_demo(isolated_warehouse)

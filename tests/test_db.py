"""The one door to DuckDB: read-only readers, atomic writes, one writer at a time."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from warehouse import db
from warehouse.errors import WarehouseError


def count_schools(con) -> int:
    return con.execute("select count(*) from schools").fetchone()[0]


def test_a_new_warehouse_has_its_schema_and_the_home_schools(isolated_warehouse):
    with db.writing():
        pass
    with db.connect() as con:
        assert count_schools(con) == 9
        migrations = con.execute("select file_name from schema_migrations").fetchall()
        assert migrations == [(p.name,) for p in sorted(db.SCHEMA_DIR.glob("*.sql"))]
        assert con.execute("select count(*) from countries").fetchone()[0] > 240


def test_a_failed_write_leaves_the_file_exactly_as_it_was(isolated_warehouse):
    with db.writing():
        pass
    before = hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest()
    with pytest.raises(RuntimeError), db.writing() as con:
        con.execute("delete from schools")
        raise RuntimeError("the import failed half-way")
    assert hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest() == before
    leftovers = [p.name for p in isolated_warehouse.parent.iterdir() if ".writing" in p.name]
    assert leftovers == []


def test_a_reader_keeps_seeing_the_old_warehouse_while_a_write_swaps_in_the_new(
    isolated_warehouse,
):
    with db.writing():
        pass
    reader = db.connect(read_only=True)
    with db.writing() as con:
        con.execute("delete from schools where name = 'IMT Business School'")
    assert count_schools(reader) == 9  # the open connection still reads the old file
    reader.close()
    with db.connect() as fresh:
        assert count_schools(fresh) == 8


def test_shared_cursors_see_each_swapped_in_version_and_finish_on_their_own(isolated_warehouse):
    with db.writing():
        pass
    before_the_swap = db.reader()
    assert count_schools(before_the_swap) == 9
    with db.writing() as con:
        con.execute("delete from schools where name = 'IMT Business School'")
    assert count_schools(before_the_swap) == 9  # a cursor stays on the version it started on
    before_the_swap.close()
    with db.reader() as after_the_swap:
        assert count_schools(after_the_swap) == 8
        # macros and views resolve as on a plain connection
        assert after_the_swap.execute("select academic_year_of(date '2024-08-01')").fetchone() == (
            "2024-2025",
        )
    with pytest.raises(duckdb.Error), db.reader() as read_only:
        read_only.execute("delete from schools")


def test_readers_get_a_clear_error_when_there_is_no_warehouse(isolated_warehouse):
    with pytest.raises(WarehouseError, match="no warehouse here yet; run `mobility demo`"):
        db.connect()
    with pytest.raises(WarehouseError, match="no warehouse here yet; run `mobility demo`"):
        db.reader()


def test_a_query_error_names_the_query_file(isolated_warehouse):
    with pytest.raises(WarehouseError, match="no_such_query.sql: no such query"):
        db.query("no_such_query")


def test_a_warehouse_from_an_older_version_is_upgraded_and_keeps_its_data(isolated_warehouse):
    with db.writing() as con:
        con.execute("delete from schools where name = 'IMT Business School'")
    assert db.outdated_parts() == []
    # what an older version wrote: a view this version builds is absent
    with duckdb.connect(str(isolated_warehouse)) as con:
        con.execute("drop view partner_names")
    assert db.outdated_parts() == ["main.partner_names"]
    assert db.upgrade() == ["main.partner_names"]
    assert db.outdated_parts() == []
    with db.connect() as con:
        assert count_schools(con) == 8
        assert con.execute("select count(*) from partner_names").fetchone() == (0,)


def test_queries_run_together_give_the_results_of_running_them_one_by_one(
    demo_warehouse, monkeypatch
):
    one_by_one = [db.query("school_options"), db.query("academic_years")]
    # run them again on a copy, another warehouse whose answers are not in the cache yet
    copy = demo_warehouse.with_name("copy.duckdb")
    shutil.copyfile(demo_warehouse, copy)
    monkeypatch.setenv("MOBILITY_DB", str(copy))
    together = db.together(lambda: db.query("school_options"), lambda: db.query("academic_years"))
    assert [frame.to_dicts() for frame in together] == [frame.to_dicts() for frame in one_by_one]
    # called from inside another, it runs too (no shared pool to wait for)
    nested = db.together(lambda: db.together(lambda: 1, lambda: 2), lambda: 3)
    assert nested == [[1, 2], 3]


def test_the_error_of_a_query_run_together_reaches_the_caller(demo_warehouse):
    with pytest.raises(db.QueryError, match="no_such_query.sql: no such query"):
        db.together(lambda: db.query("school_options"), lambda: db.query("no_such_query"))

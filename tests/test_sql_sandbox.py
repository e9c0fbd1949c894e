"""`mobility sql` runs one read-only query on the warehouse and nothing else: no file, no other
database, no extension, no setting; a time and a row limit; one line on any refusal.

Each escape below worked before the sandbox (issue 15): the tests try them on a copy of the
demo warehouse with a pseudonym key beside it, and check that nothing outside changed."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from mobility import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def warehouse(demo_warehouse: Path) -> Path:
    demo_warehouse.with_suffix(".key").write_bytes(b"k" * 32)
    return demo_warehouse


def refused(statement: str) -> str:
    """The one-line error of a refused statement."""
    code, out, err = run("sql", statement)
    assert code == 1, out
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err


def test_copy_to_cannot_overwrite_the_key(warehouse):
    key = warehouse.with_suffix(".key")
    before = key.read_bytes()
    err = refused(f"copy (select 'x' as a) to '{key}' (format csv, header false)")
    assert "COPY" in err
    assert key.read_bytes() == before


def test_attach_cannot_change_another_warehouse(warehouse, tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("create table t as select 1 as a")
    before = sha256(other)
    refused(f"attach '{other}' as o (read_write)")
    refused(f"attach '{other}' as o (read_write); insert into o.t values (2)")
    assert sha256(other) == before


@pytest.mark.parametrize(
    "statement",
    [
        "select * from read_csv('/etc/passwd', sep = ':')",
        "select * from read_text('/etc/passwd')",
        "select * from sniff_csv('/etc/passwd')",
        "select * from glob('/etc/*')",
    ],
)
def test_files_outside_the_warehouse_cannot_be_read(warehouse, statement):
    err = refused(statement)
    assert "root:" not in err and "outside the warehouse" in err


def test_the_key_cannot_be_read(warehouse):
    key = warehouse.with_suffix(".key")
    err = refused(f"select content from read_blob('{key}')")
    assert "kkkk" not in err and "outside the warehouse" in err


@pytest.mark.parametrize("statement", ["install httpfs", "load httpfs", "force install httpfs"])
def test_extensions_are_neither_downloaded_nor_loaded(warehouse, statement):
    started = time.monotonic()
    err = refused(statement)
    assert "LOAD" in err or "INSTALL" in err
    assert time.monotonic() - started < 5  # refused at once, no download tried


def test_a_remote_file_is_not_fetched(warehouse):
    err = refused("select * from read_parquet('https://example.org/x.parquet')")
    assert "outside the warehouse" in err


@pytest.mark.parametrize(
    "statement",
    [
        "set enable_external_access = true",
        "reset enable_external_access",
        "set lock_configuration = false",
        "pragma enable_external_access",
        "detach warehouse",
        "create temp table t as select 1",
        "select 1; select 2",
    ],
)
def test_other_statements_are_refused(warehouse, statement):
    refused(statement)


def test_export_writes_nothing(warehouse, tmp_path):
    refused(f"export database '{tmp_path / 'export'}'")
    assert not (tmp_path / "export").exists()


def test_a_long_query_stops_at_the_time_limit(warehouse):
    started = time.monotonic()
    code, _out, err = run(
        "sql", "--timeout", "1",
        "select sum(a.range * b.range) from range(200000) a, range(200000) b",
    )  # fmt: skip
    assert code == 1
    assert err == "error: the query ran longer than the 1 s time limit (--timeout raises it)\n"
    assert time.monotonic() - started < 10


def test_a_result_beyond_the_row_limit_is_refused_in_csv(warehouse):
    code, out, err = run("sql", "--csv", "--max-rows", "10", "select * from range(11)")
    assert (code, out) == (1, "")
    assert err == (
        "error: the result has more than 10 rows, the --max-rows limit: add a LIMIT or raise "
        "--max-rows\n"
    )
    code, out, _err = run("sql", "--csv", "--max-rows", "10", "select * from range(10)")
    assert code == 0 and out.splitlines() == ["range", *map(str, range(10))]


def test_a_table_beyond_the_row_limit_says_so(warehouse):
    code, out, _err = run("sql", "--max-rows", "10", "select * from range(50)")
    assert code == 0
    assert out.splitlines()[-1] == "… more than 10 rows: stopped at the --max-rows limit"


def test_ordinary_analysis_of_the_views_still_works(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        expected = con.execute(
            "select school, count(*) from mobilities group by all order by 1"
        ).fetchall()
        partners = con.execute("select count(*) from partners").fetchone()[0]
    code, out, err = run(
        "sql", "--csv", "select school, count(*) as n from mobilities group by all order by 1"
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == ["school,n", *(f"{school},{n}" for school, n in expected)]
    code, out, _ = run(
        "sql", "--csv",
        "with per_partner as (select partner_id, count(*) as n from mobilities group by all) "
        "select count(*) from partners p left join per_partner m using (partner_id)",
    )  # fmt: skip
    assert (code, out.splitlines()[1]) == (0, str(partners))
    for statement in ("describe mobilities", "show tables", "summarize agreements",
                      "explain select * from partners"):  # fmt: skip
        code, out, err = run("sql", statement)
        assert (code, err) == (0, ""), statement
    code, out, _ = run("sql", "--csv", "select -1.5 as x, 'a' as y")
    assert out.splitlines() == ["x,y", "-1.5,a"]

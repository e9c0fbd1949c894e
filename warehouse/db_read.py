"""The read side of the warehouse: read-only connections, cursors kept per warehouse version,
named queries and their results cache, and queries run side by side in threads.

Readers (the dashboard, analysts' notebooks) never write: an import builds a new file and swaps
it in (warehouse/db_build.py), so a reader sees the old warehouse or the new one, never half of
an import. `warehouse.db` is the door that callers use; it re-exports this module.
"""

from __future__ import annotations

import contextvars
import re
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from warehouse import access, resources, settings
from warehouse.errors import WarehouseError

T = TypeVar("T")

QUERIES_DIR = resources.QUERIES_DIR  # top-level queries/, or its copy in a wheel


class QueryError(WarehouseError):
    """A named query failed; the message names the query file."""


def connect(read_only: bool = True, path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Readers get a read-only connection; close it soon (use `with`)."""
    path = path or settings.db_path()
    if read_only and not path.exists():
        raise WarehouseError(
            f"{path}: no warehouse here yet; run `mobility demo` or `mobility import ...`"
        )
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        raise WarehouseError(f"{path}: cannot open the warehouse ({error})") from error


# Opening the warehouse costs more than most dashboard queries, so a long-lived process keeps one
# read-only DuckDB instance per warehouse version and hands out cursors. The version is the file's
# identity: an import swaps in a new file (new inode), and the next query opens that one. Each
# version lives in its own in-memory instance that ATTACHes the file: duckdb.connect(path) would
# return DuckDB's cached instance of the old file.
_READERS_KEPT = 4  # warehouses open at once in one process (tests use many small ones)
_readers: OrderedDict[Path, tuple[tuple[int, int, int], duckdb.DuckDBPyConnection]] = OrderedDict()
_readers_lock = threading.Lock()


def _file_version(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def reader(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only cursor on the warehouse as it is now; close it after use (use `with`).

    Cursors are cheap and belong to one thread; they come from an instance kept open while the
    file is unchanged. A query already running on a replaced version finishes on it."""
    path = (path or settings.db_path()).resolve()
    try:
        version = _file_version(path)
    except FileNotFoundError:
        raise WarehouseError(
            f"{path}: no warehouse here yet; run `mobility demo` or `mobility import ...`"
        ) from None
    with _readers_lock:
        kept = _readers.get(path)
        if kept is None or kept[0] != version:
            if kept is not None and kept[0][0] == version[0]:
                # the same file was changed in place (by hand, not by a swap): DuckDB lets a
                # process attach a file once, so the old instance must go first
                kept[1].close()
            instance = duckdb.connect(":memory:")
            try:
                instance.execute(f"attach '{sql_string(path)}' as warehouse (read_only)")
            except duckdb.Error as error:
                instance.close()
                raise WarehouseError(f"{path}: cannot open the warehouse ({error})") from error
            # the replaced instance is not closed here: running cursors may still use it, and
            # it closes itself when the last of them is gone
            kept = _readers[path] = (version, instance)
            while len(_readers) > _READERS_KEPT:
                _readers.popitem(last=False)
        _readers.move_to_end(path)
        cursor = kept[1].cursor()
    # a cursor is a new session: point it at the warehouse so that names resolve as usual
    cursor.execute("use warehouse; set search_path = 'warehouse.main'")
    return cursor


def sql_string(path: Path) -> str:
    return str(path).replace("'", "''")


def set_memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's memory budget (settings.memory_limit): beyond it a query fails with DuckDB's
    out-of-memory error, said in one line, instead of the machine swapping or killing it."""
    limit = settings.memory_limit()
    try:
        con.execute(f"set memory_limit = '{sql_string(limit)}'")
    except duckdb.Error:
        raise WarehouseError(
            f"MOBILITY_MEMORY_LIMIT={limit!r}: not a memory size such as 4GB"
        ) from None


def query(name: str, *, scope: access.Scope | None = None, **params) -> pl.DataFrame:
    """Run queries/<name>.sql with bound parameters on a read-only cursor, as `scope` may see
    it (warehouse.access: the schools bound are those the user may see; AccessDenied when the
    role may not run it). Without a scope, as the local admin: the command line, notebooks."""
    sql_file = QUERIES_DIR / f"{name}.sql"
    if not sql_file.exists():
        raise QueryError(f"{sql_file}: no such query")
    params = access.bind(name, params, scope or access.LOCAL_ADMIN)
    sql = sql_file.read_text()
    # Callers pass the dashboard's filters whole; each query binds the ones it names.
    used = {key: value for key, value in params.items() if re.search(rf"\${key}\b", sql)}
    path = settings.db_path().resolve()
    key = (path, _version_or_none(path), sql, _frozen(used))
    with _readers_lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key]
    with reader(path) as con:
        try:
            result = pl.from_arrow(con.execute(sql, used or None).to_arrow_table())
        except duckdb.Error as error:
            raise QueryError(f"{sql_file.name}: {error}") from error
    with _readers_lock:
        _results[key] = result
        while len(_results) > _RESULTS_KEPT:
            _results.popitem(last=False)
    return result


def together(*calls: Callable[[], T]) -> list[T]:
    """Run independent queries at the same time; their results, in the order of the calls.

    DuckDB lets go of the GIL while it works, and a dashboard query of a few milliseconds keeps
    only part of the machine busy, so a page's independent queries overlap. The first call runs
    in this thread, each other one in a thread started for it, so that a call made from inside
    another never waits for a shared pool."""
    if len(calls) < 2:
        return [call() for call in calls]
    with ThreadPoolExecutor(max_workers=len(calls) - 1) as pool:
        # each call runs in a copy of this thread's context: who asks (the dashboard's signed-in
        # user) travels with it, and a call in another thread never runs as somebody else
        others = [pool.submit(contextvars.copy_context().run, call) for call in calls[1:]]
        first = calls[0]()
        return [first, *(other.result() for other in others)]


# A named query runs through execute(), planned once: con.sql() would bind and plan it to describe
# a lazy relation, then plan it again to run it, a sizeable share of a dashboard query's time
# (docs/performance.md). DuckDB warns that Arrow output from execute()
# copies the rows once more; for the few thousand rows a page asks for, that copy is free.
warnings.filterwarnings(
    "ignore",
    message="Arrow output on a DB-API result",
    category=UserWarning,
    module=r"warehouse\.db",
)

# Results of named queries, keyed by the warehouse version, the SQL and its parameters: pages
# ask the same questions again and again (the years, the schools, a view reopened), and a new
# warehouse file is a new version, so a cached answer is never stale.
_RESULTS_KEPT = 512
_results: OrderedDict[tuple, pl.DataFrame] = OrderedDict()


def _version_or_none(path: Path) -> tuple[int, int, int] | None:
    try:
        return _file_version(path)
    except FileNotFoundError:
        return None  # reader() says so, in its own words


def _frozen(params: dict) -> tuple:
    return tuple(
        (name, tuple(value) if isinstance(value, list) else value)
        for name, value in sorted(params.items())
    )

"""`mobility sql`: one read-only query on the warehouse, in a sandbox.

The statement comes from whoever types it, so it may try what a query must not do: read a file
beside the warehouse (the pseudonym key, /etc/passwd), write one (COPY … TO over the key),
change another database (ATTACH … READ_WRITE), download or load an extension, or switch any of
that back on (SET, RESET). The sandbox is DuckDB's own: an in-memory instance that attaches the
warehouse read-only, then turns external access off (no file, no network, no extension) and
locks its configuration so that no statement can turn it on again. On top of that, only one
query statement runs (SELECT, FROM, WITH, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), a query stops at
a time limit, and a result stops at a row limit. The memory budget is the imports' one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db, settings
from warehouse.errors import WarehouseError

DEFAULT_TIMEOUT_S = 60  # a runaway cross join stops; the heaviest honest query takes ~1 s
DEFAULT_MAX_ROWS = 1_000_000  # every mobility of a large school over a decade

_ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_NAMES = {
    duckdb.StatementType.LOAD: "INSTALL and LOAD",
    duckdb.StatementType.SET: "SET, RESET and USE",
    duckdb.StatementType.VARIABLE_SET: "SET VARIABLE",
    duckdb.StatementType.COPY_DATABASE: "COPY",
    duckdb.StatementType.MULTI: "PIVOT as a statement (select from it instead)",
}
_QUERIES = "SELECT, FROM, WITH, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN"


@dataclass(frozen=True)
class Result:
    frame: pl.DataFrame
    truncated: bool  # the query had more rows than max_rows; frame holds the first max_rows


def run(
    statement: str,
    *,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
    path: Path | None = None,
) -> Result:
    """Run one read-only query on the warehouse; refuse anything else with one line."""
    with _sandbox(path or settings.db_path(), timeout_s) as con:
        try:
            statements = con.extract_statements(statement)
        except duckdb.Error as error:
            raise WarehouseError(_first_line(error)) from None
        if len(statements) != 1:
            raise WarehouseError(
                f"{len(statements)} statements: mobility sql runs one query at a time"
            )
        kind = statements[0].type
        if kind not in _ALLOWED:
            name = _NAMES.get(kind, kind.name.replace("_", " "))
            raise WarehouseError(
                f"{name} not allowed: mobility sql runs one read-only query ({_QUERIES})"
            )
        try:
            relation = con.sql(statement)
            if relation is None:
                raise WarehouseError("the statement returned no rows to show")
            if kind == duckdb.StatementType.SELECT:
                relation = relation.limit(max_rows + 1)
            frame = relation.pl()
        except duckdb.InterruptException:
            raise WarehouseError(
                f"the query ran longer than the {timeout_s} s time limit (--timeout raises it)"
            ) from None
        except duckdb.OutOfMemoryException:
            raise WarehouseError(
                f"the query needs more than the memory budget of {settings.memory_limit()} "
                "(MOBILITY_MEMORY_LIMIT raises it)"
            ) from None
        except duckdb.PermissionException as error:
            raise WarehouseError(
                f"the query reaches outside the warehouse ({_first_line(error)}): mobility sql "
                "reads the warehouse only"
            ) from None
        except duckdb.Error as error:
            raise WarehouseError(_first_line(error)) from None
    truncated = frame.height > max_rows
    return Result(frame.head(max_rows), truncated)


class _sandbox:
    """An in-memory DuckDB that has attached the warehouse read-only and then locked itself."""

    def __init__(self, path: Path, timeout_s: int):
        self.path, self.timeout_s = path, timeout_s

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        if not self.path.exists():
            raise WarehouseError(
                f"{self.path}: no warehouse here yet; run `mobility demo` or `mobility import ...`"
            )
        con = duckdb.connect(
            ":memory:",
            config={
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
                "allow_community_extensions": False,
            },
        )
        try:
            # the warehouse is a file: it is attached while files can still be opened
            con.execute(f"attach '{db.sql_string(self.path.resolve())}' as warehouse (read_only)")
            con.execute("use warehouse; set search_path = 'warehouse.main'")
            con.execute("set enable_external_access = false")
            db.set_memory_limit(con)
            con.execute(f"set max_execution_time = {int(self.timeout_s * 1000)}")
            con.execute("set enable_progress_bar = false")
            con.execute("set lock_configuration = true")
        except duckdb.Error as error:
            con.close()
            raise WarehouseError(f"{self.path}: cannot open the warehouse ({error})") from None
        except WarehouseError:
            con.close()
            raise
        self.con = con
        return con

    def __exit__(self, *exc) -> None:
        self.con.close()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

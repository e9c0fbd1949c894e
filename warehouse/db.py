"""The one door to DuckDB: read-only connections for readers, an atomic swap for writers.

DuckDB lets either one process write a file or many processes read it, never both. So readers
(the dashboard, analysts' notebooks) open short-lived read-only connections, and a writer
(an import, `mobility demo`) works on a private copy of the file that it renames over the
original when everything succeeded. A reader therefore sees the old warehouse or the new one,
never half of an import; a failed write leaves the original file untouched.
"""

from __future__ import annotations

import contextvars
import errno
import fcntl
import glob
import os
import re
import shutil
import stat
import tempfile
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from warehouse import access, reference, resources, settings
from warehouse.errors import WarehouseError

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = PACKAGE_DIR / "schema"
MODELS_DIR = PACKAGE_DIR / "models"
QUERIES_DIR = resources.QUERIES_DIR  # top-level queries/, or its copy in a wheel

# Built in this order; within a folder, in file-name order. Views are bound when created, so a
# layer may read only the layers before it (marts read staging/intermediate, never other marts).
MODEL_LAYERS = (
    ("macros", None, None),
    ("staging", "staging", "view"),
    ("intermediate", "staging", "view"),
    ("marts", "marts", "table"),
    ("public", "main", "view"),
    ("query_macros", None, None),
)


_MODEL_REFERENCE = re.compile(r"\b(?:staging|marts)\.(\w+)")


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


# Opening the warehouse costs more than most dashboard queries (~30 ms against ~5 ms on the demo),
# so a long-lived process keeps one read-only DuckDB instance per warehouse version and hands out
# cursors. The version is the file's identity: an import swaps in a new file (new inode), and
# the next query opens that one. Each version lives in its own in-memory instance that ATTACHes
# the file: duckdb.connect(path) would return DuckDB's cached instance of the old file.
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
                instance.execute(f"attach '{_sql_string(path)}' as warehouse (read_only)")
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


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")


def set_memory_limit(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's memory budget (settings.memory_limit): beyond it a query fails with DuckDB's
    out-of-memory error, said in one line, instead of the machine swapping or killing it."""
    limit = settings.memory_limit()
    try:
        con.execute(f"set memory_limit = '{_sql_string(limit)}'")
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
    only part of the machine busy: at 10 million mobilities the map page's two mobility queries
    took 17-20 ms together against 21-24 one after the other, in one-off scripts (README
    "Performance"). The first call runs in
    this thread, each other one in a thread started for it, so that a call made from inside
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
# a lazy relation, then plan it again to run it, which costs 1-4 ms of a 5-15 ms dashboard query
# at 10 million mobilities (README "Performance"). DuckDB warns that Arrow output from execute()
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


@contextmanager
def writing(
    path: Path | None = None, *, start_empty: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a read-write connection on a private copy; on success, rebuild and swap it in.

    With start_empty, the copy starts as a new warehouse instead (the demo replaces everything).
    """
    path = path or settings.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    work = path.with_name(f".{path.name}.{os.getpid()}.writing")
    with _exclusive_lock(path):
        _remove(work)
        for leftover in leftovers(path):  # of killed writers: none runs while we hold the lock
            _remove_tree(leftover)
        mode = _mode_after_swap(path)
        try:
            if path.exists() and not start_empty:
                _private_copy(path, work)
                if _wal(path).exists():  # an unclean close elsewhere: keep its pending writes
                    _private_copy(_wal(path), _wal(work))
            con = duckdb.connect(str(work))
        except (OSError, duckdb.Error) as error:
            _remove(work)
            raise _write_error(path, error) or error from None
        try:
            work.chmod(0o600)  # the copy holds all the data: its owner's only while written
            set_memory_limit(con)
            migrate(con)
            con.execute("begin transaction")
            create_macros(con)  # importers may use them before the models are rebuilt
            reference.refresh(con)
            yield con
            build(con)
            con.execute("commit")
            con.execute("checkpoint")
            con.close()
            work.chmod(mode)
            os.replace(work, path)
            _wal(path).unlink(missing_ok=True)
        except BaseException as error:
            con.close()
            _remove(work)
            converted = _write_error(path, error)
            if converted is None:
                raise
            raise converted from None


def _write_error(path: Path, error: BaseException) -> WarehouseError | None:
    """A failed write said in one line: a full disk, a file size limit, DuckDB's memory
    budget, memory itself. None for the errors that say themselves (a bad file, a bug)."""
    if isinstance(error, duckdb.OutOfMemoryException):
        return WarehouseError(
            f"{path}: the import needs more than the memory budget of "
            f"{settings.memory_limit()} (MOBILITY_MEMORY_LIMIT raises it)"
        )
    if isinstance(error, MemoryError):
        return WarehouseError(f"{path}: out of memory while importing; the warehouse is unchanged")
    if isinstance(error, duckdb.IOException) or (
        isinstance(error, OSError) and error.errno in _DISK_ERRORS
    ):
        reason = error.strerror if isinstance(error, OSError) else _first_line(error)
        return WarehouseError(f"{path}: cannot write the warehouse ({reason}); it is unchanged")
    return None


_DISK_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EROFS}


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def leftovers(path: Path | None = None) -> list[Path]:
    """What killed writers left beside the warehouse: their work copies (.NAME.PID.writing,
    with its .wal and DuckDB's .tmp folder) and the private copies of the files they imported
    (.NAME.PID.*.import). The next write removes them; `mobility status` lists them."""
    path = path or settings.db_path()
    pattern = re.compile(
        rf"\.{re.escape(path.name)}\.(\d+)\.(?:writing(?:\.wal|\.tmp)?|[^/]*\.import)"
    )
    found = []
    for candidate in sorted(path.parent.glob(f".{glob.escape(path.name)}.*")):
        match = pattern.fullmatch(candidate.name)
        if match and not _running(int(match[1])):
            found.append(candidate)
    return found


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _mode_after_swap(path: Path) -> int:
    """The mode of the file swapped in: the warehouse's own, without access for others (what
    older versions let it take, 0644), so that a group the administrator gave access keeps it;
    0600 for a new warehouse. A plain copy would take the umask's 0644 at every import."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o770 or 0o600
    except FileNotFoundError:
        return 0o600


def _private_copy(source: Path, target: Path) -> None:
    """Copy a file into a new file readable by its owner only, from its first byte on."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "wb") as out, open(source, "rb") as into:
        shutil.copyfileobj(into, out, 1 << 20)


@contextmanager
def rehearsal(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on a throwaway copy of the warehouse (an in-memory scratch one
    when there is none yet), for dry runs that must see what an import would meet: the files
    already imported, the registered schools. Nothing of it is kept."""
    path = path or settings.db_path()
    if not path.exists():
        con = scratch()
        try:
            yield con
        finally:
            con.close()
        return
    with tempfile.TemporaryDirectory(prefix=".mobility-rehearsal-", dir=path.parent) as folder:
        copy = Path(folder) / path.name
        # private from the first byte, as the warehouse it copies (students' pseudonyms)
        _private_copy(path, copy)
        if wal_path(path).exists():
            _private_copy(wal_path(path), wal_path(copy))
        con = duckdb.connect(str(copy))
        try:
            set_memory_limit(con)
            migrate(con)
            create_macros(con)
            reference.refresh(con)
            yield con
        finally:
            con.close()


def scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with schema and reference data, for dry runs without a file."""
    con = duckdb.connect()
    set_memory_limit(con)
    migrate(con)
    create_macros(con)
    reference.refresh(con)
    build(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the schema files not yet applied; return their names."""
    con.execute(
        "create table if not exists schema_migrations "
        "(file_name varchar primary key, applied_at timestamp default current_timestamp)"
    )
    applied = {row[0] for row in con.execute("select file_name from schema_migrations").fetchall()}
    new = []
    for sql_file in sorted(SCHEMA_DIR.glob("*.sql")):
        if sql_file.name in applied:
            continue
        con.execute("begin transaction")
        con.execute(sql_file.read_text())
        con.execute("insert into schema_migrations (file_name) values (?)", [sql_file.name])
        con.execute("commit")
        new.append(sql_file.name)
    return new


def outdated_parts(path: Path | None = None) -> list[str]:
    """What a warehouse file lacks that this version of mobility builds: schema files not
    applied, models and macros not created, shipped former codes of schools not attached. Empty
    when the file is up to date (a file written by an older version reads fine but misses the
    newer views until its next write)."""
    path = path or settings.db_path()
    with duckdb.connect(str(path), read_only=True) as con:
        applied = {r[0] for r in con.execute("select file_name from schema_migrations").fetchall()}
        relations = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select schema_name, table_name from duckdb_tables() "
                "union all select schema_name, view_name from duckdb_views()"
            ).fetchall()
        }
        functions = {
            r[0] for r in con.execute("select function_name from duckdb_functions()").fetchall()
        }
        registered = {r[0] for r in con.execute("select school_id from schools").fetchall()}
        # former codes shipped since the file was last written (reference.py offers them)
        history = [
            f"former code {code} of {school_id}"
            for code, school_id, owner in reference.school_history_owners(con)
            if owner is None and school_id in registered
        ]
    schema_files = sorted(SCHEMA_DIR.glob("*.sql"))
    missing = [f"schema {f.name}" for f in schema_files if f.name not in applied]
    for folder, schema, _kind in MODEL_LAYERS:
        for sql_file in sorted((MODELS_DIR / folder).glob("*.sql")):
            if schema and f"{schema}.{sql_file.stem}" not in relations:
                missing.append(f"{schema}.{sql_file.stem}")
            elif not schema:
                names = re.findall(r"create or replace macro (\w+)", sql_file.read_text())
                missing += [f"macro {name}" for name in names if name not in functions]
    return missing + history


def upgrade(path: Path | None = None) -> list[str]:
    """Bring a warehouse written by an older version up to date (its data stays as it is);
    return what was missing."""
    missing = outdated_parts(path)
    if missing:
        with writing(path):
            pass
    return missing


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived object from warehouse/models/, layer by layer."""
    from warehouse import linking, places

    for folder, schema, kind in MODEL_LAYERS:
        if schema:
            con.execute(f"create schema if not exists {schema}")
        for sql_file in _in_dependency_order(sorted((MODELS_DIR / folder).glob("*.sql"))):
            _build_model(con, sql_file, schema, kind)
        if folder == "macros":
            # Python steps between the macros they use and the models that read their tables.
            reference.resolve_erasmus_codes(con)
            reference.geocode_places(con)
            reference.locate_partners_by_name(con)
            linking.link_partners(con)
        if folder == "marts":
            places.check_places(con)  # located partners on the map, for the public views


def create_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the SQL macros of warehouse/models/macros/."""
    for sql_file in sorted((MODELS_DIR / "macros").glob("*.sql")):
        _build_model(con, sql_file, None, None)


def _build_model(con, sql_file: Path, schema: str | None, kind: str | None) -> None:
    sql = sql_file.read_text()
    if kind is None:
        con.execute(sql)
        return
    try:
        con.execute(f"create or replace {kind} {schema}.{sql_file.stem} as\n{sql}")
    except duckdb.Error as error:
        raise WarehouseError(f"{sql_file.relative_to(PACKAGE_DIR)}: {error}") from error


def _in_dependency_order(sql_files: list[Path]) -> list[Path]:
    """Models of one folder ordered so that each comes after the models of the folder it reads.

    Views are bound when created, so a model reading `staging.int_x` must be built after it;
    the order is read from the SQL, so file names need not encode it.
    """
    by_name = {sql_file.stem: sql_file for sql_file in sql_files}
    ordered: list[Path] = []

    def visit(sql_file: Path, seen: tuple[str, ...]) -> None:
        if sql_file in ordered:
            return
        if sql_file.stem in seen:
            raise WarehouseError(f"{sql_file.name}: models read each other in a cycle")
        for name in _MODEL_REFERENCE.findall(sql_file.read_text()):
            if name in by_name and name != sql_file.stem:
                visit(by_name[name], (*seen, sql_file.stem))
        ordered.append(sql_file)

    for sql_file in sql_files:
        visit(sql_file, ())
    return ordered


def writer_lock(path: Path):
    """The lock imports hold while they write `path` (a backup or a restore holds it too)."""
    return _exclusive_lock(path)


def wal_path(path: Path) -> Path:
    """DuckDB's write-ahead log beside a warehouse file (present after an unclean close)."""
    return _wal(path)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    _wal(path).unlink(missing_ok=True)


@contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    """One writer at a time per warehouse file; a second import waits for the first."""
    with open(path.with_name(path.name + ".lock"), "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)

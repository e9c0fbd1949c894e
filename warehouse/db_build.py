"""The build side of the warehouse: the atomic swap, migrations and the model build.

DuckDB lets either one process write a file or many processes read it, never both. So a writer
(an import, `mobility demo`) works on a private copy of the file that it renames over the
original when everything succeeded; a failed write leaves the original file untouched. Writers
take a lock beside the file, so that two imports never interleave. On the copy, the schema is
migrated (schema/*.sql, in order), the reference data refreshed and, once the importer is done,
the models rebuilt (models/: macros, staging, intermediate, marts, public views).
`warehouse.db` is the door that callers use; it re-exports this module.
"""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import reference, settings
from warehouse.db_read import set_memory_limit
from warehouse.errors import WarehouseError

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_DIR = PACKAGE_DIR / "schema"
MODELS_DIR = PACKAGE_DIR / "models"

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

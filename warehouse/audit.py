"""The audit trail: who signed in (or failed to), downloaded what, ran which SQL, and when.

One SQLite table beside the warehouse (`mobility-audit.sqlite`, readable by its owner only),
never in the warehouse file, which every import replaces. SQLite because the dashboard's
workers and the command line write to it at the same time (DuckDB lets one process write a
file); in WAL mode without a sync per event, a record costs tens of microseconds, and only
sign-ins, downloads and SQL runs are recorded, never a page view. Nothing in the product
updates or deletes a record. Admins read it with `mobility audit`.

An action that must leave a record does not happen without it: when the trail cannot be
written (disk full, a read-only folder), the download or the sign-in is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from warehouse import settings
from warehouse.errors import WarehouseError

# what: the file, query or statement; detail: its parameters, its row count; outcome: 'ok',
# 'refused' (with why) or 'failed'
_SCHEMA = """
create table if not exists audit_events (
    event_id integer primary key,
    at text not null,            -- UTC, ISO 8601
    user text not null,
    role text,
    address text,                -- the client's address, or 'cli'
    action text not null,        -- sign-in, sign-out, download, sql, users, refused
    what text not null,
    detail text,
    outcome text not null
)
"""
MAX_TEXT = 4000  # a statement or a query string longer than this is cut (and says so)


class AuditError(WarehouseError):
    """The audit trail cannot be written: the action it would record does not happen."""


@dataclass(frozen=True)
class Event:
    at: str
    user: str
    role: str | None
    address: str | None
    action: str
    what: str
    detail: str | None
    outcome: str


def path() -> Path:
    return settings.beside_warehouse("-audit.sqlite")


_connections: dict[tuple[int, Path], sqlite3.Connection] = {}
_lock = threading.Lock()


def _connection(file: Path) -> sqlite3.Connection:
    """One connection per process and file (a forked server worker opens its own)."""
    key = (os.getpid(), file)
    connection = _connections.get(key)
    if connection is None:
        file.parent.mkdir(parents=True, exist_ok=True)
        if not file.exists():
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT, 0o600))
        connection = sqlite3.connect(
            file, timeout=10, check_same_thread=False, isolation_level=None
        )
        connection.execute("pragma journal_mode = wal")
        connection.execute("pragma synchronous = normal")
        connection.execute(_SCHEMA)
        connection.execute("create index if not exists audit_events_at on audit_events (at)")
        _connections[key] = connection
    return connection


def record(
    action: str,
    what: str,
    *,
    user: str,
    role: str | None = None,
    address: str | None = None,
    detail: str | None = None,
    outcome: str = "ok",
) -> None:
    """Append one event; AuditError when it cannot be written."""
    file = path()
    row = (
        dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        user,
        role,
        address,
        action,
        _cut(what),
        _cut(detail),
        outcome,
    )
    try:
        with _lock:
            _connection(file).execute(
                "insert into audit_events (at, user, role, address, action, what, detail, "
                "outcome) values (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
    except (sqlite3.Error, OSError) as error:
        raise AuditError(f"{file}: cannot write the audit trail ({error})") from error
    # the WAL and shared-memory files beside it are created by SQLite with the umask's mode
    for suffix in ("-wal", "-shm"):
        _owner_only(file.with_name(file.name + suffix))


def _owner_only(file: Path) -> None:
    try:
        if file.stat().st_mode & 0o077:
            file.chmod(0o600)
    except OSError:
        pass


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_TEXT:
        return text
    return text[:MAX_TEXT] + f"… ({len(text)} characters)"


def read(
    *,
    since: dt.datetime | None = None,
    user: str | None = None,
    action: str | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Events, oldest first: since a time (UTC), of one user, of one action; the last `limit`."""
    file = path()
    if not file.exists():
        return []
    clauses, params = [], []
    if since is not None:
        clauses.append("at >= ?")
        params.append(since.astimezone(dt.UTC).isoformat(timespec="milliseconds"))
    if user is not None:
        clauses.append("user = ?")
        params.append(user)
    if action is not None:
        clauses.append("action = ?")
        params.append(action)
    where = f"where {' and '.join(clauses)}" if clauses else ""
    sql = (
        f"select at, user, role, address, action, what, detail, outcome from audit_events "
        f"{where} order by event_id desc"
    )
    if limit is not None:
        sql += " limit ?"
        params.append(limit)
    try:
        with _lock:
            rows = _connection(file).execute(sql, params).fetchall()
    except sqlite3.Error as error:
        raise WarehouseError(f"{file}: cannot read the audit trail ({error})") from error
    return [Event(*row) for row in reversed(rows)]

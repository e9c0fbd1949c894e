"""The secret key of participant pseudonyms, and the warehouse it belongs to.

Student numbers are few and guessable: a hash without a secret could be reversed by trying them
all, so pseudonyms are keyed (HMAC-SHA256, importers/spreadsheets/pseudonyms.py). The key is a file
beside the warehouse, never inside it (`mobility sql` cannot read it), readable by its owner
only. A warehouse and its key are a pair: with another key, or a new one, the same student gets
another pseudonym and their mobilities and graduation no longer join. So the warehouse records
the key's id (an HMAC of a fixed text under the key: it tells keys apart, never gives the key),
and an import that pseudonymises checks it:

- the key is there: it must be the one recorded (recorded at its first use);
- the key is missing and the warehouse holds pseudonyms (or has recorded a key): the import
  stops, saying how to restore it; `mobility key init --force` makes a new one knowingly;
- the key is missing and nothing was ever pseudonymised: the import creates it and says so
  (a new key changes no one's pseudonym). A dry run uses a key of its own, saved nowhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import duckdb

from warehouse import settings
from warehouse.errors import WarehouseError

_ID_TEXT = b"mobility pseudonym key id"
_INFO_KEY = "pseudonym_key_id"


def key_id(key: bytes) -> str:
    """What tells one key from another: 16 hex digits, from which the key cannot be found."""
    return hmac.new(key, _ID_TEXT, hashlib.sha256).hexdigest()[:16]


def recorded_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The id of the key the warehouse's pseudonyms were made with; None before any."""
    try:
        row = con.execute("select value from warehouse_info where key = ?", [_INFO_KEY]).fetchone()
    except duckdb.Error:
        return None  # a warehouse without its tables yet
    return row[0] if row else None


def has_pseudonyms(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds keyed pseudonyms ('p-…'; the demo's are 'syn-…')."""
    try:
        return bool(
            con.execute(
                "select exists (select 1 from raw.mobilities where participant_id like 'p-%') "
                "or exists (select 1 from raw.graduates where participant_id like 'p-%')"
            ).fetchone()[0]
        )
    except duckdb.Error:
        return False


def record(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """Record on a writing connection that the warehouse's pseudonyms are made with `key`."""
    con.execute(
        "insert or replace into warehouse_info (key, value) values (?, ?)", [_INFO_KEY, key_id(key)]
    )


def pseudonym_key(con: duckdb.DuckDBPyConnection, *, dry_run: bool = False) -> tuple[bytes, bool]:
    """The warehouse's key, checked against the one it recorded (and recorded when it has none
    yet, unless dry_run); and whether it was created now. Raises WarehouseError when the key is
    missing or foreign."""
    path = settings.key_path()
    recorded = recorded_id(con)
    if path.exists():
        key = read(path)
        if recorded is not None and recorded != key_id(key):
            raise WarehouseError(
                f"{path}: this key is not the one the warehouse's pseudonyms were made with "
                f"(its id is {key_id(key)}, the warehouse's {recorded}): restore the warehouse's "
                "own key (`mobility restore BACKUP` restores both)"
            )
        if recorded is None and not dry_run:
            record(con, key)
        return key, False
    if recorded is not None or has_pseudonyms(con):
        raise WarehouseError(
            f"{path}: the pseudonym key of this warehouse is missing: restore it with the "
            "warehouse (`mobility restore BACKUP`); `mobility key init --force` makes a new one, "
            "and every student then gets another pseudonym"
        )
    if dry_run:
        return secrets.token_bytes(32), False  # nothing is stored: no key to keep
    key = create(path)
    record(con, key)
    return key, True


def read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) < 16:
        raise WarehouseError(f"{path}: not a pseudonym key ({len(key)} bytes, 32 expected)")
    return key


def create(path: Path) -> bytes:
    """A new random key in a new file of mode 0600; never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WarehouseError(f"{path}: a pseudonym key already exists") from None
    with open(descriptor, "wb") as file:
        file.write(key)
    return key


CREATED_NOTE = (
    "created the pseudonym key {path} (mode 0600): keep it with the warehouse, "
    "`mobility backup DEST` copies both"
)

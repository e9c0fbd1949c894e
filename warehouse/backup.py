"""`mobility backup` and `mobility restore`: the warehouse and its pseudonym key, together.

A warehouse restored without its key, or with another one, gives every student another
pseudonym at the next import (warehouse/keys.py). So a backup is a folder holding both, and a
manifest of their SHA-256 and sizes and the key's id; a restore checks every file against the
manifest and the key against the id the warehouse recorded, before it replaces anything.

The copy is taken under the writers' lock, so no import swaps a new file in meanwhile; each
file is read once, hashed as it is copied, and the copy is read again to check it. Files are
readable by their owner only (the folder 0700, the files 0600).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import duckdb

from warehouse import db, keys, settings
from warehouse.errors import WarehouseError

MANIFEST = "manifest.json"
WAREHOUSE = "warehouse.duckdb"
KEY = "warehouse.key"
_FORMAT = 1


@dataclass(frozen=True)
class Copied:
    name: str
    sha256: str
    size: int


def backup(destination: Path) -> list[Copied]:
    """Copy the warehouse and its key into a new folder `destination`, with a manifest; checked
    by reading the copies back."""
    source, key_path = settings.db_path(), settings.key_path()
    if not source.exists():
        raise WarehouseError(f"{source}: no warehouse here to back up")
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise WarehouseError(f"{destination}: already exists; back up into a new folder")
    with db.writer_lock(source):
        if db.wal_path(source).exists():
            raise WarehouseError(
                f"{source}: the warehouse has unwritten changes of an interrupted write "
                f"({db.wal_path(source).name}): run any import or `mobility status` first"
            )
        with duckdb.connect(str(source), read_only=True) as con:
            recorded, pseudonymised = keys.recorded_id(con), keys.has_pseudonyms(con)
        key = keys.read(key_path) if key_path.exists() else None
        if key is None and (recorded or pseudonymised):
            raise WarehouseError(
                f"{key_path}: the pseudonym key of this warehouse is missing: a backup without "
                "it cannot give the same pseudonyms again"
            )
        if key is not None and recorded is not None and keys.key_id(key) != recorded:
            raise WarehouseError(
                f"{key_path}: this key is not the one the warehouse's pseudonyms were made with"
            )
        destination.mkdir(mode=0o700, parents=True, exist_ok=True)
        destination.chmod(0o700)
        copied = [_copy(source, destination / WAREHOUSE)]
        if key is not None:
            copied.append(_copy(key_path, destination / KEY))
    for item in copied:
        _check(destination, item)
    manifest = {
        "format": _FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "mobility_version": _version(),
        "source": str(source.resolve()),
        "key_id": keys.key_id(key) if key is not None else None,
        "files": {item.name: {"sha256": item.sha256, "bytes": item.size} for item in copied},
    }
    with _private(destination / MANIFEST) as file:
        file.write(json.dumps(manifest, indent=2).encode() + b"\n")
    return copied


def restore(origin: Path, *, force: bool = False) -> list[Copied]:
    """Put a backup's warehouse and key in place of the current ones, after checking both."""
    target, key_target = settings.db_path(), settings.key_path()
    manifest = _manifest(origin)
    files = manifest["files"]
    if WAREHOUSE not in files:
        raise WarehouseError(f"{origin / MANIFEST}: names no {WAREHOUSE}")
    expected = [Copied(name, entry["sha256"], entry["bytes"]) for name, entry in files.items()]
    for item in expected:
        _check(origin, item)
    key = keys.read(origin / KEY) if KEY in files else None
    with duckdb.connect(str(origin / WAREHOUSE), read_only=True) as con:
        recorded, pseudonymised = keys.recorded_id(con), keys.has_pseudonyms(con)
    if key is None and (recorded or pseudonymised):
        raise WarehouseError(f"{origin}: the backup holds pseudonyms but not their key")
    if key is not None:
        ids = {keys.key_id(key), manifest.get("key_id"), recorded} - {None}
        if len(ids) > 1:
            raise WarehouseError(
                f"{origin / KEY}: the key does not belong to the backup's warehouse (key id "
                f"{keys.key_id(key)}, the warehouse's {recorded}, the manifest's "
                f"{manifest.get('key_id')})"
            )
    if (target.exists() or key_target.exists()) and not force:
        raise WarehouseError(
            f"{target}: a warehouse (or its key) is already here; --force replaces both"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with db.writer_lock(target):
        staged = [(origin / WAREHOUSE, target)]
        if key is not None:
            staged.append((origin / KEY, key_target))
        temporary = []
        for source, final in staged:
            temp = final.with_name(f".{final.name}.{os.getpid()}.restoring")
            temp.unlink(missing_ok=True)  # left by an interrupted restore of the same process id
            item = _copy(source, temp)
            _check(temp.parent, item)
            if item.sha256 != files[source.name]["sha256"]:
                raise WarehouseError(f"{source}: changed while it was restored")
            temporary.append((temp, final))
        # the warehouse first: a key left behind by an interruption is told apart by its id
        for temp, final in temporary:
            os.replace(temp, final)
        db.wal_path(target).unlink(missing_ok=True)
        if key is None:
            key_target.unlink(missing_ok=True)
    return expected


def _copy(source: Path, target: Path) -> Copied:
    """Copy a file into a new file of mode 0600, hashing the bytes as they are copied."""
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as into, _private(target) as out:
        for block in iter(lambda: into.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            out.write(block)
    return Copied(target.name, digest.hexdigest(), size)


def _check(folder: Path, item: Copied) -> None:
    """Read a file back: it must have the size and SHA-256 recorded."""
    path = folder / item.name
    if not path.is_file():
        raise WarehouseError(f"{path}: missing from the backup")
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    if path.stat().st_size != item.size or digest.hexdigest() != item.sha256:
        raise WarehouseError(
            f"{path}: its SHA-256 differs from the manifest's: the backup is damaged or altered"
        )


def _private(path: Path):
    """A new file of mode 0600 (never an existing one: no device's mode is changed)."""
    return open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _manifest(origin: Path) -> dict:
    path = origin / MANIFEST
    if not path.is_file():
        raise WarehouseError(f"{origin}: not a backup of `mobility backup` (no {MANIFEST})")
    try:
        manifest = json.loads(path.read_text("utf-8"))
        files = manifest["files"]
        for name, entry in files.items():
            if name not in {WAREHOUSE, KEY} or not isinstance(entry["bytes"], int):
                raise ValueError(name)
            str(entry["sha256"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise WarehouseError(f"{path}: not a manifest of `mobility backup`") from None
    if manifest.get("format") != _FORMAT:
        raise WarehouseError(f"{path}: backup format {manifest.get('format')!r} not known")
    return manifest


def _version() -> str:
    try:
        return metadata.version("mobility")
    except metadata.PackageNotFoundError:
        return "unknown"

"""The dashboard's users: name, role, schools, and a password hash for local accounts.

Kept in a small JSON file beside the warehouse (`mobility-users.json`, readable by its owner
only), never in the warehouse: an import swaps the warehouse file for a new one and the
dashboard opens it read-only, so a user added there would vanish at the next import and could
not be added while the dashboard runs. A JSON file is written whole and renamed over the old
one (readers see the old list or the new, never half), needs no server, and the dashboard
re-reads it only when it changed. Passwords are hashed with argon2id (argon2-cffi); the file
holds no password.

Users signing in through SSO (the proxy's header, OIDC) are listed too, without a password:
the list says who may come in, with which role and schools.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from warehouse import settings
from warehouse.access import ROLES, Scope
from warehouse.errors import WarehouseError

MIN_PASSWORD_LENGTH = 12
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@+-]{0,127}$")
_hasher = PasswordHasher()  # argon2id, the library's current parameters
# verified when a name is unknown, so that an unknown name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    schools: tuple[str, ...]
    password_hash: str | None  # None: signs in through SSO only
    changed_at: str  # a session opened before this is over (password, role or schools changed)

    @property
    def scope(self) -> Scope:
        return Scope(self.name, self.role, () if self.role == "admin" else self.schools)


def path() -> Path:
    return settings.beside_warehouse("-users.json")


def normalise(name: str) -> str:
    """The form a user name is stored and compared in: SSO systems differ in case."""
    return name.strip().lower()


_cache: dict[Path, tuple[tuple[int, int, int], dict[str, User]]] = {}
_cache_lock = threading.Lock()


def load() -> dict[str, User]:
    """Every user by name; read again only when the file changed (a sign-in or a request
    checks it, the file is rewritten by `mobility users`)."""
    file = path()
    try:
        stat = file.stat()
    except FileNotFoundError:
        return {}
    version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(file)
        if cached and cached[0] == version:
            return cached[1]
    users = _read(file)
    with _cache_lock:
        _cache[file] = (version, users)
    return users


def _read(file: Path) -> dict[str, User]:
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        return {
            name: User(
                name=name,
                role=entry["role"],
                schools=tuple(entry.get("schools", ())),
                password_hash=entry.get("password_hash"),
                changed_at=entry["changed_at"],
            )
            for name, entry in raw["users"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise WarehouseError(f"{file}: not a users file of mobility ({error})") from None


def find(name: str) -> User | None:
    return load().get(normalise(name))


def verify(name: str, password: str) -> User | None:
    """The user if `password` is theirs; None otherwise, in about the same time whether the
    name exists or not (no telling which names exist)."""
    user = find(name)
    hashed = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user if user and user.password_hash else None


def check(name: str, role: str, schools: list[str], *, replace: bool = False) -> str:
    """The stored form of `name` if such a user can be added; WarehouseError saying why not."""
    name = normalise(name)
    if not _NAME.match(name):
        raise WarehouseError(
            f"{name!r}: a user name is letters, digits and . _ @ + - (at most 128 characters)"
        )
    if role not in ROLES:
        raise WarehouseError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if role == "officer" and not schools:
        raise WarehouseError("an officer sees the data of their schools: give --school")
    if role == "admin" and schools:
        raise WarehouseError("an admin sees every school: --school does not apply")
    if name in load() and not replace:
        raise WarehouseError(f"user {name!r} exists; `mobility users add … --replace` changes it")
    return name


def add(
    name: str, role: str, schools: list[str], password: str | None, *, replace: bool = False
) -> User:
    """Add (or with `replace`, change) a user; `schools` are school ids; `password` None for a
    user who signs in through SSO only."""
    name = check(name, role, schools, replace=replace)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise WarehouseError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        name=name,
        role=role,
        schools=tuple(dict.fromkeys(schools)),
        password_hash=_hasher.hash(password) if password is not None else None,
        changed_at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
    )
    with _editing() as users:
        if name in users and not replace:
            raise WarehouseError(
                f"user {name!r} exists; `mobility users add … --replace` changes it"
            )
        users[name] = user
    return user


def remove(name: str) -> User:
    name = normalise(name)
    with _editing() as users:
        if name not in users:
            raise WarehouseError(f"no user {name!r}; `mobility users` lists them")
        return users.pop(name)


@contextmanager
def _editing() -> Iterator[dict[str, User]]:
    """The users, to change; written whole and renamed over the file, mode 0600, under a lock
    (two admins adding users at once both keep their user)."""
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    lock = file.with_name(f".{file.name}.lock")
    with open(lock, "a") as handle:
        os.chmod(lock, 0o600)
        fcntl.flock(handle, fcntl.LOCK_EX)
        users = _read(file) if file.exists() else {}
        yield users
        work = file.with_name(f".{file.name}.{os.getpid()}.writing")
        payload = {
            "version": 1,
            "users": {
                name: {key: value for key, value in asdict(user).items() if key != "name"}
                for name, user in sorted(users.items())
            },
        }
        descriptor = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(payload, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.replace(work, file)

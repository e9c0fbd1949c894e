"""Where the warehouse lives. The one place configuration is read, at call time."""

import os
from pathlib import Path

DEFAULT_DB = "mobility.duckdb"


def db_path() -> Path:
    """The warehouse file: $MOBILITY_DB (set by `mobility --db`), else ./mobility.duckdb."""
    return Path(os.environ.get("MOBILITY_DB") or DEFAULT_DB).expanduser()


def rejects_dir() -> Path:
    """Folder of reject reports (CSV), next to the warehouse file."""
    db = db_path()
    return db.parent / f"{db.stem}-rejects"


def config_path() -> Path:
    """The configuration file (sign-in, roles): $MOBILITY_CONFIG, else mobility.toml beside the
    warehouse. Its absence means no sign-in: the dashboard serves loopback only."""
    configured = os.environ.get("MOBILITY_CONFIG")
    return Path(configured).expanduser() if configured else db_path().parent / "mobility.toml"


def beside_warehouse(suffix: str) -> Path:
    """A file kept next to the warehouse, never inside it: an import swaps the warehouse file
    and the dashboard opens it read-only. `-users.json` gives ./mobility-users.json."""
    db = db_path()
    return db.parent / f"{db.stem}{suffix}"


def key_path() -> Path:
    """The pseudonym key, beside the warehouse file (never inside it)."""
    return db_path().with_suffix(".key")


# A limit is raised by its environment variable; the error that reaches it names it.
DEFAULT_MEMORY_LIMIT = "4GB"


def memory_limit() -> str:
    """DuckDB's memory budget for imports and `mobility sql`: $MOBILITY_MEMORY_LIMIT, else 4GB."""
    return os.environ.get("MOBILITY_MEMORY_LIMIT") or DEFAULT_MEMORY_LIMIT


def import_limit(name: str, default: int) -> int:
    """An import limit: $MOBILITY_MAX_<NAME> when it is a whole number, else `default`."""
    value = os.environ.get(f"MOBILITY_MAX_{name.upper()}", "").replace("_", "").strip()
    return int(value) if value.isdigit() else default

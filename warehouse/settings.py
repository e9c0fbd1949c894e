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

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

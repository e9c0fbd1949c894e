"""The one door to DuckDB: read-only connections for readers, an atomic swap for writers.

DuckDB lets either one process write a file or many processes read it, never both. So readers
(the dashboard, analysts' notebooks) open short-lived read-only connections, and a writer
(an import, `mobility demo`) works on a private copy of the file that it renames over the
original when everything succeeded. A reader therefore sees the old warehouse or the new one,
never half of an import; a failed write leaves the original file untouched.

Two rooms behind the door: db_read.py (connections, cursors per warehouse version, named queries
and their cache, queries side by side) and db_build.py (the swap, migrations, the model build).
"""

from warehouse.db_build import (
    MODEL_LAYERS,
    MODELS_DIR,
    PACKAGE_DIR,
    SCHEMA_DIR,
    build,
    create_macros,
    leftovers,
    migrate,
    outdated_parts,
    rehearsal,
    scratch,
    upgrade,
    wal_path,
    writer_lock,
    writing,
)
from warehouse.db_read import (
    QUERIES_DIR,
    QueryError,
    _results,  # noqa: F401 (tests clear it to run queries again)
    connect,
    query,
    reader,
    set_memory_limit,
    sql_string,
    together,
)

__all__ = [
    "MODEL_LAYERS",
    "MODELS_DIR",
    "PACKAGE_DIR",
    "QUERIES_DIR",
    "QueryError",
    "SCHEMA_DIR",
    "build",
    "connect",
    "create_macros",
    "leftovers",
    "migrate",
    "outdated_parts",
    "query",
    "reader",
    "rehearsal",
    "scratch",
    "set_memory_limit",
    "sql_string",
    "together",
    "upgrade",
    "wal_path",
    "writer_lock",
    "writing",
]

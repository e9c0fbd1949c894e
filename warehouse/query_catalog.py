"""What the named queries read, from their SQL: the public views and tables, and the marts
they read themselves or through the table macros of warehouse/models/query_macros/.

The dashboard's queries read the public views (warehouse/models/public/ and the base tables of
warehouse/schema/), and a few marts, pre-counted, that are part of the same contract: their
columns are kept as the public views' are. docs/queries.md lists those marts and who reads them
(`python -m cogapp -r docs/queries.md` after a change; a test checks that it is current).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
QUERIES_DIR = PACKAGE_DIR.parent / "queries"
QUERY_MACROS_DIR = PACKAGE_DIR / "models" / "query_macros"
PUBLIC_DIR = PACKAGE_DIR / "models" / "public"
SCHEMA_DIR = PACKAGE_DIR / "schema"

_COMMENT = re.compile(r"--[^\n]*")
_MACRO = re.compile(r"create or replace macro (\w+)\(")
# `x is distinct from y` compares, it reads nothing
_READ = re.compile(r"(?<!distinct )\b(?:from|join)\s+([a-z_][\w.]*)(\s*\()?", re.IGNORECASE)
_CTE = re.compile(r"\b(\w+)\s+as\s+(?:not\s+)?(?:materialized\s+)?\(", re.IGNORECASE)
_TABLE = re.compile(r"create table (?:if not exists )?(\w+)", re.IGNORECASE)


def _code(sql: str) -> str:
    return _COMMENT.sub("", sql)


@cache
def query_macros() -> dict[str, str]:
    """The SQL of every macro of warehouse/models/query_macros/, by name, comments left out."""
    macros = {}
    for path in sorted(QUERY_MACROS_DIR.glob("*.sql")):
        code = _code(path.read_text())
        starts = list(_MACRO.finditer(code))
        for start, end in zip(starts, [*starts[1:], None], strict=True):
            macros[start.group(1)] = code[start.end() : end.start() if end else None]
    return macros


def _reads(sql: str, seen: frozenset[str] = frozenset()) -> set[str]:
    code = _code(sql)
    # a CTE named as a public view (`graduates as (select … from graduates)`) reads the view
    ctes = {name.lower() for name in _CTE.findall(code)} - public_views() - base_tables()
    read = set()
    for name, call in _READ.findall(code):
        name = name.lower()
        if call and name in query_macros() and name not in seen:
            read |= _reads(query_macros()[name], seen | {name})
        elif not call and name not in ctes:
            read.add(name)
    # a macro called inside an expression (passes_filters, is_active_in) reads no table
    return read


def relations_read(name: str) -> set[str]:
    """The views and tables queries/<name>.sql reads, through the macros it calls: `marts.x`
    for a mart, a bare name for a public view or a base table."""
    return _reads((QUERIES_DIR / f"{name}.sql").read_text())


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


@cache
def public_views() -> frozenset[str]:
    """The views of warehouse/models/public/."""
    return frozenset(path.stem for path in PUBLIC_DIR.glob("*.sql"))


@cache
def base_tables() -> frozenset[str]:
    """The tables of warehouse/schema/: reference data, imports and their rows."""
    return frozenset(
        name.lower()
        for path in SCHEMA_DIR.glob("*.sql")
        for name in _TABLE.findall(_code(path.read_text()))
    )


def marts_read() -> dict[str, list[str]]:
    """Every mart a named query reads, and the queries that read it."""
    readers: dict[str, list[str]] = {}
    for name in query_names():
        for relation in relations_read(name):
            if relation.startswith("marts."):
                readers.setdefault(relation, []).append(name)
    return dict(sorted(readers.items()))


def marts_table() -> str:
    """docs/queries.md's table: each mart the named queries read, and which queries."""
    lines = ["| mart | read by |", "| --- | --- |"]
    for mart, names in marts_read().items():
        lines.append(f"| `{mart}` | {', '.join(f'`{name}`' for name in names)} |")
    return "\n".join(lines) + "\n"

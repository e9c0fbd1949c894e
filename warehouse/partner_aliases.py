"""Declared aliases: other spellings of a partner's name (renamings, translations, acronyms)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from warehouse import geography
from warehouse.errors import ImportFileError, WarehouseError
from warehouse.importers._files import check_input
from warehouse.text import clean


def add_alias(
    con: duckdb.DuckDBPyConnection,
    alias: str,
    canonical_name: str,
    country: str | None = None,
    note: str | None = None,
) -> None:
    """Declare that `alias` names the partner `canonical_name` (in `country`, or anywhere)."""
    alias, canonical_name = clean(alias), clean(canonical_name)
    if not alias or not canonical_name:
        raise WarehouseError("an alias needs both names")
    country_iso2 = None
    if country:
        match = geography.resolve_country(country)
        if match is None or match.method == "fuzzy":
            raise WarehouseError(f"unknown country {country!r}")
        country_iso2 = match.country.iso2
    con.execute(
        """
        delete from partner_aliases
        where source = 'user' and name_key(alias) = name_key(?)
          and country_iso2 is not distinct from ?
        """,
        [alias, country_iso2],
    )
    con.execute(
        "insert into partner_aliases values (?, ?, ?, ?, 'user')",
        [alias, canonical_name, country_iso2, note],
    )


def import_aliases(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Declare every alias of a CSV file (alias, canonical_name[, country_iso2, note])."""
    check_input(path)  # a FIFO would wait forever, a device never end
    try:
        return _import_aliases(con, path)
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportFileError(path, f"unreadable CSV ({error})") from None


def _import_aliases(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        missing = {"alias", "canonical_name"} - set(reader.fieldnames or [])
        if missing:
            raise ImportFileError(path, f"missing column(s) {', '.join(sorted(missing))}", line=1)
        count = 0
        for line_number, row in enumerate(reader, start=2):
            try:
                add_alias(
                    con, row["alias"] or "", row["canonical_name"] or "",
                    row.get("country_iso2"), row.get("note"),
                )  # fmt: skip
            except WarehouseError as error:
                raise ImportFileError(path, str(error), line=line_number) from error
            count += 1
    return count

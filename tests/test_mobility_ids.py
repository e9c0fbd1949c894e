"""Mobility ids are derived from what a row says, so that a bookmarked mobility page survives the
same data imported again, from a new export of it (other bytes, other order, other name)."""

from __future__ import annotations

import duckdb
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA

CLEAN = DATA / "imports" / "spreadsheets" / "mobilities" / "clean.csv"


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def ids_by_participant(path) -> dict[str, list[str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select participant_id, mobility_id from mobilities order by all"
        ).fetchall()
    found: dict[str, list[str]] = {}
    for participant, mobility in rows:
        found.setdefault(participant, []).append(mobility)
    return found


def test_a_new_export_of_the_same_rows_keeps_every_mobility_id(isolated_warehouse, tmp_path):
    run("import", "mobilities", CLEAN, "--school", "IMT Mines Albi")
    first = ids_by_participant(isolated_warehouse)
    (import_id,) = (
        duckdb.connect(str(isolated_warehouse), read_only=True)
        .execute("select max(import_id) from imports")
        .fetchone()
    )
    run("imports", "remove", import_id)
    # the same rows, exported again: lines in another order, a new file name, other bytes
    header, *lines = CLEAN.read_text(encoding="utf-8").splitlines()
    export = tmp_path / "export-2025-03.csv"
    export.write_text("\n".join([header, *reversed(lines)]) + "\r\n", encoding="utf-8")
    run("import", "mobilities", export, "--school", "IMT Mines Albi")
    assert ids_by_participant(isolated_warehouse) == first
    assert sum(len(ids) for ids in first.values()) >= 4


def test_identical_rows_get_distinct_ids_that_stay_when_imported_again(
    isolated_warehouse, tmp_path
):
    header, first_row, *_ = CLEAN.read_text(encoding="utf-8").splitlines()
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([header, first_row, first_row]) + "\n", encoding="utf-8")
    run("import", "mobilities", twice, "--school", "IMT Mines Albi")
    ids = [
        mobility for found in ids_by_participant(isolated_warehouse).values() for mobility in found
    ]
    assert len(ids) == 2 and len(set(ids)) == 2
    again = tmp_path / "again.csv"
    again.write_text("\n".join([header, first_row, first_row]) + "\n\n", encoding="utf-8")
    with duckdb.connect(str(isolated_warehouse), read_only=True) as con:
        (import_id,) = con.execute("select max(import_id) from imports").fetchone()
    run("imports", "remove", import_id)
    run("import", "mobilities", again, "--school", "IMT Mines Albi")
    assert sorted(
        mobility for found in ids_by_participant(isolated_warehouse).values() for mobility in found
    ) == sorted(ids)

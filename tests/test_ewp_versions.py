"""EWP agreements in the warehouse: a file whose iia-hash does not match its content is refused
unless the mismatch is accepted."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA, SHARED

FIXTURES = DATA / "imports" / "ewp"
ALBI = ["--school", "IMT Mines Albi", "--hei-id", "mines-albi.fr"]


def run(*args) -> str:
    if not (SHARED / "data" / "ewp-iias-v7").exists():
        pytest.skip("../shared/data/ewp-iias-v7 is absent: EWP files are validated against it")
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def sql(path: Path, text: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(text).fetchall()


def quotas(path: Path) -> list[tuple]:
    """The public view's quotas: partner, direction, type, mobilities a year, source file."""
    return sql(
        path,
        """
        select p.name, q.direction, q.mobility_type, q.mobilities_per_year, q.source_file
        from agreement_quotas q join partners p using (partner_id)
        order by all
        """,
    )


@pytest.mark.shared_data
def test_a_hash_mismatch_refuses_the_file_in_one_line_and_changes_nothing(
    isolated_warehouse: Path,
):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    before = isolated_warehouse.read_bytes()
    path = FIXTURES / "iia_0042_hash_mismatch.xml"
    result = CliRunner().invoke(cli, ["import", "agreements", str(path), *ALBI])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"error: {path}, line 50: the iia-hash of the IIA 'albi-0042' (mines-albi.fr, unibo.it) "
        "does not match its content: "
    )
    assert isolated_warehouse.read_bytes() == before


@pytest.mark.shared_data
def test_an_accepted_hash_mismatch_is_imported_said_and_kept_in_the_imports_table(
    isolated_warehouse: Path,
):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    path = FIXTURES / "iia_0042_hash_mismatch.xml"
    out = run("import", "agreements", path, *ALBI, "--accept-hash-mismatch")
    assert (
        "  note: line 7: IIA 'albi-0042' (mines-albi.fr, unibo.it) imported although its "
        "iia-hash does not match its content (--accept-hash-mismatch)\n"
    ) in out
    assert sql(
        isolated_warehouse, "select import_id, file_name, iia_hash_mismatches from imports"
    ) == [(1, "iias_2024.xml", 0), (2, "iia_0042_hash_mismatch.xml", 1)]
    assert sql(
        isolated_warehouse, "select import_id, iia_hash_matches from raw.agreements order by all"
    ) == [(1, True), (1, True), (2, False)]
    assert ("unibo.it", "outgoing", "student_studies", 6.0, "iia_0042_hash_mismatch.xml") in (
        quotas(isolated_warehouse)
    )


def test_accepting_a_hash_mismatch_is_refused_for_a_file_without_hashes(isolated_warehouse):
    path = DATA / "imports" / "spreadsheets" / "partners" / "clean.csv"
    result = CliRunner().invoke(
        cli, ["import", "agreements", str(path), *ALBI[:2], "--accept-hash-mismatch"]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {path}: --accept-hash-mismatch is for EWP XML files, not this one\n"
    )

"""EWP agreements in the warehouse: an IIA imported again replaces its conditions, and a file
whose iia-hash does not match its content is refused unless the mismatch is accepted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from warehouse import query
from warehouse.cli import cli

from .conftest import DATA, SHARED, sql

FIXTURES = DATA / "imports" / "ewp"
ALBI = ["--school", "IMT Mines Albi", "--hei-id", "mines-albi.fr"]


def run(*args) -> str:
    if not (SHARED / "data" / "ewp-iias-v7").exists():
        pytest.skip("../shared/data/ewp-iias-v7 is absent: EWP files are validated against it")
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


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


UPM = [
    ("upm.es", "incoming", "staff_training", 1.0, "iias_2024.xml"),
    ("upm.es", "incoming", "student_studies", 2.0, "iias_2024.xml"),
    ("upm.es", "outgoing", "student_studies", 2.0, "iias_2024.xml"),
]


@pytest.mark.shared_data
def test_an_iia_downloaded_again_replaces_its_conditions_instead_of_adding_to_them(
    isolated_warehouse: Path,
):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    assert len(quotas(isolated_warehouse)) == 5
    before = isolated_warehouse.read_bytes()
    out = run("import", "agreements", FIXTURES / "iia_0042_edited.xml", *ALBI, "--dry-run")
    assert (
        "  would replace the IIA albi-0042 with unibo.it (line 8) of import #1 (iias_2024.xml): "
        "its earlier conditions would no longer count\n"
    ) in out
    assert isolated_warehouse.read_bytes() == before
    out = run("import", "agreements", FIXTURES / "iia_0042_edited.xml", *ALBI)
    assert (
        "  replaces the IIA albi-0042 with unibo.it (line 8) of import #1 (iias_2024.xml): "
        "its earlier conditions no longer count\n"
    ) in out
    # 5 quotas, not 7: the edited studies quota (4, not 3) and the staff quota once (2, not 4)
    assert quotas(isolated_warehouse) == [
        ("unibo.it", "outgoing", "staff_teaching", 2.0, "iia_0042_edited.xml"),
        ("unibo.it", "outgoing", "student_studies", 4.0, "iia_0042_edited.xml"),
        *UPM,
    ]
    assert sql(
        isolated_warehouse,
        "select p.name, a.source_file from agreements a join partners p using (partner_id) "
        "order by all",
    ) == [("unibo.it", "iia_0042_edited.xml"), ("upm.es", "iias_2024.xml")]
    # what each file said stays in the raw tables, with which import replaced which
    assert sql(isolated_warehouse, "select count(*) from raw.agreement_quotas") == [(7,)]
    assert sql(
        isolated_warehouse,
        "select import_id, line_number, partner_hei_id, replaced_by_import_id "
        "from staging.stg_iia_versions order by all",
    ) == [(1, 8, "unibo.it", 2), (1, 53, "upm.es", None), (2, 7, "unibo.it", None)]


@pytest.mark.shared_data
def test_the_partner_pages_quota_query_counts_the_latest_version_only(isolated_warehouse: Path):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    run("import", "agreements", FIXTURES / "iia_0042_edited.xml", *ALBI)
    [(unibo,)] = sql(isolated_warehouse, "select partner_id from partners where name = 'unibo.it'")
    rows = query("partner_quotas", partner_id=unibo, schools=[])
    assert rows.select("mobility_type", "mobilities_per_year", "source_file").rows() == [
        ("staff_teaching", 2.0, "iia_0042_edited.xml"),
        ("student_studies", 4.0, "iia_0042_edited.xml"),
    ]


@pytest.mark.shared_data
def test_the_partners_own_copy_of_the_iia_replaces_the_schools(isolated_warehouse: Path):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    out = run("import", "agreements", FIXTURES / "iia_0042_from_unibo.xml", *ALBI)
    assert "replaces the IIA albi-0042 with unibo.it (line 8) of import #1" in out
    assert quotas(isolated_warehouse)[:2] == [
        ("unibo.it", "outgoing", "staff_teaching", 1.0, "iia_0042_from_unibo.xml"),
        ("unibo.it", "outgoing", "student_studies", 3.0, "iia_0042_from_unibo.xml"),
    ]


@pytest.mark.shared_data
def test_when_the_later_import_is_replaced_the_earlier_version_counts_again(
    isolated_warehouse: Path, tmp_path: Path
):
    run("import", "agreements", FIXTURES / "iias_2024.xml", *ALBI)
    run("import", "agreements", FIXTURES / "iia_0042_edited.xml", *ALBI)
    # A file of the same name without that IIA replaces import #2 and its rows.
    other = tmp_path / "other" / "iia_0042_edited.xml"
    other.parent.mkdir()
    shutil.copy(FIXTURES / "no_conditions.xml", other)
    run("import", "agreements", other, *ALBI, "--replace")  # it keeps none of #2's quotas
    assert [q for q in quotas(isolated_warehouse) if q[0] == "unibo.it"] == [
        ("unibo.it", "outgoing", "staff_teaching", 2.0, "iias_2024.xml"),
        ("unibo.it", "outgoing", "student_studies", 3.0, "iias_2024.xml"),
    ]


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
    assert "replaces the IIA albi-0042 with unibo.it (line 8) of import #1" in out
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

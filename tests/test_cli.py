"""The `mobility` command end to end, on a warehouse file in tmp_path."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA, seed, sql

FIXTURES = DATA / "imports" / "agreements"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_schools_lists_the_imt_schools_on_a_new_warehouse(isolated_warehouse):
    code, out, _ = run("schools")
    assert code == 0
    for name in ("IMT Mines Albi", "IMT Mines Alès", "IMT Nord Europe", "Télécom SudParis"):
        assert name in out
    assert "F DOUAI02" in out and "F EVRY01" in out
    rows = sql(
        isolated_warehouse,
        "select name, erasmus_code, city, round(latitude, 1), round(longitude, 1) from schools "
        "where erasmus_code in ('F ALBI05', 'F ALES02', 'F LILLE91') order by name",
    )
    assert rows == [
        ("IMT Mines Albi", "F ALBI05", "Albi", 43.9, 2.1),
        ("IMT Mines Alès", "F ALES02", "Alès", 44.1, 4.1),
        ("IMT Nord Europe", "F LILLE91", "Villeneuve d'Ascq", 50.6, 3.2),
    ]


def test_schools_add_registers_a_school_abroad_with_its_city_located(isolated_warehouse):
    code, out, _ = run(
        "schools", "add", "Universidad de Cádiz", "--erasmus-code", "E  CADIZ01",
        "--city", "Cádiz", "--country", "Espagne",
    )  # fmt: skip
    assert code == 0, out
    rows = sql(
        isolated_warehouse,
        "select erasmus_code, country_iso2, round(latitude), round(longitude) from schools "
        "where name = 'Universidad de Cádiz'",
    )
    assert rows == [("E CADIZ01", "ES", 37.0, -6.0)]


def test_school_option_accepts_name_short_name_or_any_erasmus_code(isolated_warehouse):
    for school in ("IMT Nord Europe", "imt nord europe", "IMT NE", "F LILLE91", "F  DOUAI02"):
        code, out, _ = run(
            "import", "agreements", FIXTURES / "partner_list.md", "--school", school, "--dry-run"
        )
        assert code == 0, (school, out)
        assert "for IMT Nord Europe" in out


def test_import_reports_rows_read_accepted_rejected_and_the_reject_report(isolated_warehouse):
    code, out, _ = run(
        "import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi"
    )
    assert code == 0
    assert "agreements: 11 listed, 9 after merging 2 duplicates" in out
    assert "partners: 7 in 6 countries" in out
    last_line = out.strip().splitlines()[-1]
    report = isolated_warehouse.parent / "warehouse-rejects" / "import-1-partner_list-rejected.csv"
    assert last_line == (
        f"partner_list.tsv: 13 rows read, 10 accepted, 3 rejected; reject report: {report}"
    )
    assert report.read_text().count("\n") == 4  # header + 3 rejected rows
    assert sql(
        isolated_warehouse,
        "select rows_read, rows_accepted, rows_rejected, (select count(*) from rejected_rows) "
        "from imports",
    ) == [(13, 10, 3, 3)]


def test_imported_partner_list_lands_in_the_public_views(isolated_warehouse):
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "Mines Albi")
    assert sql(
        isolated_warehouse,
        """
        select count(*), count(*) filter (where signatory_level = 'group'),
               count(distinct p.country_iso2), count(distinct partner_id)
        from agreements join partners p using (partner_id)
        """,
    ) == [(9, 4, 6, 7)]
    names = sql(isolated_warehouse, "select name from partners order by name")
    assert [n for (n,) in names] == [
        "Haute Ecole spécialisée de Suisse occidentale / HES-SO Valais-Wallis",
        "INDIAN INSTITUTE OF TECHNOLOGY - BOMBAY",
        "INDIAN INSTITUTE OF TECHNOLOGY - DELHI",
        "Lappeenranta-Lahti University of Technology",
        "National Technical University of Athens",
        "UNIVERSITY COLLEGE DUBLIN",
        "Universidad Nacional de Colombia",
    ]
    spellings = sql(
        isolated_warehouse,
        "select spelling, matched_by from partner_names where matched_by <> 'as written' "
        "order by spelling",
    )
    assert spellings == [
        ("Lappeenranta University of Technology LUT", "declared alias"),
        ("National Technical University of Athens NTUA", "name followed by its acronym"),
    ]


def test_importing_the_same_file_twice_changes_nothing(isolated_warehouse):
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi")
    before = sha256(isolated_warehouse)
    code, out, _ = run(
        "import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi"
    )
    assert code == 0
    assert "already imported for IMT Mines Albi (import #1" in out
    assert sha256(isolated_warehouse) == before


def test_an_updated_file_replaces_the_earlier_import_of_the_same_name(isolated_warehouse, tmp_path):
    updated = tmp_path / "partner_list.tsv"
    lines = (FIXTURES / "partner_list.tsv").read_text().splitlines()
    updated.write_text("\n".join(line for line in lines if "DELHI" not in line) + "\n")
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi")
    code, out, _ = run("import", "agreements", updated, "--school", "IMT Mines Albi")
    assert code == 0
    assert "replaces import #1" in out
    assert sql(isolated_warehouse, "select count(*) from agreements") == [(8,)]
    assert sql(isolated_warehouse, "select import_id, superseded_by from imports order by 1") == [
        (1, 2),
        (2, None),
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "the file is empty"),
        ("image.png", "binary file (a PNG image), not a text list"),
        ("random_bytes.bin", "binary file (it holds NUL bytes), not a text list"),
        ("other_columns.csv", "line 1: missing column(s) partner_name"),
    ],
)
def test_bad_files_exit_non_zero_with_one_line_and_leave_the_warehouse_as_it_was(
    isolated_warehouse, name, problem
):
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi")
    before = sha256(isolated_warehouse)
    path = DATA / "imports" / "bad" / name
    code, out, err = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {path}") and problem in err
    assert sha256(isolated_warehouse) == before


def test_an_unknown_school_exits_non_zero_listing_the_registered_ones(isolated_warehouse):
    code, _, err = run(
        "import", "agreements", FIXTURES / "partner_list.tsv", "--school", "Sorbonne"
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "unknown school 'Sorbonne'; registered: " in err and "IMT Mines Albi" in err
    assert not isolated_warehouse.exists()


def test_aliases_declared_by_users_merge_partners(isolated_warehouse, tmp_path):
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "alias,canonical_name,country_iso2,note\n"
        "INDIAN INSTITUTE OF TECHNOLOGY - DELHI,IIT Delhi,IN,official short name\n"
    )
    code, out, _ = run("aliases", "import", aliases)
    assert code == 0 and "1 aliases declared" in out
    assert sql(
        isolated_warehouse, "select name from partners where country_iso2 = 'IN' order by name"
    ) == [("IIT Delhi",), ("INDIAN INSTITUTE OF TECHNOLOGY - BOMBAY",)]
    code, out, _ = run("aliases")
    assert "IIT Delhi" in out and "renamed in 2019" in out


def test_seed_partner_list_of_imt_mines_albi_gives_the_expected_portfolio(isolated_warehouse):
    path = seed("003_5d75306f93d63130.txt")
    code, out, _ = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 0
    assert "agreements: 191 listed, 189 after merging 2 duplicates" in out
    assert out.strip().splitlines()[-1] == (
        "003_5d75306f93d63130.txt: 190 rows read, 190 accepted, 0 rejected; no rejects"
    )
    assert sql(
        isolated_warehouse,
        """
        select count(*), count(*) filter (where signatory_level = 'group'),
               count(distinct p.country_iso2)
        from agreements join partners p using (partner_id)
        """,
    ) == [(189, 48, 51)]
    assert sql(isolated_warehouse, "select count(*) from partners") == [(161,)]
    before = sha256(isolated_warehouse)
    code, out, _ = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 0 and "nothing changed" in out
    assert sha256(isolated_warehouse) == before


def test_seed_markdown_list_imports_for_a_school_registered_by_the_user(isolated_warehouse):
    path = seed("004_21e782c85eb9b775.txt")
    run("schools", "add", "École marocaine", "--country", "MA", "--city", "Rabat")
    code, out, _ = run("import", "agreements", path, "--school", "école marocaine")
    assert code == 0, out
    assert "'Finalde' read as Finland" in out
    assert sql(
        isolated_warehouse,
        "select count(*), count(distinct partner_id) from agreements",
    ) == [(16, 16)]
    assert sql(
        isolated_warehouse,
        "select p.name, m.direction, m.academic_year, count(*) from mobilities m "
        "join partners p using (partner_id) group by all",
    ) == [("Aalto University", "outgoing", "2019-2020", 2)]


def test_status_and_imports_describe_the_warehouse(isolated_warehouse):
    run("import", "agreements", FIXTURES / "partner_list.tsv", "--school", "IMT Mines Albi")
    code, out, _ = run("status")
    assert code == 0 and "agreements" in out
    code, out, _ = run("imports")
    assert code == 0 and "partner_list.tsv" in out


def test_serve_brings_an_older_warehouse_up_to_date_before_starting(
    isolated_warehouse, monkeypatch
):
    from warehouse import db

    with db.writing():
        pass
    with duckdb.connect(str(isolated_warehouse)) as con:
        con.execute("drop view partner_names")  # as a file written before that view existed
    started = []
    # the last step of serve replaces this process with the dashboard's: record it instead
    monkeypatch.setattr(os, "execv", lambda program, command: started.append(command))
    code, out, _err = run("serve", "--port", "8999")
    assert code == 0
    assert "was written by an older version of mobility (it lacks main.partner_names)" in out
    assert db.outdated_parts() == []
    assert started and started[0][-2:] == ["--port", "8999"]

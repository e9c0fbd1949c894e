"""An import can be redone (the same file with other options replaces its earlier import) and
undone (`mobility imports remove`), with lineage that says what happened."""

from __future__ import annotations

import hashlib

import duckdb
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA

PLACES = DATA / "imports" / "places" / "plazas_por_titulacion.csv"
PARTNERS = DATA / "imports" / "agreements" / "partner_list.tsv"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def sql(path, query: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query).fetchall()


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_file_with_another_map_replaces_its_import_instead_of_nothing(
    isolated_warehouse,
):
    run("import", "agreements", PLACES, "--school", "IMT Mines Alès")
    assert sql(isolated_warehouse, "select count(*) from agreement_quotas") == [(17,)]
    # the new reading keeps 7 of the 22 rows: done with --replace (without, it is refused)
    code, out = run(
        "import", "agreements", PLACES, "--school", "IMT Mines Alès", "--map", "places=Doctorado"
    )
    assert code == 1 and "import it with --replace if that is meant" in out
    code, out = run(
        "import", "agreements", PLACES, "--school", "IMT Mines Alès", "--map", "places=Doctorado",
        "--replace",
    )  # fmt: skip
    assert code == 0, out
    assert "already imported" not in out
    assert "replaces import #1 (plazas_por_titulacion.csv, " in out
    assert "agreements 5 → 5, quotas 17 → 2, rejected rows 1 → 1" in out
    assert sql(isolated_warehouse, "select count(*) from agreement_quotas") == [(2,)]
    assert sql(isolated_warehouse, "select import_id, superseded_by, options from imports") == [
        (1, 2, None),
        (2, None, '{"map": {"places": ["Doctorado"]}}'),
    ]
    # the same options again: nothing to do
    before = sha256(isolated_warehouse)
    code, out = run(
        "import", "agreements", PLACES, "--school", "IMT Mines Alès", "--map", "places=Doctorado"
    )
    assert code == 0
    assert out.startswith(
        "plazas_por_titulacion.csv: already imported for IMT Mines Alès (import #2"
    )
    assert sha256(isolated_warehouse) == before


def test_the_same_file_for_another_school_moves_its_rows_there(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    code, out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Alès")
    assert code == 0, out
    assert "replaces import #1 (partner_list.tsv, " in out
    # only Alès holds them now (7: the two lines signed by IMT Mines Albi are rejected for it)
    assert sql(isolated_warehouse, "select school, count(*) from agreements group by all") == [
        ("IMT Mines Alès", 7)
    ]


def test_a_dry_run_says_what_a_replacement_would_change_and_writes_nothing(isolated_warehouse):
    run("import", "agreements", PLACES, "--school", "IMT Mines Alès")
    before = sha256(isolated_warehouse)
    code, out = run(
        "import", "agreements", PLACES, "--school", "IMT Mines Alès", "--dry-run",
        "--map", "places=PDI", "--map", "places=PAS",
    )  # fmt: skip
    assert code == 0, out
    assert out.startswith("Dry run, nothing written")
    assert "would replace import #1 (plazas_por_titulacion.csv, " in out
    assert "quotas 17 → 4" in out
    assert sha256(isolated_warehouse) == before


def test_imports_remove_takes_the_rows_out_and_lineage_says_so(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    run("import", "agreements", PLACES, "--school", "IMT Mines Albi")
    assert sql(isolated_warehouse, "select count(*) from agreements") == [(14,)]
    before = sha256(isolated_warehouse)
    code, out = run("imports", "remove", "2", "--dry-run")
    assert code == 0
    assert out.startswith("Dry run, nothing written: import #2 (plazas_por_titulacion.csv, ")
    assert "would take out 5 agreements, 17 quotas, 1 rejected rows" in out
    assert sha256(isolated_warehouse) == before
    code, out = run("imports", "remove", "2")
    assert code == 0, out
    assert "took out 5 agreements, 17 quotas, 1 rejected rows" in out
    # the models are rebuilt: the public views no longer hold them
    assert sql(isolated_warehouse, "select count(*) from agreements") == [(9,)]
    assert sql(isolated_warehouse, "select count(*) from agreement_quotas") == [(0,)]
    assert sql(isolated_warehouse, "select count(*) from rejected_rows where import_id = 2") == [
        (0,)
    ]
    assert sql(isolated_warehouse, "select import_id, removed_at is not null from imports") == [
        (1, False),
        (2, True),
    ]
    code, out = run("imports")
    assert "removed 20" in out
    # removed once is removed; an import that does not exist is said so
    code, out = run("imports", "remove", "2")
    assert code == 1 and "error: import #2 (plazas_por_titulacion.csv) was already removed" in out
    code, out = run("imports", "remove", "7")
    assert (code, out.strip()) == (1, "error: no import #7; `mobility imports` lists them")
    # and the file can be imported again
    code, out = run("import", "agreements", PLACES, "--school", "IMT Mines Albi")
    assert code == 0 and "Imported as import #3" in out
    assert sql(isolated_warehouse, "select count(*) from agreement_quotas") == [(17,)]


def test_a_replaced_import_cannot_be_removed_its_successor_can(isolated_warehouse):
    run("import", "agreements", PLACES, "--school", "IMT Mines Albi")
    run(
        "import", "agreements", PLACES, "--school", "IMT Mines Albi", "--map", "places=PDI",
        "--replace",
    )  # fmt: skip
    before = sha256(isolated_warehouse)
    code, out = run("imports", "remove", "1")
    assert code == 1
    assert out.strip() == (
        "error: import #1 (plazas_por_titulacion.csv) was replaced by import #2: its rows are "
        "already out; remove #2 instead"
    )
    assert sha256(isolated_warehouse) == before


def test_removing_ec_statistics_takes_their_mobilities_out(isolated_warehouse):
    run("import", "mobilities", DATA / "imports" / "ec_statistics" / "part_000.csv")
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(7,)]
    code, out = run("imports", "remove", "1")
    assert code == 0 and "took out 7 EC statistics rows, 1 rejected rows" in out
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(0,)]
    assert sql(isolated_warehouse, "select count(*) from institution_flows") == [(0,)]

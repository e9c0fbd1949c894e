"""An import can be redone (the same file with other options replaces its earlier import) and
undone (`mobility imports remove`), with lineage that says what happened."""

from __future__ import annotations

import hashlib

import duckdb
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA, sql

PLACES = DATA / "imports" / "places" / "plazas_por_titulacion.csv"
PARTNERS = DATA / "imports" / "agreements" / "partner_list.tsv"
EC_PART = DATA / "imports" / "ec_statistics" / "part_000.csv"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


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


def test_the_same_file_for_another_school_is_never_moved_or_doubled_silently(
    isolated_warehouse,
):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    before = sha256(isolated_warehouse)
    code, out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Alès")
    assert (code, out.strip()) == (
        1,
        "error: partner_list.tsv: already imported for IMT Mines Albi (import #1): --replace "
        "moves it to IMT Mines Alès (IMT Mines Albi's rows from it go), --as-new imports it "
        "for IMT Mines Alès as well",
    )
    assert sha256(isolated_warehouse) == before


def test_replace_moves_a_file_to_another_school_and_names_whose_rows_go(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    code, out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Alès", "--replace")
    assert code == 0, out
    assert "replaces import #1 (partner_list.tsv, " in out and ", IMT Mines Albi): " in out
    # only Alès holds them now (7: the two lines signed by IMT Mines Albi are rejected for it)
    assert sql(isolated_warehouse, "select school, count(*) from agreements group by all") == [
        ("IMT Mines Alès", 7)
    ]


def test_as_new_imports_one_file_for_two_schools(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    code, out = run("import", "agreements", PARTNERS, "--school", "IMT Mines Alès", "--as-new")
    assert code == 0, out
    assert "replaces" not in out
    assert sql(
        isolated_warehouse, "select school, count(*) from agreements group by all order by 1"
    ) == [("IMT Mines Albi", 9), ("IMT Mines Alès", 7)]


def test_an_ec_file_imported_again_says_what_it_replaces_even_in_a_dry_run(
    isolated_warehouse, tmp_path
):
    run("import", "mobilities", EC_PART)
    other = tmp_path / "elsewhere"
    other.mkdir()
    fewer = other / EC_PART.name  # the same name, two rows less: an updated export
    lines = EC_PART.read_text(encoding="utf-8").splitlines(keepends=True)
    fewer.write_text("".join(lines[:2] + lines[6:]), encoding="utf-8")
    before = sha256(isolated_warehouse)
    code, out = run("import", "mobilities", fewer, "--dry-run")
    assert code == 0, out
    assert "would replace import #1 (part_000.csv, " in out
    assert "EC statistics rows 7 → 5" in out
    assert sha256(isolated_warehouse) == before
    code, out = run("import", "mobilities", fewer)
    assert "replaces import #1 (part_000.csv, " in out and "EC statistics rows 7 → 5" in out
    assert sql(isolated_warehouse, "select count(*) from raw.ec_student_mobilities") == [(5,)]


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
        "error: import #1 (plazas_por_titulacion.csv) was replaced by import #2, its rows went "
        "with it: remove #2 instead"
    )
    assert sha256(isolated_warehouse) == before


def test_removing_ec_statistics_takes_their_mobilities_out(isolated_warehouse):
    run("import", "mobilities", EC_PART)
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(7,)]
    code, out = run("imports", "remove", "1")
    assert code == 0 and "took out 7 EC statistics rows, 1 rejected rows" in out
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(0,)]
    assert sql(isolated_warehouse, "select count(*) from institution_flows") == [(0,)]


def test_removing_a_replacing_import_says_the_one_it_replaced_stays_out(isolated_warehouse):
    run("import", "agreements", PLACES, "--school", "IMT Mines Albi")
    run(
        "import", "agreements", PLACES, "--school", "IMT Mines Albi", "--map", "places=PDI",
        "--replace",
    )  # fmt: skip
    code, out = run("imports", "remove", "2")
    assert code == 0, out
    assert (
        "note: import #1 (plazas_por_titulacion.csv, " in out
        and "which it had replaced, is not restored: import its file again" in out
    )
    code, out = run("imports", "remove", "1")
    assert code == 1
    assert "was replaced by import #2, its rows went with it, itself removed on " in out
    assert "import the file again to bring its rows back" in out


def test_a_list_imported_again_keeps_the_year_it_was_first_dated(isolated_warehouse):
    run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    with duckdb.connect(str(isolated_warehouse)) as con:  # as if imported in October 2023
        con.execute("update imports set imported_at = '2023-10-01'")
    run(
        "import",
        "agreements",
        PARTNERS,
        "--school",
        "IMT Mines Albi",
        "--map",
        "partner_name=Host institution",
    )
    assert sql(
        isolated_warehouse, "select import_id, listed_academic_year from imports order by 1"
    ) == [(1, None), (2, "2023-2024")]
    assert sql(isolated_warehouse, "select distinct listed_academic_year from agreements") == [
        ("2023-2024",)
    ]


def test_the_ec_data_and_a_school_file_never_count_one_mobility_twice(isolated_warehouse, tmp_path):
    run("import", "mobilities", DATA / "imports" / "ec_ka1" / "ka1_mobilities_2014_2021.csv")
    albi = "select academic_year, direction, count(*) from mobilities where school_id = "
    albi += "'imt-mines-albi' and academic_year = '2014-2015' group by all"
    assert sql(isolated_warehouse, albi) == [("2014-2015", "outgoing", 3)]  # KA1: 3 to Madrid
    own = tmp_path / "sortants-2014.csv"  # the school's own list of that year: 3 + 1 stays
    own.write_text(
        "Partner;Country;Direction;Academic year;Activity\n"
        + "Universidad Politécnica de Madrid;ES;outgoing;2014-2015;study\n" * 3
        + "University of Bath;GB;outgoing;2014-2015;traineeship\n",
        encoding="utf-8",
    )
    code, out = run("import", "mobilities", own, "--school", "IMT Mines Albi")
    assert code == 0, out
    # the school's list counts, the KA1 rows of that year and direction are set aside, said so
    assert sql(isolated_warehouse, albi) == [("2014-2015", "outgoing", 4)]
    assert "EC open data not counted, the school's own files giving the same year" in out
    assert sql(
        isolated_warehouse,
        "select school, academic_year, direction, source, count_mobilities "
        "from mobilities_set_aside",
    ) == [("IMT Mines Albi", "2014-2015", "outgoing", "ec_ka1", 3)]
    # other years and the incoming side still come from the EC data
    assert sql(
        isolated_warehouse,
        "select count(*) from mobilities where school_id = 'imt-mines-albi' "
        "and academic_year <> '2014-2015'",
    ) == [(6,)]

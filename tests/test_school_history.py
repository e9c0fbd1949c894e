"""Schools keep their history: `mobility schools edit`, the shipped former codes of mergers and
their reach into warehouses written before they were shipped."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from warehouse import db
from warehouse.cli import cli
from warehouse.codes import normalise_erasmus_code
from warehouse.reference import REFERENCE_DIR
from warehouse.text import slug

from .conftest import DATA, SHARED, sql

HISTORY = DATA / "imports" / "ec_statistics" / "school_history.csv"
CHARTER_LIST = SHARED / "data" / "ec-erasmus-students-2008-2013" / "euc-2007-2013.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def flows(path: Path) -> list[tuple]:
    """Each home school's EC mobilities as (school, outgoing, incoming)."""
    return sql(
        path,
        """
        select school, count(*) filter (where direction = 'outgoing'),
               count(*) filter (where direction = 'incoming')
        from mobilities group by all order by school
        """,
    )


def shipped_history() -> list[dict[str, str]]:
    with open(REFERENCE_DIR / "school_history.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# ---------- the shipped former codes


def test_imt_atlantique_counts_the_statistics_of_mines_nantes_and_telecom_bretagne(
    isolated_warehouse,
):
    code, out, _ = run("import", "mobilities", HISTORY)
    assert code == 0, out
    assert "8 rows read, 8 accepted, 0 rejected" in out
    # 3 sent by F NANTES37 and F BREST09; hosted: 1 by each, 1 under its own F NANTES80
    assert flows(isolated_warehouse) == [
        ("IMT Atlantique", 3, 3),
        ("IMT Mines Albi", 1, 1),  # its student sent to Mines Nantes stays its own
        ("IMT Nord Europe", 1, 0),  # as Mines Douai
    ]
    assert sql(
        isolated_warehouse,
        """
        select direction, academic_year, activity from mobilities
        where school_id = 'imt-atlantique' order by all
        """,
    ) == [
        ("incoming", "2009-2010", "study"),
        ("incoming", "2010-2011", "study"),
        ("incoming", "2012-2013", "study"),
        ("outgoing", "2009-2010", "study"),
        ("outgoing", "2011-2012", "study"),
        ("outgoing", "2011-2012", "traineeship"),
    ]
    code, out, _ = run("schools")
    assert "F BREST09, F NANTES37" in out and "note:" not in out


def test_every_shipped_former_code_has_a_source_and_one_registered_school():
    rows = shipped_history()
    with open(REFERENCE_DIR / "home_schools.csv", encoding="utf-8", newline="") as file:
        home = list(csv.DictReader(file))
    current = {normalise_erasmus_code(row["erasmus_code"]) for row in home}
    codes = [normalise_erasmus_code(row["erasmus_code"]) for row in rows]
    assert len(codes) == len(set(codes)), "a code must belong to one school only"
    assert not current & set(codes)
    assert {row["school_id"] for row in rows} <= {slug(row["name"]) for row in home}
    assert all(row["source"].strip() and row["charter_list_name"].strip() for row in rows)
    assert {(row["school_id"], code) for row, code in zip(rows, codes, strict=True)} == {
        ("imt-atlantique", "F NANTES37"),
        ("imt-atlantique", "F BREST09"),
        ("imt-nord-europe", "F DOUAI02"),
        ("telecom-sudparis", "F EVRY01"),
    }


@pytest.mark.shared_data
def test_every_shipped_former_code_bears_its_name_in_the_2007_2013_charter_list():
    if not CHARTER_LIST.exists():
        pytest.skip(f"{CHARTER_LIST} is absent: the real EU data lives in ../shared/data")
    charter = json.loads(CHARTER_LIST.read_text(encoding="utf-8"))
    names = {normalise_erasmus_code(row["institutional_code"]): [] for row in charter}
    for row in charter:
        names[normalise_erasmus_code(row["institutional_code"])].append(row["organisation_name"])
    for row in shipped_history():
        assert names.get(normalise_erasmus_code(row["erasmus_code"])) == [
            row["charter_list_name"]
        ], row["erasmus_code"]


# ---------- schools edit


def test_a_former_code_added_later_counts_the_statistics_already_imported(isolated_warehouse):
    # The statistics hold SF ESPOO01 until 2010 and SF ESPOO12, Aalto's code in the charter
    # list, from 2011: a school registered with its current code only lacks the first years.
    run("schools", "add", "Aalto-yliopisto", "--country", "FI", "--erasmus-code", "SF ESPOO12")
    run("import", "mobilities", HISTORY)
    before = flows(isolated_warehouse)
    assert ("Aalto-yliopisto", 1, 0) in before

    code, out, _ = run("schools", "edit", "Aalto-yliopisto", "--former-code", "SF  ESPOO01")
    assert code == 0, out
    assert "Aalto-yliopisto: former Erasmus codes added: SF ESPOO01" in out
    after = flows(isolated_warehouse)
    assert ("Aalto-yliopisto", 2, 1) in after
    others = [row for row in after if row[0] != "Aalto-yliopisto"]
    assert others == [row for row in before if row[0] != "Aalto-yliopisto"]
    assert others == [("IMT Atlantique", 3, 3), ("IMT Mines Albi", 1, 1), ("IMT Nord Europe", 1, 0)]
    # the Aalto student Albi hosted is still Albi's incoming, now also Aalto's outgoing
    assert sql(
        isolated_warehouse,
        "select school_id, direction from marts.mobilities where line_number = 7 order by all",
    ) == [("aalto-yliopisto", "outgoing"), ("imt-mines-albi", "incoming")]

    code, out, _ = run("schools", "edit", "SF ESPOO12", "--former-code", "SF ESPOO01")
    assert code == 0 and "Aalto-yliopisto already holds SF ESPOO01" in out


def test_a_renamed_school_keeps_its_id_its_mobilities_and_its_codes(isolated_warehouse):
    run("import", "mobilities", HISTORY)
    code, out, _ = run(
        "schools", "edit", "IMTA", "--name", "IMT Atlantique Bretagne-Pays de la Loire"
    )
    assert code == 0, out
    assert "(id imt-atlantique stays)" in out
    assert sql(
        isolated_warehouse,
        "select school_id, name from schools where erasmus_code = 'F NANTES80'",
    ) == [("imt-atlantique", "IMT Atlantique Bretagne-Pays de la Loire")]
    assert ("IMT Atlantique Bretagne-Pays de la Loire", 3, 3) in flows(isolated_warehouse)
    assert sql(
        isolated_warehouse,
        "select erasmus_code from school_erasmus_codes where school_id = 'imt-atlantique' "
        "order by all",
    ) == [("F BREST09",), ("F NANTES37",), ("F NANTES80",)]
    code, out, _ = run(
        "import", "agreements", DATA / "imports" / "agreements" / "partner_list.md",
        "--school", "imt-atlantique", "--dry-run",
    )  # fmt: skip
    assert code == 0 and "for IMT Atlantique Bretagne-Pays de la Loire" in out


def test_a_new_city_is_located_again_and_one_not_found_is_said(isolated_warehouse):
    code, out, _ = run("schools", "edit", "IMT Atlantique", "--city", "Brest")
    assert code == 0, out
    assert "warning" not in out
    assert sql(
        isolated_warehouse,
        "select city, round(latitude, 1), round(longitude, 1) from schools "
        "where school_id = 'imt-atlantique'",
    ) == [("Brest", 48.4, -4.5)]
    code, out, _ = run("schools", "edit", "IMT Atlantique", "--city", "Nowhereville")
    assert code == 0
    assert "warning: city 'Nowhereville' not found in the offline gazetteer" in out
    assert sql(
        isolated_warehouse,
        "select city, latitude, longitude from schools where school_id = 'imt-atlantique'",
    ) == [("Nowhereville", None, None)]
    code, out, _ = run("schools", "edit", "IMT Atlantique", "--hei-id", " IMT-Atlantique.fr ")
    assert code == 0 and "HEI id imt-atlantique.fr" in out
    assert sql(
        isolated_warehouse, "select hei_id from schools where school_id = 'imt-atlantique'"
    ) == [("imt-atlantique.fr",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Mines Nantes", "--city", "Nantes"], "error: unknown school 'Mines Nantes'; registered:"),
        (
            [
                "IMTA",
                "--city",
                "Brest",
                "--former-code",
                "F  ESPOO01",
                "--former-code",
                "F DOUAI02",
            ],
            "error: Erasmus code F DOUAI02 already belongs to school 'IMT Nord Europe'",
        ),
        (
            ["IMT Atlantique", "--former-code", "F ALBI05"],
            "error: Erasmus code F ALBI05 already belongs to school 'IMT Mines Albi'",
        ),
        (
            ["IMT Atlantique", "--name", "imt mines ales"],
            "error: the name 'imt mines ales' is taken by school 'IMT Mines Alès'",
        ),
        (
            ["IMT Atlantique", "--name", "TSP"],
            "error: the name 'TSP' is taken by school 'Télécom SudParis'",
        ),
        (
            ["IMT Atlantique", "--name", "F  DOUAI02"],
            "error: the name 'F DOUAI02' is taken by school 'IMT Nord Europe'",
        ),
        (["IMT Atlantique", "--name", "  "], "error: a school needs a name"),
        (
            ["IMT Atlantique"],
            "error: nothing to change: give --former-code, --drop-former-code, --city, --hei-id "
            "or --name",
        ),
    ],
)
def test_a_refused_edit_says_why_in_one_line_and_leaves_the_warehouse_unchanged(
    isolated_warehouse, args, message
):
    run("import", "mobilities", HISTORY)
    before = hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest()
    code, out, err = run("schools", "edit", *args)
    assert code == 1
    assert err.startswith(message) and err.count("\n") == 1, err
    assert hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest() == before


# ---------- warehouses written before the history was shipped


def _as_written_before_the_history(path: Path, *, mines_nantes_registered: bool) -> None:
    """Take out what this release ships, as in a file an older release wrote; optionally with
    Mines Nantes registered by its users as a school of its own, as that release allowed."""
    with duckdb.connect(str(path)) as con:
        con.execute(
            "delete from school_erasmus_codes where erasmus_code in ('F NANTES37', 'F BREST09')"
        )
        if mines_nantes_registered:
            con.execute(
                "insert into schools (school_id, name, erasmus_code, city, country_iso2) "
                "values ('mines-nantes', 'Mines Nantes', 'F NANTES37', 'Nantes', 'FR')"
            )
            con.execute(
                "insert into school_erasmus_codes values ('F NANTES37', 'mines-nantes', true)"
            )
        db.build(con)  # the models as that release built them


def test_a_warehouse_written_before_gets_the_shipped_codes_at_its_next_write(isolated_warehouse):
    run("import", "mobilities", HISTORY)
    _as_written_before_the_history(isolated_warehouse, mines_nantes_registered=False)
    assert flows(isolated_warehouse)[0] == ("IMT Atlantique", 0, 1)
    assert db.outdated_parts() == [
        "former code F NANTES37 of imt-atlantique",
        "former code F BREST09 of imt-atlantique",
    ]
    code, out, _ = run("schools")
    assert (
        "note: F NANTES37, shipped as a former code of IMT Atlantique, is held by no school yet "
        "(the next write adds it)"
    ) in out

    # any write attaches them; `mobility serve` writes one for an outdated file
    assert db.upgrade() == [
        "former code F NANTES37 of imt-atlantique",
        "former code F BREST09 of imt-atlantique",
    ]
    assert flows(isolated_warehouse)[0] == ("IMT Atlantique", 3, 3)
    assert db.outdated_parts() == []


def test_a_code_users_gave_another_school_stays_there(isolated_warehouse):
    run("import", "mobilities", HISTORY)
    _as_written_before_the_history(isolated_warehouse, mines_nantes_registered=True)
    assert db.upgrade() == ["former code F BREST09 of imt-atlantique"]
    assert sql(
        isolated_warehouse,
        "select erasmus_code, school_id from school_erasmus_codes "
        "where erasmus_code in ('F NANTES37', 'F BREST09') order by all",
    ) == [("F BREST09", "imt-atlantique"), ("F NANTES37", "mines-nantes")]
    assert flows(isolated_warehouse) == [
        ("IMT Atlantique", 2, 2),
        ("IMT Mines Albi", 1, 1),
        ("IMT Nord Europe", 1, 0),
        ("Mines Nantes", 1, 1),
    ]
    code, out, _ = run("schools")
    assert (
        "note: F NANTES37, shipped as a former code of IMT Atlantique, is held by Mines Nantes"
    ) in out

    code, _, err = run("schools", "edit", "IMTA", "--former-code", "F NANTES37")
    assert (code, err) == (
        1,
        "error: Erasmus code F NANTES37 already belongs to school 'Mines Nantes'\n",
    )


def test_a_former_code_can_be_dropped_a_shipped_one_too_and_stays_dropped(isolated_warehouse):
    run("import", "mobilities", str(DATA / "imports" / "ec_statistics" / "part_000.csv"))
    douai = "select count(*) from mobilities where school_id = 'imt-nord-europe'"
    assert sql(isolated_warehouse, douai) == [(1,)]  # as Mines Douai, F DOUAI02 (shipped)
    code, out, _ = run("schools", "edit", "IMT Nord Europe", "--drop-former-code", "F DOUAI02")
    assert code == 0, out
    assert "IMT Nord Europe: former Erasmus codes dropped: F DOUAI02" in out
    assert (
        "note: F DOUAI02: in France, not in the charter list; 1 rows of the EC's open data no "
        "longer count for IMT Nord Europe"
    ) in out
    assert sql(isolated_warehouse, douai) == [(0,)]
    run("schools")  # a later write does not offer the shipped code again
    run("aliases", "add", "Some Name", "Some Other Name")
    assert sql(isolated_warehouse, douai) == [(0,)]
    assert sql(
        isolated_warehouse,
        "select count(*) from school_erasmus_codes where erasmus_code = 'F DOUAI02'",
    ) == [(0,)]


def test_a_code_added_says_what_it_is_and_what_it_moves(isolated_warehouse):
    run("import", "mobilities", str(DATA / "imports" / "ec_statistics" / "part_000.csv"))
    code, out, _ = run(
        "schools", "edit", "IMT Mines Albi", "--former-code", "ZZ NOWHERE01",
        "--former-code", "E  MADRID05",
    )  # fmt: skip
    assert code == 0, out
    assert (
        "note: ZZ NOWHERE01: its prefix names no country, not in the charter list; 0 rows of the "
        "EC's open data now count for IMT Mines Albi"
    ) in out
    assert "note: E MADRID05: in Spain, not in the charter list; 2 rows" in out


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("F ALBI05", "error: F ALBI05 is IMT Mines Albi's current Erasmus code, not a former one"),
        ("F DOUAI02", "error: --drop-former-code 'F DOUAI02': not a code of IMT Mines Albi"),
    ],
)
def test_dropping_a_code_that_is_not_a_former_one_is_refused(isolated_warehouse, code, error):
    run("schools")
    before = hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest()
    status, out, err = run("schools", "edit", "IMT Mines Albi", "--drop-former-code", code)
    assert (status, (out + err).strip()) == (1, error)
    assert hashlib.sha256(isolated_warehouse.read_bytes()).hexdigest() == before

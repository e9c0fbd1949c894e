"""Schools keep their history: the shipped former codes of mergers and their reach into
warehouses written before they were shipped."""

from __future__ import annotations

import csv
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

from .conftest import DATA, SHARED

HISTORY = DATA / "imports" / "ec_statistics" / "school_history.csv"
CHARTER_LIST = SHARED / "data" / "ec-erasmus-students-2008-2013" / "euc-2007-2013.json"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sql(path: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query).fetchall()


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

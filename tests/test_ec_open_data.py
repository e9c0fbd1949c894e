"""The EC's later open data: the Erasmus+ KA1 mobility data (2014 onwards) and flow tables,
each recognised from its header by `mobility import mobilities`.

The fixtures are in the files' real shapes (see warehouse/importers/ec_ka1.py and ec_flows.py
for the documentation they follow); every figure below is counted by hand from them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from warehouse.cli import cli
from warehouse.importers import ec_flows, ec_ka1

from .conftest import DATA, sql

KA1 = DATA / "imports" / "ec_ka1" / "ka1_mobilities_2014_2021.csv"
COUNTRY_PAIRS = DATA / "imports" / "ec_flows" / "country_pairs.csv"
INSTITUTION_PAIRS = DATA / "imports" / "ec_flows" / "institution_pairs.csv"
EC_PART = DATA / "imports" / "ec_statistics" / "part_000.csv"

# (school, direction, academic year, activity, level, partner country, partner, mobilities)
KA1_MOBILITIES = [
    ("IMT Mines Albi", "incoming", "2015-2016", "study", "bachelor", "DE",
     "UNIVERSITAET STUTTGART", 1),
    # no Academic Year: July 2017 belongs to 2016-2017
    ("IMT Mines Albi", "incoming", "2016-2017", "traineeship", "master", "ES",
     "UNIVERSIDAD POLITECNICA DE MADRID", 1),
    # Participants 3: three mobilities
    ("IMT Mines Albi", "outgoing", "2014-2015", "study", "master", "ES",
     "UNIVERSIDAD POLITECNICA DE MADRID", 3),
    # a row between two home schools: one mobility for each
    ("IMT Mines Albi", "outgoing", "2015-2016", "study", "master", "FR", "IMT MINES ALES", 1),
    # a company without Erasmus code: by its name and the row's country
    ("IMT Mines Albi", "outgoing", "2015-2016", "traineeship", "master", "DE",
     "ACME ROBOTICS GMBH", 1),
    ("IMT Mines Albi", "outgoing", "2016-2017", "staff_training", None, "GB",  # 'UK'
     "IMPERIAL COLLEGE OF SCIENCE, TECHNOLOGY AND MEDICINE", 1),
    ("IMT Mines Albi", "outgoing", "2021-2022", "study", "master", "SE", "LUNDS UNIVERSITET", 1),
    ("IMT Mines Alès", "incoming", "2015-2016", "study", "master", "FR",
     "IMT MINES ALBI-CARMAUX", 1),
    ("IMT Mines Alès", "outgoing", "2015-2016", "staff_teaching", None, "GR",  # 'EL'
     "NATIONAL TECHNICAL UNIVERSITY OF ATHENS", 2),
    # EURFIESOLE01 has no country prefix: the row's country code says IT
    ("IMT Mines Alès", "outgoing", "2016-2017", "study", "doctorate", "IT",
     "EUROPEAN UNIVERSITY INSTITUTE", 1),
    # neither a code nor a country: unknown country, still counted
    ("IMT Mines Alès", "outgoing", "2016-2017", "traineeship", "bachelor", None,
     "LABORATOIRE SANS ADRESSE", 1),
    # under its former code F DOUAI02, to a partner country
    ("IMT Nord Europe", "outgoing", "2016-2017", "study", "master", "CA",
     "UNIVERSITÉ DE MONTRÉAL", 2),
]  # fmt: skip


def run(*args, code: int = 0) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def ka1_mobilities(path: Path) -> list[tuple]:
    return sql(
        path,
        """
        select school, direction, academic_year, activity, level, p.country_iso2, p.name,
               count(*)
        from mobilities join partners as p using (partner_id) group by all order by all
        """,
    )


# ---------- KA1 mobility data


def test_ka1_rows_of_home_schools_become_their_mobilities(isolated_warehouse):
    out = run("import", "mobilities", KA1)
    assert "(ec_ka1)" in out
    assert "ka1_mobilities_2014_2021.csv: 21 rows read, 16 accepted, 5 rejected" in out
    assert (
        "note: 11 higher-education rows of home schools became 16 mobilities (one per "
        "participant; a row between two home schools is one for each)" in out
    )
    assert ka1_mobilities(isolated_warehouse) == KA1_MOBILITIES
    assert "IMT Mines Albi   7         2" in out  # the home schools' table, last
    details = sql(
        isolated_warehouse,
        """
        select start_date, round(duration_months, 4), field, has_fewer_opportunities,
               erasmus_activity, erasmus_action, funding, end_date
        from mobilities join partners as p using (partner_id)
        where p.name in ('LUNDS UNIVERSITET', 'ACME ROBOTICS GMBH') order by start_date
        """,
    )
    assert details == [
        # 92 days, 'Fewer Opportunities' Yes
        (dt.date(2016, 6, 1), 3.0667, "Electronics and automation", True, None, None,
         "erasmus", None),
        # a later file's wording names the activity's code; its reference the action
        (dt.date(2021, 9, 1), 4.0, "Chemical engineering and processes", False, "HE-SMS",
         "KA131", "erasmus", None),
    ]  # fmt: skip
    # every mobility of a row has its own stable id
    assert sql(isolated_warehouse, "select count(distinct mobility_id) from mobilities") == [(16,)]


def test_ka1_keeps_every_row_in_institution_flows_and_rejects_with_reasons(isolated_warehouse):
    out = run("import", "mobilities", KA1)
    assert sql(
        isolated_warehouse, "select line_number, reason from rejected_rows order by 1"
    ) == [
        (14, "Participants '0' is not a whole number of at least 1"),
        (15, "Participants 250000 is above the 10,000 one row may count: taken for a mistake"),
        (16, "Participants '2.5' is not a whole number of at least 1"),
        (17, "unreadable CSV row: Expected Number of Columns: 24 Found: 25"),
        (22, "no academic year: neither Academic Year '' nor Mobility Start Month 'sometime' "
             "can be read"),
    ]  # fmt: skip
    # the 16 rows accepted count 47 participants, 6 of them staff; 2,025 days in all; 16 of
    # higher education (a KA131 row of an activity not read is higher education too)
    assert sql(
        isolated_warehouse,
        """
        select source, sum(count_participants), sum(count_students), sum(sum_days),
               sum(count_participants) filter (where is_higher_education)
        from institution_flows group by all
        """,
    ) == [("ec_ka1", 47, 41, 2025.0, 16)]
    # other sectors stay as flows between organisations, by name when they have no code
    assert sql(
        isolated_warehouse,
        """
        select sending_name, receiving_country_iso2, activity, count_participants, key_action
        from institution_flows where not is_higher_education order by 1
        """,
    ) == [
        ("BRG Wels Wallererstraße", "ES", None, 1, "KA101"),
        ("IMT MINES ALES", "IE", None, 1, "KA104"),
        ("LYCEE PROFESSIONNEL DU BATIMENT", "ES", None, 4, "KA102"),
        ("bOJA - Bundesweites Netzwerk Offene Jugendarbeit", "DE", None, 25, "KA105"),
    ]
    # rows of home schools not taken as mobilities are said, with the activities
    assert (
        "note: 1 higher-education rows of home schools have an activity this version does not "
        "read ('HE-XYZ - Blended intensive programme of a new kind'): kept in "
        "institution_flows, not as mobilities" in out
    )
    assert (
        "note: 1 rows of home schools are not higher-education mobility ('Staff training "
        "abroad'): kept in institution_flows, not as mobilities" in out
    )
    assert (
        "note: 1 rows name an Erasmus code without a known country prefix: 'EURFIESOLE01' (1); "
        "its country is the row's country code" in out
    )


def test_ka1_never_stores_personal_attributes(isolated_warehouse):
    out = run("import", "mobilities", KA1)
    assert (
        "personal data dropped, never stored: Participant Nationality, Participant Gender, "
        "Participant Age, Special Needs, GroupLeader" in out
    )
    columns = {
        name
        for (name,) in sql(
            isolated_warehouse,
            "select column_name from duckdb_columns() where table_name = 'ec_ka1_mobilities'",
        )
    }
    assert not columns & {"nationality", "gender", "age", "special_needs", "group_leader"}
    assert "has_fewer_opportunities" in columns


def test_ka1_header_variants_and_a_windows_1252_file_give_the_same_mobilities(
    isolated_warehouse, tmp_path
):
    text = KA1.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    variant = (
        header.replace("Sending Organization", "Sending Organisation")
        .replace("Mobility Duration", "Mobility Duration - calendar days")
        .replace("Mobility Start Month", "Mobility Start Year/Month")
    )
    path = tmp_path / "Erasmus-KA1-Mobility-Data-2014.csv"
    # Windows-1252 has no '’' of "Master’s": written as the EC's own exports would, an apostrophe
    path.write_bytes((variant + "\n" + rest).replace("\u2019", "'").encode("cp1252"))
    out = run("import", "mobilities", path)
    assert "note: the file is not UTF-8: read as Windows-1252" in out
    assert "21 rows read, 16 accepted, 5 rejected" in out
    assert ka1_mobilities(isolated_warehouse) == KA1_MOBILITIES


def test_ka1_dry_run_reads_and_writes_nothing(isolated_warehouse):
    out = run("import", "mobilities", KA1, "--dry-run")
    assert "Dry run, nothing written" in out
    assert "11 higher-education rows of home schools became 16 mobilities" in out
    assert not isolated_warehouse.exists()


def test_ka1_file_without_its_columns_is_refused_in_one_line(isolated_warehouse, tmp_path):
    path = tmp_path / "ka1.csv"
    path.write_text("Project Reference;Activity (mob);Participants\nX;Y;1\n", encoding="utf-8")
    out = run("import", "mobilities", path, code=1)
    assert out.strip().splitlines() == [
        f"error: {path}, line 1: EC KA1 file without the columns sending_country, sending_name, "
        "sending_code, receiving_country, receiving_name, receiving_code, academic_year or "
        "start_month"
    ]


@pytest.mark.parametrize(
    ("text", "year"),
    [("2014-2015", "2014-2015"), ("2014/15", "2014-2015"), ("2019-20", "2019-2020"),
     ("2014", None), ("2014-2016", None), ("-", None)],
)  # fmt: skip
def test_ka1_academic_years(text, year):
    assert ec_ka1.academic_year(text) == year


@pytest.mark.parametrize(
    ("text", "month"),
    [("2014-09", dt.date(2014, 9, 1)), ("09-2014", dt.date(2014, 9, 1)),
     ("2014-09-15 00:00:00", dt.date(2014, 9, 1)), ("2014-13", None), ("sometime", None)],
)  # fmt: skip
def test_ka1_months(text, month):
    assert ec_ka1.month_of(text) == month


# ---------- flow tables


def test_flow_table_of_country_pairs_gives_country_level_flows(isolated_warehouse):
    out = run("import", "mobilities", COUNTRY_PAIRS)
    assert "(ec_flow_table)" in out
    assert "country_pairs.csv: 9 rows read, 6 accepted, 3 rejected" in out
    assert sql(isolated_warehouse, "select line_number, reason from rejected_rows order by 1") == [
        (7, "receiving country 'Atlantis' is not a country"),
        (8, "count 'abc' is not a whole number of at least 0"),
        (9, "a total row, not a pair: adding it would count its flows twice"),
    ]
    # padded cells read; EL is Greece, UK the United Kingdom; '1 500' is 1500
    assert sql(
        isolated_warehouse,
        """
        select sending_country_iso2, receiving_country_iso2, sending_code, count_participants,
               count_students, source
        from institution_flows order by all
        """,
    ) == [
        ("DE", "FR", None, 987, 987, "ec_flow_table"),
        ("ES", "FR", None, 1500, 1500, "ec_flow_table"),
        ("FR", "DE", None, 1244, 1244, "ec_flow_table"),  # listed twice: 1234 + 10
        ("FR", "GR", None, 56, 56, "ec_flow_table"),
        ("GR", "GB", None, 7, 7, "ec_flow_table"),
    ]
    assert "note: 2 rows give a pair another row gives too (FR → DE): every count counts" in out
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(0,)]


def test_flow_table_of_institution_pairs_is_not_mobilities(isolated_warehouse):
    out = run("import", "mobilities", INSTITUTION_PAIRS)
    assert "institution_pairs.csv: 4 rows read, 4 accepted, 0 rejected" in out
    assert sql(
        isolated_warehouse,
        """
        select sending_code, receiving_code, receiving_country_iso2, academic_year,
               count_participants, count_students
        from institution_flows order by all
        """,
    ) == [
        ("D STUTTGA01", "EURFIESOLE01", None, "2015-2016", 1, None),
        ("E MADRID05", "F ALBI05", "FR", "2014-2015", 2, None),  # '2014/15'
        ("F ALBI05", "E MADRID05", "ES", "2014-2015", 4, None),
        ("UK LONDON029", "G ATHINE42", "GR", None, 3, None),  # '2016' is no academic year
    ]
    assert (
        "note: 2 rows name a home school: a flow table counts, it does not list mobilities, so "
        "they are not the school's mobilities (the KA1 data gives them)" in out
    )
    assert "note: 1 rows give a period that is not an academic year ('2016' (1))" in out
    assert sql(isolated_warehouse, "select count(*) from mobilities") == [(0,)]


def test_flow_table_with_two_counts_is_refused_and_changes_nothing(isolated_warehouse, tmp_path):
    run("import", "mobilities", COUNTRY_PAIRS)
    before = isolated_warehouse.read_bytes()
    path = tmp_path / "both_ways.csv"
    path.write_text(
        "CountrySending;CountryReceiving;StudentOutgoingCount;StudentIncomingCount\nFR;DE;3;4\n",
        encoding="utf-8",
    )
    out = run("import", "mobilities", path, code=1)
    assert out.strip() == (
        f"error: {path}, line 1: a flow table with 2 counts ('StudentOutgoingCount', "
        "'StudentIncomingCount'): keep one count column per file"
    )
    assert isolated_warehouse.read_bytes() == before


@pytest.mark.parametrize(
    ("header", "is_flow_table"),
    [
        ("CountrySending ; CountryReceiving ; StudentOutgoingCount", True),
        ("Home country,Host country,Academic year,Number of students", True),
        ("SendingInstitution;ReceivingInstitution;Participants", True),
        ("Name;Country;Count", False),  # no sending and receiving side
        ("Home institution;Host institution;Student;Count", False),  # a column too many
    ],
)
def test_flow_tables_are_recognised_by_their_header(header, is_flow_table):
    assert ec_flows.is_flow_table(header) is is_flow_table


# ---------- all formats


def test_ec_files_of_every_format_import_together_in_one_swap(isolated_warehouse):
    out = run("import", "mobilities", KA1, COUNTRY_PAIRS, INSTITUTION_PAIRS, EC_PART)
    assert "4 files: 42 rows read, 33 accepted, 9 rejected" in out
    assert sql(
        isolated_warehouse,
        "select file_format, rows_read from imports order by import_id",
    ) == [("ec_ka1", 21), ("ec_flow_table", 9), ("ec_flow_table", 4), ("ec_statistics", 8)]
    assert sql(
        isolated_warehouse,
        "select source, sum(count_participants) from institution_flows group by all order by 1",
    ) == [("ec_flow_table", 3804), ("ec_ka1", 47), ("ec_statistics", 7)]
    # the 2008-13 part gives Albi 5 and Alès 1 mobilities more (test_real_world_imports)
    assert "IMT Mines Albi   10        4" in out


def test_school_given_with_ec_files_is_said_to_be_unused(isolated_warehouse):
    out = run("import", "mobilities", COUNTRY_PAIRS, "--school", "IMT Mines Albi")
    assert (
        "note: --school 'IMT Mines Albi' not used: the EC's files name every institution by "
        "its Erasmus code" in out
    )


def test_an_ec_file_imported_again_says_so_in_one_line(isolated_warehouse):
    run("import", "mobilities", KA1)
    out = run("import", "mobilities", KA1)
    assert out.splitlines()[0].startswith(
        "ka1_mobilities_2014_2021.csv: already imported (import #1, "
    )
    assert "Imported as import #None" not in out

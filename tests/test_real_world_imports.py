"""The EU charter list (institution registry), the EC mobility statistics, and partner linking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from warehouse.cli import cli
from warehouse.importers._ec_csv import read_numbered
from warehouse.importers.registry import read_registry

from .conftest import DATA, SHARED, sql

INSTITUTIONS = DATA / "imports" / "institutions"
EC_PART = DATA / "imports" / "ec_statistics" / "part_000.csv"
EC_SWITZERLAND = DATA / "imports" / "ec_statistics" / "switzerland_and_unknown.csv"
ECHE = SHARED / "data" / "eche-2021-2027"
EC_PARTS = SHARED / "data" / "ec-erasmus-students-2008-2013" / "students_2008_2012"


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the real EU data lives in ../shared/data beside the repo")
    return path


# ---------- registry


def test_charter_list_csv_normalises_codes_and_reads_both_date_orders():
    parsed = read_registry(INSTITUTIONS / "eche_sample.csv")
    assert (parsed.rows_read, parsed.rows_accepted, parsed.rows_rejected) == (6, 5, 1)
    assert parsed.rejects[0].line_number == 8 and parsed.rejects[0].reason == "no Erasmus code"
    by_code = {row["erasmus_code"]: row for row in parsed.institutions}
    assert sorted(by_code) == ["E MADRID05", "F ALBI05", "F ALES02", "G ATHINE42", "IRLDUBLIN02"]
    assert by_code["F ALES02"]["charter_start"] == dt.date(2021, 11, 1)  # 11/1/2021, month first
    assert by_code["E MADRID05"]["charter_start"] == dt.date(2024, 6, 26)  # 26/06/2024
    assert by_code["G ATHINE42"]["charter_start"] == dt.date(2024, 2, 1)  # 2/1/2024
    assert by_code["E MADRID05"]["oid"] is None  # '#N/A'
    assert by_code["F ALBI05"]["city"] == "ALBI CEDEX 09"
    # the EC writes Greece 'EL', as in the real list: stored as ISO's GR, so the map finds it
    assert by_code["G ATHINE42"]["country_iso2"] == "GR"


def test_charter_list_xlsx_gives_the_same_institutions_as_the_csv(tmp_path):
    import openpyxl

    csv_rows = read_registry(INSTITUTIONS / "eche_sample.csv").institutions
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Report 2"
    sheet.append([])  # the EC workbook starts with a blank row
    sheet.append(
        ["Proposal number", "Erasmus Code", "Pic", "OID", "Legal Name", "Street", "Post Cd",
         "City", "Country Cd", "Website Url", "Erasmus Eche Start", "Erasmus Eche End"]
    )  # fmt: skip
    for row in csv_rows:
        sheet.append(
            ["1", row["erasmus_code"].replace(" ", "\u00a0 "), row["pic"], row["oid"] or "#N/A",
             row["legal_name"], row["street"], row["postcode"], row["city"], row["country_iso2"],
             row["website"], dt.datetime.combine(row["charter_start"], dt.time()),
             dt.datetime.combine(row["charter_end"], dt.time())]
        )  # fmt: skip
    workbook.save(tmp_path / "destinations.xlsx")
    xlsx_rows = read_registry(tmp_path / "destinations.xlsx").institutions
    strip = lambda rows: [{k: v for k, v in r.items() if k != "line_number"} for r in rows]  # noqa: E731
    assert strip(xlsx_rows) == strip(csv_rows)


@pytest.mark.shared_data
def test_real_charter_list_gives_5912_institutions_from_xlsx_and_from_csv(isolated_warehouse):
    xlsx = read_registry(shared(ECHE / "destinations.xlsx"))
    csv = read_registry(shared(ECHE / "destinations.csv"))
    assert (xlsx.rows_read, xlsx.rows_accepted) == (5912, 5912)
    assert (csv.rows_read, csv.rows_accepted) == (5912, 5912)

    def dates(p):
        return {r["erasmus_code"]: (r["charter_start"], r["charter_end"]) for r in p.institutions}

    assert dates(xlsx) == dates(csv)
    run("import", "institutions", ECHE / "destinations.xlsx")
    assert sql(isolated_warehouse, "select count(*) from institutions") == [(5912,)]
    assert sql(
        isolated_warehouse,
        "select name, city, round(latitude, 1) from institutions where erasmus_code = 'F ALBI05'",
    ) == [
        ("INSTITUT MINES TELECOM, ECOLE NATIONALE SUPERIEURE DES MINES ALBI CARMAUX", "ALBI", 43.9)
    ]


# ---------- EC statistics


def test_ec_statistics_keep_every_row_and_explain_the_unreadable_one(isolated_warehouse):
    out = run("import", "mobilities", EC_PART)
    assert "part_000.csv: 8 rows read, 7 accepted, 1 rejected; reject report:" in out
    assert sql(isolated_warehouse, "select line_number, reason from rejected_rows") == [
        (9, "unreadable CSV row: Value with unterminated quote found.")
    ]
    assert sql(isolated_warehouse, "select sum(count_students) from institution_flows") == [(7,)]


def test_ec_statistics_rows_after_an_unreadable_row_keep_their_own_record_numbers(
    isolated_warehouse, tmp_path
):
    header, first, *_rest = EC_PART.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "part_with_a_bad_row.csv"
    rows = [header, first, first + ";a cell too many", first, first]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = run("import", "mobilities", path)
    assert "4 rows read, 3 accepted, 1 rejected" in out
    assert sql(isolated_warehouse, "select line_number from rejected_rows") == [(3,)]
    # numbered 2, 3, 4 before: the rows after the rejected one took the numbers before them
    assert sql(
        isolated_warehouse, "select line_number from raw.ec_student_mobilities order by 1"
    ) == [(2,), (4,), (5,)]


def test_rows_after_unreadable_ones_keep_their_record_numbers_whatever_the_newlines(tmp_path):
    path = tmp_path / "file.csv"
    path.write_text('a;b\n1;"x\nmore"\n2;y;extra\n3;z\n4;q;r\n5;s;t\n6;u\n', encoding="utf-8")
    con = duckdb.connect()
    rejects = read_numbered(con, path, ["a", "b"], "rows")
    assert [reject.line_number for reject in rejects] == [3, 5, 6]
    assert con.execute("select a, line_number from temp.rows order by a").fetchall() == [
        ("1", 2),  # a quoted newline: one record
        ("3", 4),
        ("6", 7),
    ]


def test_ec_statistics_become_mobilities_of_the_home_schools(isolated_warehouse):
    run("import", "mobilities", EC_PART)
    rows = sql(
        isolated_warehouse,
        """
        select school, direction, academic_year, activity, p.country_iso2
        from mobilities join partners p using (partner_id) order by all
        """,
    )
    assert rows == [
        ("IMT Mines Albi", "incoming", "2011-2012", "study", "ES"),
        ("IMT Mines Albi", "incoming", "2012-2013", "study", "FR"),
        ("IMT Mines Albi", "outgoing", "2010-2011", "study", "ES"),
        ("IMT Mines Albi", "outgoing", "2011-2012", "study", "IE"),  # starts 08-2011
        ("IMT Mines Albi", "outgoing", "2011-2012", "traineeship", "DE"),  # starts 07-2012
        ("IMT Mines Alès", "outgoing", "2012-2013", "study", "FR"),
        ("IMT Nord Europe", "outgoing", "2009-2010", "study", "GR"),  # as Mines Douai, F DOUAI02
    ]
    placement = sql(isolated_warehouse, "select name from partners where country_iso2 = 'DE'")
    assert placement == [("ACME ROBOTICS,\nLABORATORY OF\nMATERIALS",)]


def test_ec_statistics_give_every_partner_the_country_of_its_code_or_say_it_is_unknown(
    isolated_warehouse,
):
    out = run("import", "mobilities", EC_SWITZERLAND)
    assert "8 rows read, 8 accepted, 0 rejected" in out
    assert (
        "note: 2 rows name an institution whose country is not known: EURFIESOLE01 (1), a "
        "placement naming no country (1); kept and counted, shown as 'Unknown country'"
    ) in out
    rows = sql(
        isolated_warehouse,
        """
        select direction, p.name, p.country_iso2, p.country_name
        from mobilities m join partners p using (partner_id) order by all
        """,
    )
    assert rows == [
        ("incoming", "CH LAUSANN06", "CH", "Switzerland"),
        ("outgoing", "ACME HELLAS", "GR", "Greece"),  # the EU writes Greece EL
        ("outgoing", "BENLXX", "BE", "Belgium"),  # Flemish Community, unknown institution
        ("outgoing", "CH LAUSANN06", "CH", "Switzerland"),
        ("outgoing", "CH ZURICH01", "CH", "Switzerland"),
        ("outgoing", "EURFIESOLE01", None, "Unknown country"),  # no country prefix: said so
        ("outgoing", "FL VADUZ01", "LI", "Liechtenstein"),
        ("outgoing", "UNNAMED LAB", None, "Unknown country"),  # a placement naming no country
    ]


@pytest.mark.shared_data
def test_real_ec_statistics_give_the_known_figures_of_albi_ales_and_douai(isolated_warehouse):
    parts = sorted(shared(EC_PARTS).glob("part_*.csv"))
    assert len(parts) == 50
    out = run("import", "mobilities", *parts)
    assert "50 files: 1163508 rows read, 1163508 accepted, 0 rejected" in out
    assert sql(
        isolated_warehouse,
        """
        select s.erasmus_code, count(*) filter (where direction = 'outgoing'),
               count(*) filter (where direction = 'incoming')
        from mobilities m join schools s using (school_id)
        where s.erasmus_code in ('F ALBI05', 'F ALES02', 'F LILLE91', 'F NANTES80')
        group by all order by 1
        """,
    ) == [
        ("F ALBI05", 176, 28),
        ("F ALES02", 298, 28),
        ("F LILLE91", 179, 5),
        # IMT Atlantique, as Mines Nantes (F NANTES37: 202 sent, 6 hosted) and Télécom
        # Bretagne (F BREST09: 245 sent, 80 hosted)
        ("F NANTES80", 447, 86),
    ]
    assert sql(isolated_warehouse, "select sum(count_students) from institution_flows") == [
        (1163508,)
    ]
    # every code has its country: the Swiss ones were lost before (Alès's map said 286, CH 15)
    assert sql(
        isolated_warehouse,
        """
        select code, count(*)
        from (select sending_code as code, sending_country_iso2 as country
              from raw.ec_student_mobilities
              union all
              select receiving_code, receiving_country_iso2 from raw.ec_student_mobilities)
        where country is null group by all
        """,
    ) == [("EURFIESOLE01", 8)]  # the European University Institute before I FIESOLE01
    from dashboard import data
    from dashboard.filters import Filters

    ales = Filters(schools=("imt-mines-ales",), year_from="2008-2009", year_to="2012-2013")
    countries = data.country_measures(ales, "2012-2013")
    assert countries["count_outgoing"].sum() == 298
    assert countries.filter(country_iso2="CH")["count_outgoing"].to_list() == [27]


# ---------- linking partners to the registry


def test_partners_link_to_the_registry_by_name_and_take_its_city(isolated_warehouse):
    run("import", "institutions", INSTITUTIONS / "eche_sample.csv")
    out = run(
        "import", "agreements", DATA / "imports" / "agreements" / "partner_list.tsv",
        "--school", "IMT Mines Albi",
    )  # fmt: skip
    assert "partners with an Erasmus code: 2 of 7" in out
    assert sql(
        isolated_warehouse,
        """
        select name, erasmus_code, city, round(latitude, 1), round(longitude, 1)
        from partners where erasmus_code is not null order by name
        """,
    ) == [
        ("National Technical University of Athens", "G ATHINE42", "ATHINA", 38.0, 23.7),
        ("UNIVERSITY COLLEGE DUBLIN", "IRLDUBLIN02", "Dublin", 53.3, -6.2),
    ]


def test_a_partner_named_in_a_list_and_coded_in_the_statistics_is_one_partner(
    isolated_warehouse,
):
    run("import", "institutions", INSTITUTIONS / "eche_sample.csv")
    run("import", "mobilities", EC_PART)
    run(
        "import", "agreements", DATA / "imports" / "agreements" / "partner_list.tsv",
        "--school", "IMT Nord Europe",
    )  # fmt: skip
    assert sql(
        isolated_warehouse,
        """
        select p.name, count(distinct a.agreement_id), count(distinct m.mobility_id)
        from partners p
        join agreements a using (partner_id)
        join mobilities m using (partner_id)
        group by all order by 1
        """,
    ) == [("National Technical University of Athens", 1, 1), ("University College Dublin", 1, 1)]


# ---------- Erasmus Without Paper agreements through the CLI

EWP = SHARED / "data" / "ewp-iias-v7"


@pytest.mark.shared_data
def test_ewp_example_lands_with_its_five_cooperation_conditions(isolated_warehouse):
    example = shared(EWP / "endpoints" / "get-response-example.xml")
    out = run(
        "import", "agreements", example, "--school", "IMT Mines Albi", "--hei-id", "uw.edu.pl"
    )
    assert "quotas (cooperation conditions, places): 5" in out
    assert sql(
        isolated_warehouse,
        """
        select q.direction, q.mobility_type, q.mobilities_per_year, q.months_per_year,
               q.days_per_year, p.name, p.country_iso2
        from agreement_quotas q join agreements a using (agreement_id)
        join partners p on p.partner_id = a.partner_id
        order by all
        """,
    ) == [
        ("incoming", "staff_teaching", 2.0, None, 14.0, "hibo.no", "NO"),
        ("incoming", "staff_training", 2.0, None, 14.0, "hibo.no", "NO"),
        ("outgoing", "staff_teaching", 2.0, None, 8.0, "hibo.no", "NO"),
        ("outgoing", "student_studies", 2.0, 5.0, None, "hibo.no", "NO"),
        ("outgoing", "student_traineeship", 10.0, 10.0, None, "hibo.no", "NO"),
    ]


@pytest.mark.shared_data
def test_an_ewp_file_breaking_the_schema_is_rejected_and_changes_nothing(
    isolated_warehouse, tmp_path
):
    example = shared(EWP / "endpoints" / "get-response-example.xml")
    run("import", "agreements", example, "--school", "IMT Mines Albi", "--hei-id", "uw.edu.pl")
    before = isolated_warehouse.read_bytes()
    broken = tmp_path / "broken.xml"
    broken.write_text(
        example.read_text().replace("<mobilities-per-year>2<", "<mobilities-per-year>two<", 1)
    )
    result = CliRunner().invoke(
        cli, ["import", "agreements", str(broken), "--school", "IMT Mines Albi"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {broken}, line ")
    assert "does not follow the EWP IIA v7 schema" in result.stderr
    assert "'two' is not a valid value" in result.stderr
    assert isolated_warehouse.read_bytes() == before


# ---------- import history


def test_rejected_rows_can_be_listed_and_exported_to_fix_and_reimport(isolated_warehouse, tmp_path):
    run("import", "mobilities", EC_PART)
    out = run("rejects", "1")
    assert "part_000.csv" in out and "unterminated quote" in out
    target = tmp_path / "to_fix.csv"
    run("rejects", "1", "--csv", target)
    lines = target.read_text().splitlines()
    assert lines[0] == "import_id,file_name,line_number,reason,raw_text"
    assert lines[1].startswith("1,part_000.csv,9,unreadable CSV row")
    out = run("imports")
    assert "part_000.csv" in out

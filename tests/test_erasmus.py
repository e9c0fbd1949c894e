"""Erasmus+ reporting: the distance calculator, the inputs of mobility files, the rule checks,
the grant estimate, the user's own rules and the pre-flight workbook.

The small warehouse is tests/data/imports/erasmus/english.csv imported for IMT Mines Albi: seven
outgoing mobilities of the call 2024 whose figures are worked out by hand below, with the
shipped 2024 rules (group 2 countries: 540 EUR a month for students, 160 EUR a day for staff;
third countries 700 EUR a month; short-term 79 EUR a day up to day 14).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from warehouse import erasmus
from warehouse.cli import cli
from warehouse.importers.partner_lists import SchoolContext
from warehouse.importers.spreadsheets import read_spreadsheet

from .conftest import DATA, sql

FIXTURES = DATA / "imports" / "erasmus"
ALBI = SchoolContext("imt-mines-albi", "IMT Mines Albi", "Mines Albi", "IMT")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def small_warehouse(isolated_warehouse: Path) -> Path:
    result = run(
        "import", "mobilities", str(FIXTURES / "english.csv"), "--school", "IMT Mines Albi"
    )
    assert result.exit_code == 0, result.output
    return isolated_warehouse


# ---------- distance


# (from, to, Haversine by hand on the GeoNames coordinates, the issue's figure, its tolerance)
# Alès (44.12489, 4.08082) to Montréal (45.50884, -73.58781) is 5,875.1 km; city-centre
# coordinates from other sources give 5,874-5,875 km too, so the issue's "≈ 5,870" is a rounded
# figure 5.1 km off, and it is checked within 10 km.
@pytest.mark.parametrize(
    ("origin", "destination", "by_hand_km", "issue_km", "tolerance", "band"),
    [
        ("Albi, FR", "Madrid, ES", 620.3, 620, 5, "500–1,999 km"),
        ("Alès, FR", "Montréal, CA", 5875.1, 5870, 10, "4,000–7,999 km"),
        ("Villeneuve d'Ascq, FR", "Mons, BE", 58.4, 60, 5, "10–99 km"),
    ],
)
def test_the_distance_calculator_gives_the_issue_examples(
    origin, destination, by_hand_km, issue_km, tolerance, band
):
    result = run("erasmus", "distance", origin, destination)
    assert result.exit_code == 0, result.output
    km = float(result.stdout.split(": ")[1].split(" km")[0].replace(",", ""))
    assert km == by_hand_km
    assert abs(km - issue_km) <= tolerance
    assert f"band {band}" in result.stdout


def test_the_distance_calculator_prints_one_decimal_and_the_amounts_of_the_band():
    result = run("erasmus", "distance", "Albi, FR", "Madrid, ES", "--call-year", "2023")
    assert result.stdout == (
        "Albi (FR) → Madrid (ES): 620.3 km, band 500–1,999 km "
        "(call 2023: travel 275 EUR, green 320 EUR)\n"
    )


def test_a_home_school_is_located_by_its_erasmus_code_former_ones_included():
    by_code = run("erasmus", "distance", "F DOUAI02", "Mons, BE")
    by_city = run("erasmus", "distance", "Villeneuve d'Ascq, FR", "Mons, BE")
    assert by_code.stdout.split(": ")[1] == by_city.stdout.split(": ")[1]
    assert by_code.stdout.startswith("F DOUAI02 IMT Nord Europe (Villeneuve d'Ascq, FR) → ")


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("Atlantis, FR", "error: unknown city 'Atlantis' in France (not in the offline gazetteer)"),
        ("Albi", "error: 'Albi': expected 'City, ISO2' (such as 'Albi, FR') or an Erasmus code"),
        ("F NOWHERE01", "error: unknown Erasmus code 'F NOWHERE01'"),
    ],
)
def test_an_unknown_place_is_one_line_and_exit_status_1(place, message):
    run("status")  # the warehouse exists: stderr holds the error alone
    result = CliRunner().invoke(cli, ["erasmus", "distance", place, "Madrid, ES"])
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_python_and_sql_haversine_agree():
    pairs = [
        (43.9298, 2.148, 40.4165, -3.70256),  # Albi, Madrid
        (44.12489, 4.08082, 45.50884, -73.58781),  # Alès, Montréal
        (50.61669, 3.16664, 50.45413, 3.95229),  # Villeneuve-d'Ascq, Mons
        (0.0, 0.0, 0.0, 180.0),  # antipodes: half the circumference
        (-33.8688, 151.2093, 51.5072, -0.1276),  # Sydney, London
    ]
    with duckdb.connect() as con:
        con.execute((Path(erasmus.__file__).parent / "models/macros/erasmus.sql").read_text())
        for pair in pairs:
            (in_sql,) = con.execute("select haversine_km(?, ?, ?, ?)", list(pair)).fetchone()
            assert in_sql == pytest.approx(erasmus.haversine_km(*pair), abs=1e-9)
        assert con.execute("select haversine_km(null, 0, 0, 0)").fetchone() == (None,)
    assert erasmus.haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0)


def test_a_distance_is_banded_as_shown_rounded_to_a_tenth_of_a_km():
    bands = [erasmus.Band(1, 10, 100, 23, None), erasmus.Band(2, 100, 500, 180, 210)]
    assert erasmus.band_of(9.94, bands) is None  # shown as 9.9 km: no band, no travel grant
    assert erasmus.band_of(99.94, bands).band == 1  # 99.9 km
    assert erasmus.band_of(99.96, bands).band == 2  # shown as 100.0 km
    assert bands[0].label == "10–99 km"
    assert erasmus.Band(7, 8000, None, 1500, None).label == "8,000 km and more"


def test_grant_months_count_calendar_months_and_days_at_a_thirtieth():
    with duckdb.connect() as con:
        con.execute((Path(erasmus.__file__).parent / "models/macros/erasmus.sql").read_text())
        months = con.execute(
            """
            select erasmus_months(date '2024-09-01', date '2025-01-31'),
                   erasmus_months(date '2024-09-15', date '2024-10-14'),
                   erasmus_months(date '2024-09-01', date '2024-12-15'),
                   erasmus_months(date '2024-09-02', date '2024-10-07')
            """
        ).fetchone()
    assert months == (5.0, 1.0, 3.5, 1.2)


# ---------- inputs of mobility files


@pytest.mark.parametrize("name", ["english.csv", "french.csv", "spanish.csv"])
def test_erasmus_columns_are_read_in_three_languages(name):
    parsed = read_spreadsheet(FIXTURES / name, "mobilities", ALBI, pseudonym_key=b"key")
    assert parsed.rows_read == parsed.rows_accepted == 7
    assert [
        (m["activity"], m["erasmus_activity"], m["is_green_travel"],
         m["has_fewer_opportunities"], m["is_blended"], m["erasmus_action"])
        for m in parsed.mobilities.to_dicts()
    ] == [
        ("study", "HE-SMS", False, False, False, None),
        ("study", None, True, True, None, None),
        ("staff_teaching", "HE-STA", False, None, None, None),
        ("study", "BIP", True, True, True, None),
        ("study", None, False, False, False, "KA131"),
        ("study", None, False, False, False, None),
        ("traineeship", "HE-SMT", False, False, False, None),
    ]  # fmt: skip


def test_a_value_not_understood_is_left_empty_with_a_note(tmp_path):
    path = tmp_path / "mobilities.csv"
    path.write_text(
        "Partner,Country,Direction,Start date,Tipo de actividad,Voyage vert,Key action\n"
        "Aalto University,FI,OUT,01/09/2024,Estudios,peut-être,KA107\n"
        "Aalto University,FI,OUT,01/09/2024,SMP,,\n",
        "utf-8",
    )
    parsed = read_spreadsheet(path, "mobilities", ALBI, pseudonym_key=b"key")
    first, second = parsed.mobilities.to_dicts()
    # a plain label under 'Tipo de actividad' is still the activity
    assert (first["activity"], first["erasmus_activity"]) == ("study", None)
    assert (first["is_green_travel"], first["erasmus_action"]) == (None, None)
    assert (second["activity"], second["erasmus_activity"]) == ("traineeship", "HE-SMT")
    assert "line 2: green travel 'peut-être' is not yes or no, left empty" in parsed.notes
    assert "line 2: Erasmus+ action 'KA107' is not KA131 or KA171, left empty" in parsed.notes


def test_the_inputs_reach_the_public_mobilities_view(small_warehouse):
    assert sql(
        small_warehouse,
        "select count(*) filter (where is_green_travel), count(*) filter (where is_blended), "
        "count(*) filter (where has_fewer_opportunities), "
        "string_agg(distinct erasmus_activity, ',' order by erasmus_activity), "
        "string_agg(distinct erasmus_action, ',') from mobilities",
    ) == [(2, 1, 2, "BIP,HE-SMS,HE-SMT,HE-STA", "KA131")]


def test_each_side_is_named_with_its_code_city_country_and_the_partners_oid(
    isolated_warehouse, tmp_path
):
    # the registry gives University College Dublin its OID; a receiving partner shows it, a
    # sending one does not (the Beneficiary Module asks for the receiving organisation's OID)
    result = run("import", "institutions", str(DATA / "imports/institutions/eche_sample.csv"))
    assert result.exit_code == 0, result.output
    both_ways = tmp_path / "dublin.csv"
    both_ways.write_text(
        "Student ID,Host institution,Country,Erasmus code,Direction,Start date,End date,Activity\n"
        "31900001,University College Dublin,Ireland,IRLDUBLIN02,outgoing,01/09/2024,31/01/2025,"
        "Study\n"
        "31900002,University College Dublin,Ireland,IRLDUBLIN02,incoming,01/09/2024,31/01/2025,"
        "Study\n"
    )
    result = run("import", "mobilities", str(both_ways), "--school", "IMT Mines Albi")
    assert result.exit_code == 0, result.output
    assert sql(
        isolated_warehouse,
        "select direction, sending_organisation, sending_erasmus_code, sending_city, "
        "sending_country_iso2, receiving_organisation, receiving_erasmus_code, receiving_oid, "
        "receiving_city, receiving_country_iso2 from erasmus_mobilities order by direction",
    ) == [
        ("incoming", "University College Dublin", "IRLDUBLIN02", "Dublin", "IE",
         "IMT Mines Albi", "F ALBI05", None, "Albi", "FR"),
        ("outgoing", "IMT Mines Albi", "F ALBI05", "Albi", "FR",
         "University College Dublin", "IRLDUBLIN02", "E10000002", "Dublin", "IE"),
    ]  # fmt: skip


# ---------- classification, grant estimate, checks


def test_the_public_view_starts_with_the_columns_the_issue_names(small_warehouse):
    columns = [row[0] for row in sql(small_warehouse, "describe erasmus_mobilities")]
    assert columns[:11] == [
        "mobility_id", "action", "activity_type", "is_long_term", "distance_km", "distance_band",
        "is_green_travel", "travel_grant_eur", "individual_support_eur", "total_grant_eur",
        "failed_checks",
    ]  # fmt: skip


def test_each_mobility_is_classified_and_estimated_as_worked_out_by_hand(small_warehouse):
    rows = sql(
        small_warehouse,
        """
        select receiving_city, action, activity_type, is_long_term, distance_km,
               distance_band, is_green_travel, travel_grant_eur, funded_travel_days,
               individual_support_eur,
               fewer_opportunities_top_up_eur + traineeship_top_up_eur + green_travel_top_up_eur,
               total_grant_eur
        from erasmus_mobilities order by start_date, receiving_city
        """,
    )
    assert rows == [
        # 5 months in Madrid: 540 * 5; students inside Europe get no travel grant
        ("Madrid", "KA131", "HE-SMS", True, 620.3, "500–1,999 km", False, 0.0, 0,
         2700.0, 0.0, 2700.0),
        # 3.5 months in Munich, green, fewer opportunities: 540 * (3.5 + 4/30) + 250 * 3.5 + 50
        ("Munich", "KA131", "HE-SMS", True, 864.2, "500–1,999 km", True, 0.0, 4,
         1962.0, 925.0, 2887.0),
        # KA131 to Brazil: 1,500 travel, 700 * (5 + 2/30)
        ("São Paulo", "KA131", "HE-SMS", True, 8997.7, "8,000 km and more", False, 1500.0, 2,
         3546.67, 0.0, 5046.67),
        # 1.2 months in Liège: 540 * 1.2
        ("Liège", "KA131", "HE-SMS", True, 788.6, "500–1,999 km", False, 0.0, 0,
         648.0, 0.0, 648.0),
        # staff, 5 days + 2 travel days at 160 a day, travel 275
        ("Milan", "KA131", "HE-STA", False, 581.9, "500–1,999 km", False, 275.0, 2,
         1120.0, 0.0, 1395.0),
        # traineeship 5.5333 months: 540 and 150 a month
        ("Vienna", "KA131", "HE-SMT", True, 1193.7, "500–1,999 km", False, 0.0, 0,
         2987.98, 830.0, 3817.98),
        # BIP, 7 days + 6 green travel days at 79, green travel 410, fewer opportunities 100
        ("Helsinki", "KA131", "BIP", False, 2360.6, "2,000–2,999 km", True, 410.0, 6,
         1027.0, 100.0, 1537.0),
    ]  # fmt: skip


def test_each_failed_check_has_its_reason(small_warehouse):
    rows = sql(
        small_warehouse,
        "select receiving_city, failed_checks from erasmus_mobilities "
        "where len(failed_checks) > 0 order by start_date",
    )
    wien, madrid = (
        sql(small_warehouse, "select mobility_id from erasmus_mobilities where receiving_city = ?",
            city)[0][0]
        for city in ("Vienna", "Madrid")
    )  # fmt: skip
    assert sorted(rows) == sorted(
        [
            ("Madrid", [f"overlap: the same participant has mobility {wien} "
                        "(2025-01-15 to 2025-06-30) at the same time"]),
            ("São Paulo", ["organisation: receiving organisation 'Universidade de São Paulo' has "
                           "no Erasmus code and no OID in the registry"]),
            ("Liège", ["duration: 1.2 months is below the 2-month minimum for long-term study"]),
            ("Vienna", [f"overlap: the same participant has mobility {madrid} "
                        "(2024-09-01 to 2025-01-31) at the same time"]),
        ]
    )  # fmt: skip


def test_grant_totals_add_up_and_flag_the_third_country_share_above_the_cap(small_warehouse):
    assert sql(
        small_warehouse,
        "select count_mobilities, count_with_failed_checks, total_grant_eur, "
        "ka131_third_country_grant_eur, ka131_third_country_share, is_above_third_country_cap "
        "from erasmus_grant_totals where school = 'IMT Mines Albi' and call_year = 2024",
    ) == [(7, 4, 18031.65, 5046.67, 0.2799, True)]


def test_checks_of_dates_window_staff_and_short_stays(isolated_warehouse, tmp_path):
    path = tmp_path / "checks.csv"
    path.write_text(
        "Host institution,Country,Erasmus code,Direction,Academic year,Start date,End date,"
        "Activity,Blended\n"
        "Politecnico di Milano,IT,I MILANO02,outgoing,2024-2025,03/03/2025,30/05/2025,"
        "Staff training,\n"
        "Politecnico di Milano,IT,I MILANO02,outgoing,2024-2025,03/03/2025,03/03/2025,"
        "Staff teaching,\n"
        "Politecnico di Milano,IT,I MILANO02,outgoing,2024-2025,03/03/2025,22/03/2025,Study,no\n"
        "Politecnico di Milano,IT,I MILANO02,outgoing,2024-2025,01/09/2025,31/08/2026,Study,\n"
        "Politecnico di Milano,IT,I MILANO02,outgoing,2024-2025,,,Study,\n",
        "utf-8",
    )
    assert run("import", "mobilities", str(path), "--school", "Mines Albi").exit_code == 0
    assert [
        row[0]
        for row in sql(
            isolated_warehouse,
            "select failed_checks from erasmus_mobilities order by start_date, end_date",
        )
    ] == [
        ["duration: 1 day is below the 2-day minimum for staff teaching"],
        ["activity: a 20-day study stay is short-term, which only blended mobility or a "
         "doctoral candidate may be"],
        ["duration: 89 days is above the 60-day (2-month) maximum for staff training"],
        ["window: ends 2026-08-31, after the call 2024 project period "
         "(2024-06-01 to 2026-07-31)"],
        ["dates: no start date (the Beneficiary Module needs one)",
         "duration: unknown (no dates and no duration in months)"],
    ]  # fmt: skip


# ---------- the user's own rules


def test_rules_a_user_imports_replace_the_shipped_ones_and_survive_rebuilds(
    small_warehouse, tmp_path
):
    rules = tmp_path / "agence-erasmus-france-2024.csv"
    rules.write_text(
        "call_year,rule,value,unit,source\n"
        "2024,student_monthly_support_group_2,450,EUR per month,French NA 2024 (example)\n",
        "utf-8",
    )
    result = run("erasmus", "rules", "import", str(rules))
    assert result.output == (
        "agence-erasmus-france-2024.csv: 1 rows imported into erasmus_rules "
        "(they replace shipped rows)\n"
    )
    # another write rebuilds the warehouse and rewrites the shipped rules: the user's row stays
    assert run("schools", "add", "Test School", "--country", "FR").exit_code == 0
    assert sql(
        small_warehouse,
        "select individual_support_eur from erasmus_mobilities where receiving_city = 'Madrid'",
    ) == [(2250.0,)]  # 450 * 5
    assert sql(
        small_warehouse,
        "select count(*) from erasmus_rules where rule = 'student_monthly_support_group_2'",
    ) == [(4,)]  # three shipped call years and the user's row
    listed = run("erasmus", "rules", "--call-year", "2024").output
    assert "student_monthly_support_group_2" in listed and "French NA 2024" in listed


def test_a_new_call_year_needs_only_csv_rows(small_warehouse, tmp_path):
    bands = tmp_path / "bands-2025.csv"
    with open(erasmus.REFERENCE_DIR / "erasmus_distance_bands.csv", encoding="utf-8") as file:
        rows = [row for row in csv.DictReader(file) if row["call_year"] == "2024"]
    with open(bands, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "call_year": "2025", "source": "Programme Guide 2025 (test)"})
    assert run("erasmus", "rules", "import", str(bands)).exit_code == 0
    result = run("erasmus", "distance", "Albi, FR", "Madrid, ES")
    assert "(call 2025: travel 275 EUR, green 320 EUR)" in result.stdout


def test_a_bad_rules_file_is_refused_naming_file_and_line(small_warehouse, tmp_path):
    before = small_warehouse.read_bytes()
    rules = tmp_path / "rules.csv"
    rules.write_text(
        "call_year,rule,value,unit,source\n"
        "2024,travel_days,2,days,Programme Guide 2024\n"
        "2024,travel_days_green,six,days,Programme Guide 2024\n",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["erasmus", "rules", "import", str(rules)])
    assert result.exit_code == 1
    assert result.output == f"error: {rules}, line 3: value 'six' is not a number\n"
    assert small_warehouse.read_bytes() == before
    rules.write_text("call_year,rule,value,unit,source\n2024,travel_days,2,days,\n", "utf-8")
    result = CliRunner().invoke(cli, ["erasmus", "rules", "import", str(rules)])
    assert "line 2: empty source" in result.output


def test_shipped_rules_say_where_each_figure_comes_from():
    for name in ("erasmus_rules.csv", "erasmus_distance_bands.csv", "erasmus_countries.csv"):
        with open(erasmus.REFERENCE_DIR / name, encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        assert {row["call_year"] for row in rows} == {"2022", "2023", "2024"}, name
        assert all(row["source"].startswith("Erasmus+ Programme Guide 20") for row in rows), name
    with open(erasmus.REFERENCE_DIR / "erasmus_countries.csv", encoding="utf-8") as file:
        programme = {
            row["country_iso2"]
            for row in csv.DictReader(file)
            if row["call_year"] == "2022" and row["programme_status"] == "associated"
        }
    assert programme == {"IS", "LI", "NO", "MK", "RS", "TR"}


# ---------- the pre-flight workbook, on the demo


def sheet(path: Path, name: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def demo_report(demo_warehouse, tmp_path) -> Path:
    out = tmp_path / "albi-2024.xlsx"
    result = run(
        "report", "erasmus", "--school", "Mines Albi", "--call-year", "2024", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{out}: IMT Mines Albi, call 2024: ")
    return out


def test_a_call_year_without_a_cap_rule_gets_its_workbook(demo_warehouse, tmp_path):
    out = tmp_path / "albi-2019.xlsx"
    result = run(
        "report", "erasmus", "--school", "Mines Albi", "--call-year", "2019", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_the_workbook_lists_the_mobilities_the_school_reports(demo_report, demo_warehouse):
    listed = [row["Mobility ID"] for row in sheet(demo_report, "Mobilities")]
    expected = sql(
        demo_warehouse,
        "select mobility_id from erasmus_mobilities where school = 'IMT Mines Albi' "
        "and call_year = 2024 and is_reported order by start_date, mobility_id",
    )
    assert listed == [row[0] for row in expected]
    with open(erasmus.REFERENCE_DIR / "beneficiary_module_layout_v1.csv", encoding="utf-8") as f:
        headers = [row["header"] for row in csv.DictReader(f)]
    assert list(sheet(demo_report, "Mobilities")[0]) == headers


def test_the_totals_sheet_equals_sql_sums_over_the_listed_mobilities(demo_report, demo_warehouse):
    listed = [row["Mobility ID"] for row in sheet(demo_report, "Mobilities")]
    total = next(row for row in sheet(demo_report, "Totals") if row["action"] == "total")
    (expected,) = sql(
        demo_warehouse,
        """
        select count(*), round(sum(total_grant_eur), 2),
               round(sum(travel_grant_eur) filter (where total_grant_eur is not null), 2),
               round(sum(individual_support_eur) filter (where total_grant_eur is not null), 2),
               count(*) filter (where len(failed_checks) > 0)
        from erasmus_mobilities where list_contains(?, mobility_id)
        """,
        listed,
    )
    assert (
        total["mobilities"], total["total_grant_eur"], total["travel_grant_eur"],
        total["individual_support_eur"], total["mobilities_failing_checks"],
    ) == expected  # fmt: skip
    by_group = [row for row in sheet(demo_report, "Totals") if row["action"] in ("KA131", "KA171")]
    assert sum(row["mobilities"] for row in by_group) == total["mobilities"]
    assert sum(row["total_grant_eur"] or 0 for row in by_group) == pytest.approx(
        total["total_grant_eur"]
    )
    # the same figure as the mart that the dashboard will read
    assert sql(
        demo_warehouse,
        "select total_grant_eur from erasmus_grant_totals "
        "where school = 'IMT Mines Albi' and call_year = 2024",
    ) == [(total["total_grant_eur"],)]


def test_the_checks_sheet_lists_exactly_the_mobilities_sql_rules_flag(demo_report, demo_warehouse):
    checks = sheet(demo_report, "Failed checks")
    listed = [row["Mobility ID"] for row in sheet(demo_report, "Mobilities")]
    flagged = sql(
        demo_warehouse,
        "select mobility_id, unnest(failed_checks) from erasmus_mobilities "
        "where list_contains(?, mobility_id) and len(failed_checks) > 0",
        listed,
    )
    assert sorted((row["Mobility ID"], row["Reason"]) for row in checks) == sorted(flagged)
    # Rules written again, independently, on the public mobilities view
    in_sheet = {(row["Mobility ID"], row["Check"]) for row in checks}
    reversed_dates = sql(
        demo_warehouse,
        "select mobility_id from mobilities where list_contains(?, mobility_id) "
        "and end_date < start_date",
        listed,
    )
    overlapping = sql(
        demo_warehouse,
        """
        select distinct a.mobility_id from mobilities a join mobilities b
            on a.participant_id = b.participant_id and a.mobility_id <> b.mobility_id
            and a.start_date <= b.end_date and b.start_date <= a.end_date
        where list_contains(?, a.mobility_id)
        """,
        listed,
    )
    too_short = sql(
        demo_warehouse,
        "select mobility_id from mobilities where list_contains(?, mobility_id) "
        "and activity = 'study' and end_date - start_date + 1 between 31 and 59",
        listed,
    )
    unlocated = sql(
        demo_warehouse,
        "select mobility_id from mobilities join partners using (partner_id) "
        "where list_contains(?, mobility_id) and partners.latitude is null",
        listed,
    )
    for rule, ids in (
        ("dates", reversed_dates), ("overlap", overlapping), ("duration", too_short),
        ("city", unlocated),
    ):  # fmt: skip
        assert ids, f"the demo has no mobility failing {rule}"
        assert {(mobility_id, rule) for (mobility_id,) in ids} <= in_sheet


def test_a_layout_with_a_bad_expression_names_its_line(demo_warehouse, tmp_path):
    layout = tmp_path / "layout_v2.csv"
    layout.write_text("header,source,note\nMobility ID,mobility_id,\nBad,no_such_column,\n")
    result = CliRunner().invoke(
        cli,
        ["report", "erasmus", "--school", "Mines Albi", "--call-year", "2024",
         "--out", str(tmp_path / "out.xlsx"), "--layout", str(layout)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {layout}, line 3: 'Bad': ")
    assert not (tmp_path / "out.xlsx").exists()


# ---------- the demo


def test_the_demo_carries_erasmus_inputs_and_failing_examples(demo_warehouse_file):
    (flags,) = sql(
        demo_warehouse_file,
        """
        select count(*) filter (where is_green_travel), count(*) filter (where is_blended),
               count(*) filter (where has_fewer_opportunities),
               count(*) filter (where erasmus_activity = 'BIP'),
               count(*) filter (where erasmus_action = 'KA131'), bool_and(is_synthetic)
        from mobilities where source_file = 'synthetic demo data'
        """,
    )
    assert all(flags[:5]) and flags[5]
    codes = {
        row[0]
        for row in sql(
            demo_warehouse_file,
            "select distinct check_code from erasmus_check_failures "
            "where school = 'IMT Mines Albi' and call_year = 2024",
        )
    }
    assert {"duration", "dates", "overlap", "city", "organisation"} <= codes
    assert sql(
        demo_warehouse_file,
        "select bool_or(is_above_third_country_cap), bool_and(ka131_third_country_share > 0) "
        "from erasmus_grant_totals where call_year between 2022 and 2024",
    ) == [(True, True)]

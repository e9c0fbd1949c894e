"""Limits on every import: no file, however small, exhausts the machine or hangs an import.

Each case ends in one line naming the file, the limit, its value and how to raise it (or, for a
count inside a row, in a rejected row with its reason), and leaves the warehouse as it was.
Limits are lowered through their environment variables to keep the files small."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from warehouse.cli import cli

from .conftest import DATA, ROOT, sql

PARTNERS = DATA / "imports" / "agreements" / "partner_list.tsv"
KA1 = DATA / "imports" / "ec_ka1" / "ka1_mobilities_2014_2021.csv"


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli_process(args, *, timeout: float = 60, env=None, limits=None):
    """The CLI in a process of its own: (exit code, stdout, stderr, peak memory in MB)."""
    code = (
        "import resource, sys\n"
        "from warehouse.cli import cli\n"
        "try:\n"
        "    cli.main(sys.argv[1:], standalone_mode=True)\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "    print(f'peak-mb {peak}', file=sys.stderr)\n"
    )

    def restrict():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, EFBIG
        for name, value in (limits or {}).items():
            resource.setrlimit(name, (value, value))

    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True, text=True, timeout=timeout, preexec_fn=restrict,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )  # fmt: skip
    lines = result.stderr.splitlines()
    peak = int(lines.pop().split()[1]) if lines and lines[-1].startswith("peak-mb") else None
    return result.returncode, result.stdout, "\n".join(lines), peak


def one_line(err: str) -> str:
    assert err.count("\n") == 0 and err.startswith("error: "), err
    return err


# ---------- counts inside a row


@pytest.mark.parametrize(
    "count", ["99999999999999999999", "300000"], ids=["10^20 exchanges", "300,000 exchanges"]
)
def test_a_count_of_exchanges_above_the_cap_is_a_rejected_row(isolated_warehouse, tmp_path, count):
    page = tmp_path / "partners.md"
    page.write_text(
        "# Partenaires 2019/2020\n"
        "- Espagne\n"
        f"  - [Universidad de Sevilla](https://www.us.es): {count} échanges\n"
        "  - [Universidad de Granada](https://www.ugr.es): 2 échanges\n",
        "utf-8",
    )
    assert len(page.read_bytes()) < 300
    started = time.monotonic()
    code, out, err, peak = cli_process(
        ["import", "agreements", page, "--school", "IMT Mines Albi"],
        env={"MOBILITY_DB": str(isolated_warehouse)},
    )
    assert code == 0, err
    assert time.monotonic() - started < 30 and peak < 1000
    assert f"rejected line 3: {int(count):,} exchanges is above the 1,000 one line" in out
    assert "2 rows read, 1 accepted, 1 rejected" in out
    assert sql(isolated_warehouse, "select count(*) from raw.mobilities") == [(2,)]


def test_a_page_adding_more_mobilities_than_the_rows_limit_is_refused(isolated_warehouse, tmp_path):
    page = tmp_path / "partners.md"
    items = "".join(
        f"  - [University {n}](https://u{n}.example): 900 exchanges\n" for n in range(3)
    )
    page.write_text(f"# 2019/2020\n- Spain\n{items}", "utf-8")
    code, _out, err, _ = cli_process(
        ["import", "agreements", page, "--school", "IMT Mines Albi"],
        env={"MOBILITY_DB": str(isolated_warehouse), "MOBILITY_MAX_ROWS": "2000"},
    )
    assert code == 1
    assert one_line(err) == (
        f"error: {page}, line 5: 2,700 mobilities, above the limit of 2,000 rows "
        "(MOBILITY_MAX_ROWS raises it)"
    )
    assert not isolated_warehouse.exists()


def test_ka1_participants_may_not_add_more_mobilities_than_the_rows_limit(
    isolated_warehouse, monkeypatch
):
    monkeypatch.setenv("MOBILITY_MAX_ROWS", "2")
    code, _out, err = run("import", "mobilities", KA1)
    assert code == 1
    assert err.startswith(f"error: {KA1}: ") and "mobilities of home schools (one per" in err
    assert err.endswith("above the limit of 2 rows (MOBILITY_MAX_ROWS raises it)\n")
    assert not isolated_warehouse.exists()


# ---------- workbooks


def workbook(path: Path, rows: list[list], far: dict[str, str] | None = None) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for cell, value in (far or {}).items():
        book.active[cell] = value
    book.save(path)
    return path


def test_a_cell_in_column_xfd_is_refused_at_once(isolated_warehouse, tmp_path):
    path = workbook(
        tmp_path / "partners.xlsx",
        [["Institution", "Country"], *([f"University {n}", "Spain"] for n in range(1000))],
        {"XFD1": "x", "XFD150": "y"},
    )
    assert path.stat().st_size < 30_000
    started = time.monotonic()
    code, _out, err, peak = cli_process(
        ["import", "agreements", path, "--school", "IMT Mines Albi"],
        env={"MOBILITY_DB": str(isolated_warehouse)},
    )
    assert code == 1
    assert one_line(err) == (
        f"error: {path}, line 1: a cell in column XFD (16,384), above the limit of 1,000 "
        "columns (MOBILITY_MAX_COLUMNS raises it)"
    )
    # an import that stops at once peaks at 500-550 MB here (Python, DuckDB, polars loaded)
    assert time.monotonic() - started < 30 and peak < 700
    assert not isolated_warehouse.exists()


def test_a_workbook_that_unpacks_beyond_the_size_limit_is_refused(isolated_warehouse, tmp_path):
    small = workbook(tmp_path / "small.xlsx", [["Institution", "Country"], ["Aalto", "Finland"]])
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":  # 3 MB of blanks in the sheet
                data = data.replace(b"</sheetData>", b" " * 3_000_000 + b"</sheetData>")
            out.writestr(member, data)
    assert path.stat().st_size < 100_000
    os.environ["MOBILITY_MAX_FILE_MB"] = "2"
    try:
        code, _out, err = run("import", "agreements", path, "--school", "IMT Mines Albi")
    finally:
        del os.environ["MOBILITY_MAX_FILE_MB"]
    assert code == 1
    assert one_line(err.strip()).startswith(
        f"error: {path}: the workbook unpacks to 3.0 MB, above the limit of 2 MB "
        "(MOBILITY_MAX_FILE_MB raises it)"
    )


def test_workbook_rows_columns_and_cells_have_limits(isolated_warehouse, tmp_path, monkeypatch):
    rows = [["Institution", "Country", "City"], *([f"U{n}", "Spain", "Sevilla"] for n in range(30))]
    path = workbook(tmp_path / "partners.xlsx", rows)
    monkeypatch.setenv("MOBILITY_MAX_ROWS", "20")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}, line 21: more than 20 rows, above the limit of 20 rows "
        "(MOBILITY_MAX_ROWS raises it)\n",
    )
    monkeypatch.delenv("MOBILITY_MAX_ROWS")
    monkeypatch.setenv("MOBILITY_MAX_COLUMNS", "2")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}, line 1: a cell in column C (3), above the limit of 2 columns "
        "(MOBILITY_MAX_COLUMNS raises it)\n",
    )
    monkeypatch.delenv("MOBILITY_MAX_COLUMNS")
    monkeypatch.setenv("MOBILITY_MAX_CELL_CHARS", "5")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}, line 1: a cell of 11 characters, above the limit of 5 characters "
        "(MOBILITY_MAX_CELL_CHARS raises it)\n",
    )
    xls = DATA / "imports" / "spreadsheets" / "mobilities" / "spanish.xls"
    monkeypatch.setenv("MOBILITY_MAX_CELL_CHARS", "1000")
    monkeypatch.setenv("MOBILITY_MAX_COLUMNS", "10")
    code, _out, err = run("import", "mobilities", xls, "--school", "Mines Albi", "--dry-run")
    assert code == 1 and "above the limit of 10 columns (MOBILITY_MAX_COLUMNS raises it)" in err


# ---------- text files


def test_text_files_have_size_rows_columns_and_cell_limits(
    isolated_warehouse, tmp_path, monkeypatch
):
    path = tmp_path / "partners.csv"
    path.write_text("Institution,Country\n" + "University,Spain\n" * 1_200_000, "utf-8")
    monkeypatch.setenv("MOBILITY_MAX_FILE_MB", "10")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}: the file is 20.4 MB, above the limit of 10 MB "
        "(MOBILITY_MAX_FILE_MB raises it)\n",
    )
    monkeypatch.delenv("MOBILITY_MAX_FILE_MB")
    path.write_text("Institution,Country\n" + "University,Spain\n" * 30, "utf-8")
    monkeypatch.setenv("MOBILITY_MAX_ROWS", "20")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}: 31 lines, above the limit of 20 rows (MOBILITY_MAX_ROWS raises it)\n",
    )
    monkeypatch.delenv("MOBILITY_MAX_ROWS")
    path.write_text(
        "Institution,Country\nUniversity,Spain\n" + "x" + "," * 5000 + "\nUniversity,Spain\n",
        "utf-8",
    )
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}, line 3: 5,001 cells, above the limit of 1,000 columns "
        "(MOBILITY_MAX_COLUMNS raises it)\n",
    )
    path.write_text(f"Institution,Country\nUniversity,Spain\n{'x' * 200},Spain\n", "utf-8")
    monkeypatch.setenv("MOBILITY_MAX_CELL_CHARS", "100")
    code, _out, err = run("import", "agreements", path, "--school", "Mines Albi")
    assert (code, err) == (
        1,
        f"error: {path}, line 3: a cell of 200 characters, above the limit of 100 characters "
        "(MOBILITY_MAX_CELL_CHARS raises it)\n",
    )


def test_a_huge_cell_in_a_flow_table_ends_in_one_line(isolated_warehouse, tmp_path):
    path = tmp_path / "flows.csv"
    path.write_text(
        f"CountrySending;CountryReceiving;StudentOutgoingCount\nFR;DE;1\nFR;{'x' * 200_000};2\n",
        "utf-8",
    )
    code, _out, err = run("import", "mobilities", path)
    assert code == 1
    assert one_line(err.strip()) == (
        f"error: {path}, line 3: a cell of 200,000 characters, above the limit of 32,767 "
        "characters (MOBILITY_MAX_CELL_CHARS raises it)"
    )


def test_ec_files_have_a_size_and_a_column_limit(isolated_warehouse, tmp_path, monkeypatch):
    header = KA1.read_text("utf-8").splitlines()[0]
    path = tmp_path / "ka1.csv"
    path.write_text(header + ";x" * 2000 + "\n", "utf-8")
    code, _out, err = run("import", "mobilities", path)
    assert (code, err) == (
        1,
        f"error: {path}, line 1: 2,024 cells, above the limit of 1,000 columns "
        "(MOBILITY_MAX_COLUMNS raises it)\n",
    )
    monkeypatch.setenv("MOBILITY_MAX_EC_FILE_MB", "0")
    code, _out, err = run("import", "mobilities", KA1)
    assert code == 1 and "(MOBILITY_MAX_EC_FILE_MB raises it)" in err


# ---------- JSON and XML


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "not JSON: nested too deeply"),
        ('[{"institutional_code": "F  ALBI05", "organisation_name": "A"}, 5]',
         "record 2 is not an object with institutional_code"),
        ('{"institutional_code": 1}', "not a charter list: expected records with"),
        ('[{"institutional_code": ["x"], "organisation_name": 3}]',
         "record 1: institutional_code is not text"),
    ],
    ids=["deep", "not an object", "not a list", "not text"],
)  # fmt: skip
def test_json_errors_end_in_one_line(isolated_warehouse, tmp_path, content, problem):
    path = tmp_path / "euc.json"
    path.write_text(content, "utf-8")
    code, _out, err = run("import", "institutions", path)
    assert code == 1
    assert one_line(err.strip()).startswith(f"error: {path}")
    assert problem in err


@pytest.mark.parametrize(
    "content",
    [
        "<iias-get-response>" + "<a>" * 5000 + "</a>" * 5000 + "</iias-get-response>",
        '<?xml version="1.0"?><iias-get-response xmlns="x"><iia>' + "é" * 10 + "</iia",
        "\ufeff<not closed",
    ],
    ids=["deep", "truncated", "bom"],
)
def test_xml_errors_end_in_one_line(isolated_warehouse, tmp_path, content):
    path = tmp_path / "iias.xml"
    path.write_text(content, "utf-8")
    code, _out, err = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 1
    one_line(err.strip())


# ---------- FIFOs, devices, disk full


FIFO_COMMANDS = [
    ["import", "agreements", "{}", "--school", "IMT Mines Albi"],
    ["import", "mobilities", "{}", "--school", "IMT Mines Albi"],
    ["import", "mobilities", "{}"],
    ["import", "institutions", "{}"],
    ["import", "graduates", "{}", "--school", "IMT Mines Albi"],
    ["aliases", "import", "{}"],
    ["erasmus", "rules", "import", "{}"],
]


@pytest.mark.parametrize("command", FIFO_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_fifo_is_refused_without_waiting(isolated_warehouse, tmp_path, command):
    fifo = tmp_path / "partners.csv"
    os.mkfifo(fifo)
    args = [part.replace("{}", str(fifo)) for part in command]
    # a hang fails the test after 30 s instead of blocking the suite
    code, _out, err, _ = cli_process(args, timeout=30, env={"MOBILITY_DB": str(isolated_warehouse)})
    assert code == 1
    assert one_line(err) == (
        f"error: {fifo}: not a regular file (a FIFO): import a file saved on disk"
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(isolated_warehouse, device):
    code, _out, err, _ = cli_process(
        ["import", "agreements", device, "--school", "IMT Mines Albi"],
        timeout=30, env={"MOBILITY_DB": str(isolated_warehouse)},
    )  # fmt: skip
    assert code == 1
    assert one_line(err) == (
        f"error: {device}: not a regular file (a character device): import a file saved on disk"
    )


def test_a_full_disk_ends_in_one_line_and_leaves_the_warehouse(isolated_warehouse, tmp_path):
    assert run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")[0] == 0
    before = sha256(isolated_warehouse)
    other = tmp_path / "other.tsv"
    other.write_text(PARTNERS.read_text("utf-8").replace("ERASMUS+", "Erasmus+"), "utf-8")
    size = isolated_warehouse.stat().st_size
    code, _out, err, _ = cli_process(
        ["import", "agreements", other, "--school", "IMT Mines Albi"],
        env={"MOBILITY_DB": str(isolated_warehouse)},
        limits={resource.RLIMIT_FSIZE: size // 2},
    )
    assert code == 1
    assert one_line(err).startswith(f"error: {isolated_warehouse}: cannot write the warehouse")
    assert sha256(isolated_warehouse) == before
    assert [p.name for p in isolated_warehouse.parent.glob(".*.writing*")] == []


def test_a_full_disk_for_an_export_ends_in_one_line(isolated_warehouse):
    assert run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")[0] == 0
    code, _out, err, _ = cli_process(
        ["rejects", "--csv", "/dev/full"], env={"MOBILITY_DB": str(isolated_warehouse)}
    )
    assert code == 1
    assert one_line(err) == "error: /dev/full: No space left on device"
    assert oct(os.stat("/dev/full").st_mode & 0o777) != "0o600"


# ---------- lineage: the bytes parsed, the names given


def test_the_hash_recorded_is_the_hash_of_the_bytes_parsed(isolated_warehouse, monkeypatch):
    from warehouse.importers import _files

    original = PARTNERS.read_bytes()
    path = isolated_warehouse.parent / "partners.tsv"
    path.write_bytes(original)
    replacement = original.replace(b"ERASMUS+", b"DOUBLE DEGREE")

    def read_after_a_swap(given):
        path.write_bytes(replacement)  # another version arrives while the import runs
        return _files.read_text_file(given)

    monkeypatch.setattr("warehouse.loading.read_text_file", read_after_a_swap)
    assert run("import", "agreements", path, "--school", "IMT Mines Albi")[0] == 0
    recorded = sql(isolated_warehouse, "select file_sha256 from imports")[0][0]
    types = sql(isolated_warehouse, "select distinct agreement_type from raw.agreements")
    parsed = replacement if ("double_degree",) in types else original
    assert recorded == hashlib.sha256(parsed).hexdigest()


def test_a_file_name_with_glob_characters_is_read_literally(isolated_warehouse, tmp_path):
    lines = KA1.read_text("utf-8").splitlines(keepends=True)
    (tmp_path / "ka1 [2014].csv").write_text("".join(lines[:2]), "utf-8")
    (tmp_path / "ka1 2.csv").write_text("".join([lines[0], *lines[2:]]), "utf-8")
    (tmp_path / "ka1 *.csv").write_text("".join(lines[:3]), "utf-8")
    for name, rows in (("ka1 [2014].csv", 1), ("ka1 *.csv", 2)):
        code, out, _ = run("import", "mobilities", tmp_path / name)
        assert code == 0, out
        assert f"{name}: {rows} rows read" in out or f"{rows} rows read" in out
    counts = sql(
        isolated_warehouse,
        "select i.file_name, count(r.line_number) from imports i "
        "left join raw.ec_ka1_mobilities r using (import_id) group by all order by 1",
    )
    assert counts == [("ka1 *.csv", 2), ("ka1 [2014].csv", 1)]


# ---------- replacing most of an import


def test_a_file_that_would_remove_most_rows_asks_for_replace(isolated_warehouse, tmp_path):
    path = tmp_path / "partners.tsv"
    text = PARTNERS.read_text("utf-8")
    path.write_text(text, "utf-8")
    assert run("import", "agreements", path, "--school", "IMT Mines Albi")[0] == 0
    rows = sql(isolated_warehouse, "select count(*) from raw.agreements")[0][0]
    before = sha256(isolated_warehouse)
    header_only = next(line for line in text.splitlines(keepends=True) if line.strip())
    path.write_text(header_only, "utf-8")
    code, _out, err = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 1
    assert err == (
        f"error: {path}: would replace import #1 (partners.tsv), taking its rows from {rows} "
        f"to 0 (agreements {rows} → 0): import it with --replace if that is meant\n"
    )
    assert sha256(isolated_warehouse) == before
    code, out, _ = run("import", "agreements", path, "--school", "IMT Mines Albi", "--replace")
    assert code == 0, out
    assert sql(isolated_warehouse, "select count(*) from raw.agreements") == [(0,)]


def test_a_file_that_keeps_most_rows_replaces_without_asking(isolated_warehouse, tmp_path):
    path = tmp_path / "partners.tsv"
    lines = PARTNERS.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines), "utf-8")
    assert run("import", "agreements", path, "--school", "IMT Mines Albi")[0] == 0
    path.write_text("".join(lines[:-3]), "utf-8")
    code, out, _ = run("import", "agreements", path, "--school", "IMT Mines Albi")
    assert code == 0, out


# ---------- interrupted imports


def test_leftovers_of_a_killed_import_are_reported_and_cleaned(isolated_warehouse):
    assert run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")[0] == 0
    dead = _dead_pid()
    leftover = isolated_warehouse.with_name(f".{isolated_warehouse.name}.{dead}.writing")
    leftover.write_bytes(b"x" * 2_000_000)
    copies = isolated_warehouse.with_name(f".{isolated_warehouse.name}.{dead}.abc.import")
    copies.mkdir()
    (copies / "0.csv").write_text("x")
    code, out, _ = run("status")
    assert code == 0
    assert (
        f"leftovers of interrupted imports (removed at the next import): {copies.name}, "
        f"{leftover.name} (2.0 MB)"
    ) in out
    assert run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi", "--hei-id",
               "mines-albi.fr")[0] == 0  # fmt: skip
    assert not leftover.exists() and not copies.exists()
    assert "leftovers of interrupted imports" not in run("status")[1]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_memory_budget_applies_to_imports(isolated_warehouse, monkeypatch):
    monkeypatch.setenv("MOBILITY_MEMORY_LIMIT", "lots")
    code, _out, err = run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")
    assert (code, err) == (
        1,
        "error: MOBILITY_MEMORY_LIMIT='lots': not a memory size such as 4GB\n",
    )
    assert not isolated_warehouse.exists()

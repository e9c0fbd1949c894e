"""`mobility bench` end to end on a tiny warehouse: the real server, the callbacks, the pandas
baseline giving the same figures. Timings are printed by the command, never asserted here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from benchmarks import browser, run, synthetic

ROOT = Path(__file__).resolve().parent.parent


def test_a_synthetic_warehouse_has_the_cardinalities_asked_for(tmp_path):
    path = tmp_path / "synthetic.duckdb"
    synthetic.build(path, 20_000, progress=lambda _message: None)
    with duckdb.connect(str(path), read_only=True) as con:
        mobilities, synthetic_rows, schools, years, activities = con.execute(
            "select count(*), count(*) filter (where is_synthetic), count(distinct school_id), "
            "count(distinct academic_year), count(distinct activity) from mobilities"
        ).fetchone()
        partners, countries = con.execute(
            "select count(*), count(distinct country_iso2) from partners"
        ).fetchone()
    assert (mobilities, synthetic_rows) == (20_000, 20_000)
    assert (schools, years, activities) == (12, 20, 6)
    assert partners == synthetic.PARTNERS and countries == synthetic.COUNTRIES


def test_the_bench_times_every_page_and_checks_the_baseline_figures(tmp_path):
    results = run.run([3_000], tmp_path, calls=3, progress=lambda _message: None, imports=False)
    figures = results["sizes"]["3000"]
    # the indicators page arrives as a skeleton (its router callback), then each of its
    # sections in a callback of its own
    sections = {
        f"/indicators: {name}"
        for name in (
            "health", "health no flow", "without agreement", "quotas", "balance",
            "double degrees", "stay",
        )
    }  # fmt: skip
    assert set(figures["callbacks"]) == {*run.PAGES, "/map: click a country", *sections}
    for callback in figures["callbacks"].values():
        assert callback["calls"] == 3 and callback["p50_ms"] > 0 and callback["bytes"] > 0
    assert figures["cold_start_s"] > 0 and figures["rss_mb"] > 0
    # the callbacks are timed after the server says its warm-up is over
    assert figures["warm_up_s"] > 0
    assert "warm-up: every page rendered in" in (tmp_path / "synthetic-3000.server.log").read_text()
    assert figures["baseline_ratio"] > 0  # figures equal, or run() would have raised
    assert "callback" in run.format_table(results)


def test_without_pandas_the_bench_says_which_extra_to_install(tmp_path):
    """pandas is the bench extra's: without it, `mobility bench` is one line and exit 1, before
    building anything."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pandas'] = None\n"  # as if pandas were not installed
        "from mobility import cli\n"
        f"cli(['--db', {str(tmp_path / 'w.duckdb')!r}, 'bench', '--sizes', '1000', "
        f"'--work-dir', {str(tmp_path / 'bench')!r}])\n"
    )
    result = subprocess.run(
        # from the checkout, as `python -m mobility bench` runs: the benchmarks live there
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == "error: mobility bench needs pandas (its baseline): install mobility[bench]\n"
    )
    assert not (tmp_path / "bench").exists()


@pytest.mark.browser
def test_the_browser_bench_prints_a_line_per_page(tmp_path):
    """`mobility bench --browser` on a tiny warehouse, once per page: a table line per page with
    its first visit, warm visit and filter change (times printed, never asserted)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mobility", "--db", str(tmp_path / "w.duckdb"), "bench",
         "--browser", "--sizes", "2000", "--repeat", "1", "--workers", "1",
         "--work-dir", str(tmp_path / "bench"), "--json", str(tmp_path / "browser.json")],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("2,000 mobilities (machine load average", 1)[1].splitlines()
    for page in run.PAGES:
        (line,) = [line for line in table if line.strip().startswith(page + " ")]
        cells = line.split()[1:]
        # the pages with the direction filter have a filter-change figure, the others a dash
        assert len(cells) == 6 and all(cell.isdigit() or cell == "-" for cell in cells)
        assert all(cell.isdigit() for cell in cells[:4])
    figures = json.loads((tmp_path / "browser.json").read_text())
    pages = figures["sizes"]["2000"]["pages"]
    assert set(pages) == set(run.PAGES)
    assert all(page["first"]["n"] == 1 and page["first"]["p50_ms"] > 0 for page in pages.values())
    # a second run reuses the warehouse of the same generator version
    built = tmp_path / "bench" / "synthetic-2000.duckdb"
    modified = built.stat().st_mtime_ns
    assert browser.warehouse(tmp_path / "bench", 2000, progress=print) == built
    assert built.stat().st_mtime_ns == modified

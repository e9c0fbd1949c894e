"""`mobility bench` end to end on a tiny warehouse: the real server, the callbacks, the pandas
baseline giving the same figures. Timings are printed by the command, never asserted here."""

from __future__ import annotations

import duckdb

from benchmarks import run, synthetic


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
        "from warehouse.cli import cli\n"
        f"cli(['--db', {str(tmp_path / 'w.duckdb')!r}, 'bench', '--sizes', '1000', "
        f"'--work-dir', {str(tmp_path / 'bench')!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == "error: mobility bench needs pandas (its baseline): install mobility[bench]\n"
    )
    assert not (tmp_path / "bench").exists()

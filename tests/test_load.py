"""`mobility bench --load` end to end, small: simulated users on the production server while an
import swaps a new warehouse in. Timings are printed by the command, never asserted here; the
requests, their failures and the swap are."""

from __future__ import annotations

from benchmarks import load, run


def test_users_load_every_page_while_an_import_swaps_in(tmp_path):
    results = load.run_load(
        tmp_path, users=4, duration=12, size=3_000, import_rows=3_000, workers=2, threads=4,
        think=(0.1, 0.5), progress=lambda _message: None,
    )  # fmt: skip
    pages = results["pages"]
    assert set(pages) == set(run.PAGES)
    for name, page in pages.items():
        assert page["views"] > 0, name
        # a page is its HTML, the layout, the dependencies and its router callback at least
        assert page["requests"] >= 4 * page["views"], name
        assert page["failures"] == 0, (name, page["errors"])
        assert page["p50_ms"] > 0, name
    # the indicators page asks for each of its sections after its skeleton
    assert pages["/indicators"]["requests"] > 4 * pages["/indicators"]["views"]
    assert results["import"]["exit_code"] == 0
    # the users were still coming when the new warehouse swapped in, whatever the import took
    assert results["import"]["during_load"]
    assert results["duration_s"] >= results["import"]["swapped_in_at_s"] + load.AFTER_SWAP_S - 1
    assert results["warehouse_mobilities"] == {"before": 3_000, "after": 6_000}
    assert results["total"]["failures"] == 0
    assert results["total"]["views"] == sum(page["views"] for page in pages.values())
    table = load.format_table(results)
    assert "all pages" in table and "import of 3,000 rows: done" in table

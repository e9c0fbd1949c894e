"""Each page loads in headless Chromium with no console error and no failed request."""

from __future__ import annotations

import duckdb

PAGES = ("/", "/data")


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    return problems


def test_every_page_loads_without_console_errors_or_failed_requests(server_url, page):
    problems = watch(page)
    for path in PAGES:
        page.goto(server_url + path)
        page.wait_for_selector("main")
        page.wait_for_load_state("networkidle")
        assert problems == [], (path, problems)


def test_changing_a_filter_changes_a_kpi_to_the_sql_count(server_url, page, demo_warehouse_file):
    problems = watch(page)
    page.goto(server_url + "/?schools=imt-mines-ales")
    page.wait_for_selector("#overview-kpi-incoming")
    page.locator("#filter-direction").get_by_text("Outgoing").click()
    page.wait_for_url("**direction=outgoing**")
    page.wait_for_function("document.querySelector('#overview-kpi-incoming')?.innerText === '0'")
    outgoing = page.inner_text("#overview-kpi-outgoing").replace("\u202f", "").replace(" ", "")
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        expected = con.execute(
            "select count(*) from mobilities where school = 'IMT Mines Alès' "
            "and direction = 'outgoing' and academic_year = '2024-2025'"
        ).fetchone()[0]
    assert int(outgoing) == expected
    assert problems == []


def test_a_url_with_filters_reopens_the_same_view_in_french(server_url, page):
    page.goto(server_url + "/?schools=imt-mines-albi&direction=incoming&lang=fr")
    page.wait_for_selector("#overview-kpi-outgoing")
    assert page.inner_text("#overview-kpi-outgoing") == "0"
    assert "Accords actifs" in page.inner_text("main")
    assert "SYNTHÉTIQUES" in page.inner_text(".synthetic-banner")

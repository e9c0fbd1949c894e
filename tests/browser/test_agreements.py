"""The agreements page in headless Chromium: charts drawn, search filters the grid, partner
names lead to their profiles."""

from __future__ import annotations

import duckdb

from .conftest import Watcher

ROWS = ".ag-center-cols-container .ag-row"


def test_the_page_loads_clean_and_draws_its_stacked_bars(server_url, page):
    # One tab per address: after a page renders, the app's filter bar sends one more request
    # (its URL check), which a next goto in the same tab would abort and report as failed.
    for query in ("?lang=fr", "?schools=telecom-paris"):
        tab = page.context.new_page()
        problems = Watcher(tab, server_url).problems
        tab.goto(server_url + "/agreements" + query)
        tab.wait_for_selector("main h1")
        tab.wait_for_load_state("networkidle")
        assert problems == [], (query, problems)
        tab.close()
    problems = Watcher(page, server_url).problems
    page.goto(server_url + "/agreements")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("#agreements-by-type .js-plotly-plot .barlayer .point")
    assert page.locator("#agreements-by-type .js-plotly-plot .barlayer .point").count() > 0
    assert page.locator("#agreements-by-region .js-plotly-plot .barlayer .point").count() > 0
    assert problems == []


def test_typing_in_the_search_box_narrows_the_grid(server_url, page, demo_warehouse_file):
    # the longest word of the name of a partner of few agreements, one that few names share
    # (the first such partner may be 'Aalto University', and 'University' is everywhere)
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        names = con.execute(
            "select p.name from agreements join partners p using (partner_id) "
            "group by all order by count(*), p.name"
        ).fetchall()
        for (name,) in names:
            fragment = max(name.split(), key=len)[:10]
            (matching,) = con.execute(
                "select count(*) from agreements join partners p using (partner_id) "
                "where p.name ilike '%' || ? || '%'",
                [fragment],
            ).fetchone()
            if matching < 10:
                break
    problems = Watcher(page, server_url).problems
    page.goto(server_url + "/agreements")
    page.wait_for_selector(f"#agreements-list-grid {ROWS}")
    before = page.locator(f"#agreements-list-grid {ROWS}").count()
    assert before > matching
    page.fill("#agreements-search", fragment)
    page.wait_for_function(
        f"document.querySelectorAll('#agreements-list-grid {ROWS}').length < {before}"
    )
    rows = page.locator(f"#agreements-list-grid {ROWS}")
    assert matching <= rows.count() < before
    for index in range(rows.count()):
        assert fragment.lower() in rows.nth(index).inner_text().lower()
    page.fill("#agreements-search", "")
    page.wait_for_function(
        f"document.querySelectorAll('#agreements-list-grid {ROWS}').length === {before}"
    )
    assert problems == []


def test_a_partner_link_opens_the_partner_profile(server_url, page):
    page.goto(server_url + "/agreements?schools=imt-mines-albi")
    link = page.locator(f"#agreements-list-grid {ROWS} a").first
    link.wait_for()
    link.click()
    page.wait_for_url("**/partners/p-**")
    assert "/partners/p-" in page.url and "schools=imt-mines-albi" in page.url

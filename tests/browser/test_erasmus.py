"""The Erasmus+ page in headless Chromium: the call-year select rewrites the URL and the figures
follow it, a failed check's link opens its mobility, which renders clean in both languages."""

from __future__ import annotations

from ..conftest import sql

ROWS = "#erasmus-failed-checks-grid .ag-center-cols-container .ag-row"


def test_choosing_a_call_year_puts_it_in_the_url_and_recounts(open_tab, demo_warehouse_file):
    tab, watcher = open_tab("/erasmus?schools=imt-mines-albi")
    assert tab.inner_text("#erasmus-kpi-mobilities") == "43"
    tab.locator("#erasmus-call").click()
    tab.get_by_role("option", name="2023", exact=True).click()
    tab.wait_for_url("**call=2023**")
    ((expected,),) = sql(
        demo_warehouse_file,
        "select count(*) from erasmus_mobilities "
        "where is_reported and school_id = 'imt-mines-albi' and call_year = 2023",
    )
    tab.wait_for_function(
        f"document.querySelector('#erasmus-kpi-mobilities')?.innerText === '{expected}'"
    )
    assert "schools=imt-mines-albi" in tab.url
    tab.wait_for_load_state("networkidle")
    assert watcher.problems == [], watcher.problems


def test_a_failed_check_opens_its_mobility(open_tab, demo_warehouse_file):
    tab, watcher = open_tab("/erasmus?schools=imt-mines-albi&call=2024&lang=fr")
    tab.wait_for_selector(ROWS)
    link = tab.locator(f"{ROWS} a[href^='/erasmus/mobility/']").first
    mobility_id = link.inner_text()
    link.click()
    tab.wait_for_url(f"**/erasmus/mobility/{mobility_id}?**")
    tab.wait_for_selector("#erasmus-mobility-checks")
    tab.wait_for_load_state("networkidle")
    ((failed,),) = sql(
        demo_warehouse_file,
        "select failed_checks from erasmus_mobilities where mobility_id = ?",
        mobility_id,
    )
    failed_rows = tab.locator("#erasmus-mobility-checks tr", has_text="✗")
    assert failed_rows.count() == len(failed) > 0
    assert tab.locator("#erasmus-mobility-checks tr").count() == 9
    assert "Mobilité Erasmus+" in tab.inner_text("main h1")
    assert "call=2024" in tab.get_attribute("#erasmus-mobility-back", "href")
    assert watcher.problems == [], watcher.problems
    assert watcher.outside == [], watcher.outside


def test_the_mobility_page_loads_clean_in_english(open_tab, demo_warehouse_file):
    ((mobility_id,),) = sql(
        demo_warehouse_file,
        "select mobility_id from erasmus_mobilities where is_reported and call_year = 2024 "
        "and total_grant_eur is not null order by mobility_id limit 1",
    )
    tab, watcher = open_tab(f"/erasmus/mobility/{mobility_id}")
    tab.wait_for_selector("#erasmus-mobility-grant")
    assert "Total" in tab.inner_text("#erasmus-mobility-grant")
    assert "€" in tab.inner_text("#erasmus-mobility-grant")
    assert watcher.problems == [], watcher.problems

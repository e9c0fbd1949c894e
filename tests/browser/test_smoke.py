"""Every page in headless Chromium with no network: no console error, no failed request, no
request leaving the app, every chart filled; filters change KPIs to SQL counts; URLs reopen views;
downloads equal SQL results."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ..conftest import read_download, sql

# Every page of the app, in English and in French, with the filters users set most often.
PAGES = (
    "/",
    "/map",
    "/agreements",
    "/flows",
    "/partners/{partner_id}",
    "/indicators",
    "/erasmus",
    "/data",
    "/?lang=fr&schools=imt-mines-albi",
    "/map?lang=fr&measure=balance",
    "/agreements?lang=fr",
    "/flows?lang=fr&direction=incoming&activities=study",
    "/partners/{partner_id}?lang=fr",
    "/indicators?lang=fr",
    "/erasmus?lang=fr&call=2023&schools=imt-mines-ales",
    "/data?lang=fr",
)

# Plotly figures on the page: how many traces each holds, and the message of an empty state.
CHARTS = """[...document.querySelectorAll('.js-plotly-plot')].map((g) => ({
  traces: g.data.length,
  message: (g.layout.annotations || []).map((a) => a.text).join(' '),
}))"""


@pytest.fixture(scope="module")
def busiest_partner(demo_warehouse_file) -> str:
    """The partner with the most mobilities, whose profile has something in every chart."""
    return sql(
        demo_warehouse_file,
        "select partner_id from mobilities group by all order by count(*) desc, 1 limit 1",
    )[0][0]


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where screenshots go: $MOBILITY_SCREENSHOTS to keep them, else a temporary folder."""
    wanted = os.environ.get("MOBILITY_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("address", PAGES)
def test_every_page_loads_offline_clean_and_filled(
    open_tab, address, busiest_partner, screenshot_dir
):
    path = address.format(partner_id=busiest_partner)
    tab, watcher = open_tab(path)
    if path.startswith("/data"):  # tables only: the imports and what is synthetic
        tab.wait_for_selector(".ag-row")
    else:
        tab.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
    if path.startswith("/map"):
        tab.wait_for_selector(".js-plotly-plot path.choroplethlocation")
        # the demo's partners are in 54 countries, each a shape coloured by its measure
        assert tab.locator(".js-plotly-plot path.choroplethlocation").count() >= 50
        assert tab.locator(".js-plotly-plot .geo .layer.land path").count() > 0
    tab.wait_for_load_state("networkidle")
    assert watcher.problems == [], watcher.problems
    assert watcher.outside == [], watcher.outside
    charts = tab.evaluate(CHARTS)
    if "direction=" in path:  # a chart of the other direction says why it is empty
        assert all(chart["traces"] or chart["message"] for chart in charts), charts
        assert any(chart["traces"] for chart in charts), charts
    else:
        assert all(chart["traces"] for chart in charts), charts
    name = path.strip("/").replace("/", "-").replace("?", "-").replace("&", "-") or "overview"
    tab.screenshot(path=screenshot_dir / f"{name.replace('=', '_')}.png", full_page=True)


def test_changing_a_filter_changes_a_kpi_to_the_sql_count(open_tab, demo_warehouse_file):
    tab, watcher = open_tab("/?schools=imt-mines-ales")
    tab.locator("#filter-direction").get_by_text("Outgoing").click()
    tab.wait_for_url("**direction=outgoing**")
    # the incoming figure is left out of the selection: said, not shown as a zero
    tab.wait_for_selector("#overview-direction-note")
    assert tab.locator("#overview-kpi-incoming").count() == 0
    outgoing = tab.inner_text("#overview-kpi-outgoing").replace("\u202f", "").replace(" ", "")
    ((expected,),) = sql(
        demo_warehouse_file,
        "select count(*) from mobilities where school = 'IMT Mines Alès' "
        "and direction = 'outgoing' and academic_year = '2024-2025'",
    )
    assert int(outgoing) == expected
    assert watcher.problems == []


def test_a_url_with_filters_reopens_the_same_view_in_french(open_tab):
    tab, _watcher = open_tab("/?schools=imt-mines-albi&direction=incoming&lang=fr")
    tab.wait_for_selector("#overview-kpi-incoming")
    assert tab.locator("#overview-kpi-outgoing").count() == 0
    assert tab.inner_text("#overview-direction-note").startswith("Direction : entrants seulement.")
    assert "Accords actifs" in tab.inner_text("main")
    assert "SYNTHÉTIQUES" in tab.inner_text(".synthetic-banner")


FLOWS_VIEW = """() => ({
  charts: Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')].map((g) =>
    [g.parentElement.id || g.id, g.data.map((trace) => [trace.name, trace.x, trace.y])])),
  direction: document.querySelector('#filter-direction input:checked')?.value,
  schools: document.querySelector('#filter-schools').closest('div').parentElement.innerText,
})"""


def rendered_after(tab, action) -> None:
    """Do `action` (a filter change) and wait until the page has been rendered again."""
    with tab.expect_response(
        lambda r: (
            "_dash-update-component" in r.url and "_pages_content" in (r.request.post_data or "")
        )
    ):
        action()
    tab.wait_for_load_state("networkidle")


def pick(tab, select: str, option: str):
    def action():
        tab.locator(select).click()
        tab.get_by_role("option", name=option, exact=True).click()

    return action


def test_a_url_copied_from_the_flows_page_reopens_the_same_view(open_tab):
    tab, watcher = open_tab("/flows")
    rendered_after(tab, tab.locator("#filter-direction").get_by_text("Incoming").click)
    rendered_after(tab, pick(tab, "#filter-schools", "IMT Mines Alès"))
    tab.keyboard.press("Escape")
    rendered_after(tab, pick(tab, "#filter-year-from", "2019-2020"))
    assert "direction=incoming" in tab.url and "schools=imt-mines-ales" in tab.url
    assert "from=2019-2020" in tab.url
    tab.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 6")
    copied, view = tab.url, tab.evaluate(FLOWS_VIEW)
    assert watcher.problems == []

    reopened, _watcher = open_tab("/flows" + copied.split("/flows", 1)[1])
    # charts are drawn after the page's content arrives
    reopened.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot').length >= {len(view['charts'])}"
    )
    assert reopened.evaluate(FLOWS_VIEW) == view
    assert view["direction"] == "incoming" and "IMT Mines Alès" in view["schools"]
    outgoing_lines = [
        trace for trace in view["charts"]["flows-trend"] if trace[0] in ("Outgoing", "Sortants")
    ]
    assert all(set(trace[2]) <= {0} for trace in outgoing_lines)


def test_a_csv_downloaded_from_the_browser_equals_the_sql_result(open_tab, demo_warehouse_file):
    tab, watcher = open_tab("/flows?schools=imt-mines-albi&direction=outgoing")
    link = tab.locator("a[href^='/download/mobility_by_activity.csv']")
    with tab.expect_download() as download:
        link.click()
    downloaded = read_download(Path(download.value.path()).read_bytes())
    expected = sql(
        demo_warehouse_file,
        "select academic_year, activity, count(*) from mobilities "
        "where school = 'IMT Mines Albi' and direction = 'outgoing' "
        "and academic_year between '2014-2015' and '2024-2025' group by all",
    )
    rows = downloaded.select("academic_year", "activity", "count_mobilities").rows()
    assert sorted(rows) == sorted(expected)
    assert watcher.problems == []

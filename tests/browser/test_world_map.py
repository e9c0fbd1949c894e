"""The world map in headless Chromium: offline shapes, the measure in the URL, a country click."""

from __future__ import annotations

import duckdb

from .conftest import Watcher

# A point inside a country's shape: plotly geo paths take no pointer events (an overlay does the
# hit-testing), so sample the path's box with isPointInFill, nearest the centre first.
POINT_IN_COUNTRY = """(iso3) => {
  const path = [...document.querySelectorAll('path.choroplethlocation')]
    .find((p) => p.__data__ && p.__data__.loc === iso3);
  if (!path) return null;
  const box = path.getBoundingClientRect();
  const toPath = path.getScreenCTM().inverse();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const points = [];
  for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
    points.push([box.left + (box.width * i) / 16, box.top + (box.height * j) / 16]);
  }
  points.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
  return points.find(([x, y]) => path.isPointInFill(new DOMPoint(x, y).matrixTransform(toPath)));
}"""


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot path.choroplethlocation")
    page.wait_for_load_state("networkidle")


def test_the_map_draws_countries_from_the_app_alone(server_url, page):
    watcher = Watcher(page, server_url)
    problems, requests = watcher.problems, watcher.requests
    open_map(page, server_url + "/map")
    assert page.locator(".js-plotly-plot path.choroplethlocation").count() > 20
    assert problems == []
    assert server_url + "/assets/topojson/world_110m.json" in requests
    assert [url for url in requests if not url.startswith(server_url)] == []
    assert "Click a country to list its partners." in page.inner_text("#map-country-partners")


def test_switching_the_measure_to_incoming_puts_it_in_the_url(server_url, page):
    problems = Watcher(page, server_url).problems
    open_map(page, server_url + "/map?schools=imt-mines-ales")
    page.locator("#map-measure").get_by_text("Incoming").click()
    page.wait_for_url("**measure=incoming**")
    assert "schools=imt-mines-ales" in page.url
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .cbtitle text')]"
        ".some((t) => t.textContent === 'Incoming')"
    )
    assert problems == []


def test_clicking_a_country_lists_its_partners(server_url, page, demo_warehouse_file):
    problems = Watcher(page, server_url).problems
    open_map(page, server_url + "/map?schools=imt-mines-albi&lang=fr")
    x, y = page.evaluate(POINT_IN_COUNTRY, "DEU")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_selector("#map-partners-grid .ag-row")
    assert "Partenaires : Allemagne" in page.inner_text("#map-country-partners")
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        expected = con.execute(
            "select count(distinct partner_id) from ("
            "select partner_id from agreements where school = 'IMT Mines Albi' union "
            "select partner_id from mobilities where school = 'IMT Mines Albi') "
            "join partners using (partner_id) where country_iso2 = 'DE'"
        ).fetchone()[0]
    # rows beyond the viewport are not rendered: read the grid's own count ("1 to 13 of 13")
    summary = page.inner_text("#map-partners-grid .ag-paging-row-summary-panel")
    assert summary.split()[-1] == str(expected)
    href = page.locator("#map-partners-grid a").first.get_attribute("href")
    assert href.startswith("/partners/p-") and "schools=imt-mines-albi" in href
    assert problems == []

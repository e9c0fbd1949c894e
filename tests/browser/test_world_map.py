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


GEO = "(key) => document.querySelector('#map-choropleth .js-plotly-plot')._fullLayout.geo[key]"


def test_a_region_preset_goes_to_the_url_and_comes_back_on_reload(server_url, page):
    problems = Watcher(page, server_url).problems
    open_map(page, server_url + "/map?schools=imt-mines-albi")
    page.locator("#map-view").get_by_text("Europe").click()
    page.wait_for_url("**view=europe**")
    assert "schools=imt-mines-albi" in page.url
    page.wait_for_function(
        "document.querySelector('#map-choropleth .js-plotly-plot')"
        "._fullLayout.geo.center.lat === 50"
    )
    page.wait_for_load_state("networkidle")  # the 50m shapes: a reload would abort them
    assert problems == []
    page.reload()
    # Europe is drawn at 50m, from the app's assets, loaded before the test ends
    page.wait_for_function(
        "window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson['world_50m'] !== undefined"
    )
    # framed on Europe, the first country's shape may lie outside the view: attached, not visible
    page.wait_for_selector(".js-plotly-plot path.choroplethlocation", state="attached")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(GEO, "center") == {"lat": 50, "lon": 12}
    assert page.evaluate(GEO, "resolution") == 50
    checked = page.locator("#map-view input:checked").get_attribute("value")
    assert checked == "europe"
    # after the reload: no error; a request the reload itself cut short is no fault of the page
    assert [p for p in problems if not p.startswith("failed: ")] == []


def test_the_clicked_country_is_in_the_url_and_listed_after_a_reload(server_url, page):
    problems = Watcher(page, server_url).problems
    open_map(page, server_url + "/map?schools=imt-mines-albi")
    x, y = page.evaluate(POINT_IN_COUNTRY, "DEU")
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url("**country=DE**")
    page.wait_for_selector("#map-partners-grid .ag-row")
    assert "Partners of Germany" in page.inner_text("#map-country-partners")
    page.reload()
    page.wait_for_selector("#map-partners-grid .ag-row")
    assert "Partners of Germany" in page.inner_text("#map-country-partners")
    assert "country=DE" in page.url
    assert problems == []


def test_the_arcs_switch_draws_arcs_and_keeps_them_in_the_url(server_url, page):
    problems = Watcher(page, server_url).problems
    open_map(page, server_url + "/map")
    assert page.locator("#map-choropleth .scattergeo path.js-line").count() == 0
    page.locator("#map-arcs").check(force=True)
    page.wait_for_url("**arcs=1**")
    page.wait_for_selector("#map-choropleth .scattergeo path.js-line", state="attached")
    drawn = page.locator("#map-choropleth .scattergeo path.js-line").count()
    lines = page.evaluate(
        "document.querySelector('#map-choropleth .js-plotly-plot').data"
        ".filter((t) => t.mode === 'lines').length"
    )
    assert 0 < lines <= 50 and drawn == lines
    assert problems == []


def test_the_map_lies_inside_its_card(server_url, page):
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        open_map(page, server_url + "/map")
        card = page.locator(".chart-card", has=page.locator("#map-choropleth")).bounding_box()
        for selector in ("#map-choropleth .main-svg", "#map-choropleth .geo .bg"):
            box = page.locator(selector).first.bounding_box()
            assert box["width"] > 0.5 * card["width"], (width, selector)
            assert (
                card["x"] - 1 <= box["x"]
                and box["x"] + box["width"] <= card["x"] + card["width"] + 1
            )
            assert (
                card["y"] - 1 <= box["y"]
                and box["y"] + box["height"] <= card["y"] + card["height"] + 1
            )

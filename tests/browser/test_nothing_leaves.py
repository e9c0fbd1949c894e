"""Nothing leaves the building: every page, every mode-bar button of every chart clicked, and
not one request to a host other than the app's server, no link out of the app, no Content
Security Policy violation, no console error."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from .conftest import Watcher

PAGES = (
    "/", "/map", "/agreements", "/flows", "/partners/{partner_id}", "/indicators", "/erasmus",
    "/erasmus/mobility/{mobility_id}", "/data",
)  # fmt: skip

# Every violation of the Content Security Policy, as the page itself sees it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'} ${e.sourceFile}`);
});
"""

# Where every link of the page leads, resolved against the page's address.
LINKS = "[...document.querySelectorAll('a[href]')].map((a) => a.href)"


@pytest.fixture(scope="module")
def addresses(demo_warehouse_file: Path) -> list[str]:
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        (partner_id,) = con.execute(
            "select partner_id from mobilities join partners using (partner_id) "
            "where website is not null group by all order by count(*) desc, 1 limit 1"
        ).fetchone()
        (mobility_id,) = con.execute("select min(mobility_id) from mobilities").fetchone()
    return [page.format(partner_id=partner_id, mobility_id=mobility_id) for page in PAGES]


@pytest.fixture
def context(browser, server_url):
    """A browser context that lets the app's requests through and records every other host
    (refusing it): the route sees requests a page, a popup or a download would make."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.outside = []
    server = urlsplit(server_url).netloc

    def route(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == server:
            route.continue_()
        else:
            context.outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def click_every_mode_bar_button(tab) -> list[str]:
    """Hover each chart so that its mode bar shows, click each of its buttons; their titles."""
    titles = []
    graphs = tab.locator(".js-plotly-plot")
    for index in range(graphs.count()):
        graph = graphs.nth(index)
        graph.scroll_into_view_if_needed()
        buttons = graph.locator(".modebar-btn")
        for number in range(buttons.count()):
            graph.hover(position={"x": 20, "y": 20})
            button = buttons.nth(number)
            title = button.get_attribute("data-title") or ""
            titles.append(title)
            if "png" in title.lower():
                with tab.expect_download() as download:
                    button.click()
                assert download.value.suggested_filename.endswith(".png")
            else:
                button.click()
            tab.wait_for_timeout(50)
            # plotly.js's "Share chart" opens this dialog, whose button uploads to Plotly Cloud
            assert tab.locator(".plotly-cloud-dialog").count() == 0, title
    return titles


def test_every_page_and_mode_bar_button_stays_inside_the_app(context, server_url, addresses):
    titles = []
    for address in addresses:
        tab = context.new_page()
        watcher = Watcher(tab, server_url)
        tab.goto(server_url + address)
        tab.wait_for_selector("main")
        tab.wait_for_load_state("networkidle")
        if not address.startswith(("/data", "/erasmus/mobility")):
            tab.wait_for_selector(".js-plotly-plot .modebar-btn", state="attached")
        titles += click_every_mode_bar_button(tab)
        tab.wait_for_load_state("networkidle")
        links = tab.evaluate(LINKS)
        outside_links = [link for link in links if not link.startswith(server_url)]
        assert outside_links == [], address
        assert tab.evaluate("window.__violations") == [], address
        assert watcher.problems == [], address
        assert watcher.outside == [], address
        tab.close()
    assert context.outside == []
    assert len(titles) > 50  # the buttons were there and were clicked
    assert any("png" in title.lower() for title in titles)
    words = ("share", "cloud", "studio", "plotly")
    shared = [title for title in titles if any(word in title.lower() for word in words)]
    assert shared == []

"""Each page loads in headless Chromium with no console error and no failed request."""

from __future__ import annotations

import dash

from dashboard.app import create_app


def test_every_page_loads_without_console_errors_or_failed_requests(server_url, page):
    create_app()
    paths = [p["path"] for p in dash.page_registry.values()]
    for path in paths:
        errors: list[str] = []
        failed: list[str] = []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r, f=failed: f.append(r.url))
        page.on("response", lambda r, f=failed: f.append(r.url) if r.status >= 400 else None)
        page.goto(server_url + path)
        page.wait_for_selector("main")
        page.wait_for_load_state("networkidle")
        assert errors == [], (path, errors)
        assert failed == [], (path, failed)


def test_home_page_shows_the_schools_and_the_synthetic_banner(server_url, page):
    page.goto(server_url + "/")
    page.wait_for_selector("#home-summary-table")
    table = page.inner_text("#home-summary-table")
    assert "IMT Mines Albi" in table and "IMT Mines Alès" in table
    assert "SYNTHETIC" in page.inner_text(".synthetic-banner")

"""The overview in headless Chromium under each Direction: what a director sees, and what the
filter leaves out said rather than shown as zeros; the partner page's way back."""

from __future__ import annotations

import pytest

from ..conftest import sql

CARDS = """[...document.querySelectorAll('.kpi-value')].map((v) => v.id)"""
SPARKLINES = """[...document.querySelectorAll('img.sparkline')].filter(
  (img) => img.complete && img.naturalWidth > 0).length"""
CHANGES = """Object.fromEntries([...document.querySelectorAll('.kpi-card')].map((card) => {
  const value = card.querySelector('.kpi-value');
  const change = card.querySelector('.kpi-change[class*="delta-"]');
  return [value && value.id, change && [change.innerText, getComputedStyle(change).color]];
}))"""


def count(path, direction: str, year: str) -> int:
    return sql(
        path,
        "select count(*) from mobilities where direction = ? and academic_year = ?",
        direction,
        year,
    )[0][0]


@pytest.mark.parametrize("direction", ["all", "outgoing", "incoming"])
def test_the_overview_shows_what_the_direction_selects(open_tab, demo_warehouse_file, direction):
    tab, watcher = open_tab("/" if direction == "all" else f"/?direction={direction}")
    tab.wait_for_selector("#overview-summary")
    tab.wait_for_load_state("networkidle")
    cards = set(tab.evaluate(CARDS))
    left = count(demo_warehouse_file, "outgoing", "2024-2025")
    came = count(demo_warehouse_file, "incoming", "2024-2025")
    summary = tab.inner_text("#overview-summary")
    both = {"overview-kpi-outgoing", "overview-kpi-incoming", "overview-kpi-balance"}
    if direction == "all":
        assert both <= cards
        assert tab.locator("#overview-direction-note").count() == 0
        assert summary.startswith(f"In 2024-2025, {left} students left (")
        assert f" and {came} arrived (" in summary
    else:
        kept = f"overview-kpi-{direction}"
        assert cards & both == {kept}
        assert tab.inner_text("#overview-direction-note").startswith(
            f"Direction: {direction} only."
        )
        if direction == "outgoing":
            assert summary.startswith(f"In 2024-2025, {left} students left (")
            assert "arrived" not in summary
        else:
            assert summary.startswith(f"In 2024-2025, {came} students arrived (")
            assert "left" not in summary
    assert tab.inner_text("#overview-period").startswith("Figures in 2024-2025, changes on")
    # every headline figure draws its trend; the eight cards minus the ones left out
    assert tab.evaluate(SPARKLINES) == len(cards & {
        "overview-kpi-active-agreements", "overview-kpi-partners", "overview-kpi-countries",
        "overview-kpi-double-degree", "overview-kpi-months", *both,
    })  # fmt: skip
    changes = tab.evaluate(CHANGES)
    # an arrow and a sign say the direction of each change; colour says whether it is good
    for text, _colour in filter(None, changes.values()):
        assert text[0] in "▲▼="
    good, bad = "rgb(0, 122, 77)", "rgb(180, 35, 24)"
    ((double_change,),) = sql(
        demo_warehouse_file,
        """select count(*) filter (where academic_year = '2024-2025')
                  - count(*) filter (where academic_year = '2023-2024')
           from mobilities where activity = 'double_degree' and (? = 'all' or direction = ?)""",
        direction,
        direction,
    )
    assert double_change < 0  # fewer double-degree students in every direction: bad news
    assert changes["overview-kpi-double-degree"] == [f"▼ {double_change}", bad]
    assert changes["overview-kpi-active-agreements"] == ["▲ +189", good]
    assert changes["overview-indicator-eu-benchmark"][1] == good
    assert watcher.problems == [], watcher.problems


def test_the_partner_page_leads_back_where_the_user_came_from(open_tab, demo_warehouse_file):
    partner_id = sql(
        demo_warehouse_file,
        "select partner_id from mobilities group by all order by count(*) desc, 1 limit 1",
    )[0][0]
    tab, watcher = open_tab("/flows?direction=outgoing")
    tab.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
    # into the partner inside the app, as a link of the flows page does
    tab.evaluate(
        "(path) => { window.history.pushState({}, '', path);"
        " window.dispatchEvent(new PopStateEvent('popstate')); }",
        f"/partners/{partner_id}?direction=outgoing",
    )
    tab.wait_for_selector("#partner-by-school")
    rows = tab.locator("#partner-by-school tbody tr").count()
    ((schools,),) = sql(
        demo_warehouse_file,
        "select count(distinct school_id) from mobilities where partner_id = ?",
        partner_id,
    )
    assert rows == schools
    assert tab.get_attribute("#partner-back-links a[href^='/flows']", "href") == (
        "/flows?from=2014-2015&to=2024-2025&direction=outgoing"
    )
    tab.click("#partner-back")
    tab.wait_for_url("**/flows?direction=outgoing")
    tab.wait_for_selector("#flows-balance", state="attached")
    assert watcher.problems == [], watcher.problems

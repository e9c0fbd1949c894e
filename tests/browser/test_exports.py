"""What leaves the overview for a meeting: a chart's PNG from the mode bar, named after the chart
and the filters and carrying its title, filters and source; the "Report (PDF)" button."""

from __future__ import annotations

import json

SEARCH = "?schools=imt-mines-albi&from=2020-2021&to=2024-2025"
TREND = "#overview-trend .js-plotly-plot"


def test_a_chart_png_is_named_after_the_chart_and_says_what_it_shows(open_tab):
    tab, watcher = open_tab("/" + SEARCH)
    tab.wait_for_selector(f"{TREND} .scatterlayer .trace")
    graph = tab.locator(TREND)
    graph.hover()
    with tab.expect_download() as download_info:
        graph.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    download = download_info.value
    assert download.suggested_filename == (
        "mobility-overview-trend-imt-mines-albi-2020-2021-to-2024-2025.png"
    )
    with open(download.path(), "rb") as file:
        assert file.read(8) == b"\x89PNG\r\n\x1a\n"
    # the figure the PNG is drawn from: title, filters, source
    title = json.loads(
        tab.evaluate(f"JSON.stringify(document.querySelector('{TREND}').layout.title)")
    )
    # the overview's chart titles end with the period they cover
    assert title["text"] == "Outgoing and incoming students, 2020-2021 → 2024-2025"
    caption = title["subtitle"]["text"]
    assert caption.startswith("IMT Mines Albi · 2020-2021 → 2024-2025 — Source: mobility, 20")
    # drawn apart from the page, as the mode bar's export does: the title shows there
    svg = tab.evaluate(
        f"""async () => decodeURIComponent((await Plotly.toImage(
            document.querySelector('{TREND}'), {{format: 'svg'}})).split(',')[1])"""
    )
    assert "Outgoing and incoming students" in svg and "Source: mobility" in svg
    assert "hidden" not in svg
    # on the page, the card's heading is the title; the caption stays, discreet
    shown = tab.evaluate(
        f"""[...document.querySelectorAll('{TREND} .g-gtitle text')].map(
            (t) => [t.textContent, getComputedStyle(t).visibility])"""
    )
    assert ["Outgoing and incoming students, 2020-2021 → 2024-2025", "hidden"] in shown
    assert any(text.startswith("IMT Mines Albi") and seen == "visible" for text, seen in shown)
    assert not watcher.problems, watcher.problems


def test_the_report_button_downloads_the_pdf_of_the_filters(open_tab):
    tab, watcher = open_tab("/" + SEARCH + "&lang=fr")
    link = tab.locator("#overview-report")
    assert link.inner_text() == "Rapport (PDF)"
    with tab.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "mobility-report-imt-mines-albi-2024-2025.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert not watcher.problems, watcher.problems

"""The shell on a 390×844 phone, in print, and for keyboards and screen readers: no page wider
than the screen, the menu and the language switch a tap away, the filters folded, <html lang>,
a skip link, a 404 inside the frame, the glossary, charts in words."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import duckdb
import pytest

from dashboard import glossary

from .conftest import Watcher

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
PAGES = (
    "/",
    "/map",
    "/agreements",
    "/flows",
    "/partners/{partner_id}",
    "/indicators",
    "/erasmus",
    "/data",
    "/help",
    "/no/such/page",
    "/?lang=fr",
    "/indicators?lang=fr",
    "/erasmus?lang=fr",
)
# the widths of what sticks out of the screen, to name the culprit when a page is too wide
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((e) => !e.closest('.visually-hidden, .skip-link'))
  .slice(0, 5).map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right | 0}`)"""


@pytest.fixture(scope="module")
def busiest_partner(demo_warehouse_file) -> str:
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        return con.execute(
            "select partner_id from mobilities group by all order by count(*) desc, 1 limit 1"
        ).fetchone()[0]


@pytest.fixture
def tab(browser, server_url):
    """A tab at a size (PHONE by default) with its watcher; a new context per size."""
    contexts = []

    def open_tab(path: str, viewport: dict = PHONE, wait_for_charts: bool = True):
        # Playwright's wait_for_function evaluates strings, which the app's CSP forbids
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        watcher = Watcher(page, server_url)
        page.goto(server_url + path)
        page.wait_for_selector("main")
        if wait_for_charts and page.locator(".dash-graph").count():
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
        page.wait_for_load_state("networkidle")
        return page, watcher

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def screenshot_dir() -> Path | None:
    """$MOBILITY_SCREENSHOTS, when set, keeps a picture of every page at each size."""
    wanted = os.environ.get("MOBILITY_SCREENSHOTS")
    if not wanted:
        return None
    Path(wanted).mkdir(parents=True, exist_ok=True)
    return Path(wanted)


def _name(path: str) -> str:
    return (path.strip("/") or "overview").translate(str.maketrans("/?&=", "---_"))


@pytest.mark.parametrize("address", PAGES)
def test_no_page_is_wider_than_a_phone(tab, address, busiest_partner, screenshot_dir):
    path = address.format(partner_id=busiest_partner)
    page, watcher = tab(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (width, page.evaluate(TOO_WIDE))
    # every chart takes the screen's width, less the card's margins
    for box in page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].map(g => g.getBoundingClientRect())"
    ):
        assert 300 <= box["width"] <= PHONE["width"], box
    assert watcher.problems == []
    if screenshot_dir:
        page.screenshot(path=screenshot_dir / f"phone-{_name(path)}.png", full_page=True)
        wide, _watcher = tab(path, DESKTOP)
        wide.screenshot(path=screenshot_dir / f"desktop-{_name(path)}.png", full_page=True)


def test_the_world_map_fills_a_phone_and_stays_large_on_a_desktop(tab):
    page, _watcher = tab("/map")
    page.wait_for_selector(".js-plotly-plot path.choroplethlocation")
    phone = page.locator("#map-choropleth .geo .bg").first.bounding_box()
    assert phone["width"] >= 300 and phone["height"] >= 140, phone
    page, _watcher = tab("/map", DESKTOP)
    page.wait_for_selector(".js-plotly-plot path.choroplethlocation")
    desktop = page.locator("#map-choropleth .js-plotly-plot").bounding_box()
    # on a desktop the country table sits beside the map (keyboards, screen readers)
    assert desktop["width"] >= 800 and desktop["height"] >= 500, desktop


def test_the_menu_and_the_language_switch_are_a_tap_away_on_a_phone(tab):
    page, watcher = tab("/flows")
    menu = page.locator("#site-menu nav")
    assert not menu.is_visible()
    assert page.get_attribute("#menu-button", "aria-expanded") == "false"
    page.click("#menu-button")
    menu.wait_for(state="visible", timeout=5000)
    assert page.get_attribute("#menu-button", "aria-expanded") == "true"
    for link in menu.locator("a").all():  # every link inside the screen, tall enough to tap
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert box["height"] >= 40, box
    page.locator(".language-switch").get_by_text("FR").click()
    page.wait_for_url("**lang=fr**")
    page.wait_for_function("document.querySelector('nav a')?.innerText === \"Vue d'ensemble\"")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert not page.locator("#site-menu nav").is_visible()  # the new page starts folded
    page.click("#menu-button")
    page.locator("#site-menu nav").get_by_text("Aide").click()
    page.wait_for_url("**/help?**lang=fr**")
    page.wait_for_selector("#help-glossary")
    assert watcher.problems == []


def test_the_filters_fold_on_a_phone_and_say_what_they_are(tab):
    page, _watcher = tab("/?direction=outgoing")
    assert not page.locator("#filter-schools").is_visible()
    folded = page.inner_text("#filters-button")
    assert "Direction: Outgoing" in folded and "2014-2015 → 2024-2025" in folded
    page.click("#filters-button")
    assert page.locator("#filter-schools").is_visible()
    box = page.locator("#filter-year-from").bounding_box()
    assert box["height"] >= 40 and box["x"] + box["width"] <= PHONE["width"], box
    # on a desktop the bar shows, and the folded summary does not
    wide, _watcher = tab("/", DESKTOP)
    assert wide.locator("#filter-schools").is_visible()
    assert not wide.locator("#filters-button").is_visible()
    assert not wide.locator("#menu-button").is_visible()


def test_html_lang_is_the_language_of_the_page(tab, server_url):
    with urllib.request.urlopen(server_url + "/flows?lang=fr", timeout=10) as response:
        assert '<html lang="fr">' in response.read().decode()
    page, _watcher = tab("/?lang=fr", DESKTOP)
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.locator(".language-switch").get_by_text("EN").click()
    page.wait_for_function("document.querySelector('nav a')?.innerText === 'Overview'")
    assert page.evaluate("document.documentElement.lang") == "en"
    page, _watcher = tab("/map", DESKTOP)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_the_first_tab_offers_to_skip_to_the_content(tab):
    page, _watcher = tab("/?lang=fr", DESKTOP)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.innerText, document.activeElement.hash]")
    assert focused == ["Aller au contenu", "#main-content"]
    assert page.locator("main#main-content").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main-content'")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ("Page not found", "Back to the overview")), ("fr", ("Page introuvable", "Retour"))],
)
def test_an_unknown_address_says_so_inside_the_frame(tab, lang, words):
    page, watcher = tab(f"/partnres/oops?lang={lang}&schools=imt-mines-albi", DESKTOP)
    assert page.inner_text("h1") == words[0]
    assert page.locator(".top-bar nav a").count() >= 8  # the menu is there
    home = page.get_by_role("link", name=words[1])
    href = home.get_attribute("href")  # the overview, with the filters kept
    assert href.startswith("/?schools=imt-mines-albi&"), href
    assert ("lang=fr" in href) == (lang == "fr"), href
    home.click()
    page.wait_for_selector("#overview-kpi-outgoing")
    assert watcher.problems == []


@pytest.mark.parametrize(
    ("lang", "heading", "sample"),
    [
        ("en", "Help: the codes and terms of the dashboard", "Student mobility for studies"),
        ("fr", "Aide : les codes et les termes du tableau de bord", "Mobilité d'études"),
    ],
)
def test_the_help_page_explains_every_code_the_pages_show(tab, lang, heading, sample):
    page, watcher = tab(f"/help?lang={lang}", DESKTOP)
    assert page.inner_text("h1") == heading
    terms = page.locator("#help-glossary dt .term").all_inner_texts()
    for code in ("HE-SMS", "HE-SMT", "HE-STA", "HE-STT", "BIP", "KA131", "KA171", "KA103",
                 "MoA", "MoU", "IIA", "OID", "PIC", "ECHE", "EWP", "ISCED-F", "EQF"):  # fmt: skip
        assert code in terms, code
    assert len(terms) == len(glossary.TERMS)
    assert sample in page.inner_text("#help-glossary")
    assert page.locator(".top-bar nav a.active").inner_text() == (
        "Help" if lang == "en" else "Aide"
    )
    assert watcher.problems == []


def test_print_shows_the_filters_in_words_instead_of_the_controls(tab):
    page, _watcher = tab("/flows?schools=imt-mines-ales&direction=incoming", DESKTOP)
    assert not page.locator(".print-filters").is_visible()
    page.emulate_media(media="print")
    for hidden in (".top-bar", "#filter-schools", "#filter-direction", ".downloads", ".modebar"):
        assert not page.locator(hidden).first.is_visible(), hidden
    line = page.inner_text(".print-filters")
    assert "Schools: IMT Mines Alès" in line and "Direction: Incoming" in line, line
    assert "2014-2015 → 2024-2025" in line
    # charts are drawn again at the page's width
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot .main-svg')].every("
        "(svg) => svg.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)"
    )


def test_a_chart_card_says_its_chart_in_words(tab, demo_warehouse_file):
    page, _watcher = tab("/?schools=imt-mines-ales", DESKTOP)
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        ((outgoing,),) = con.execute(
            "select count(*) from mobilities where school = 'IMT Mines Alès' "
            "and direction = 'outgoing' and academic_year = '2024-2025'"
        ).fetchall()
    summary = page.locator("#overview-trend-summary")
    assert page.locator("[aria-describedby='overview-trend-summary']").count() == 1
    text = summary.inner_text() if summary.is_visible() else summary.text_content()
    assert text.startswith("Line chart: ")
    assert f"Outgoing: {outgoing} in 2024-2025" in text, text


def test_a_kpi_label_naming_a_code_explains_it_on_hover(tab):
    page, _watcher = tab("/erasmus?lang=fr", DESKTOP)
    label = page.locator("#erasmus-kpi-ka131-third-country-share").locator("xpath=..")
    title = label.locator(".kpi-label .has-glossary").get_attribute("title")
    assert title.startswith("KA131 — Mobilité de l'action clé 1, programme 2021-2027 : "), title

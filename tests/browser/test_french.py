"""Every page in French, swept for English left behind: visible text, the tab's title and the
words Plotly writes itself (mode-bar tooltips). A word of ENGLISH found outside a proper name
fails the test with the page and the text it is in."""

from __future__ import annotations

import re

import pytest

from ..conftest import sql

# Every page in French, with filters that fill every chart and table.
PAGES = (
    "/?lang=fr",
    "/?lang=fr&schools=imt-mines-albi&direction=incoming",
    "/map?lang=fr",
    "/map?lang=fr&measure=balance",
    "/agreements?lang=fr",
    "/flows?lang=fr",
    "/partners/{partner_id}?lang=fr",
    "/indicators?lang=fr",
    "/erasmus?lang=fr&call=2024",
    "/erasmus?lang=fr&call=2023&schools=imt-mines-ales",
    "/erasmus/mobility/{mobility_id}?lang=fr",
    "/data?lang=fr",
)

# What a French page shows: the title, every visible text node (HTML and SVG), and the words
# shown on hover (Plotly's mode bar writes its tooltips in data-title; title, aria-label,
# placeholder and alt are read by browsers and screen readers).
SWEEP_JS = """() => {
  const found = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
    if (parent.closest('code, pre')) continue;  // SQL names and commands, as typed
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (parent.getClientRects().length === 0) continue;
    found.push(text);
  }
  for (const attribute of ['data-title', 'title', 'aria-label', 'placeholder', 'alt']) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      const text = element.getAttribute(attribute).trim();
      if (text) found.push(text);
    }
  }
  return found;
}"""

# Words that are English and not French, as the dashboard could show them.
ENGLISH = {
    word
    for line in (
        "the and of with without from for by to on at or is are was has have not all any each",
        "per this that these which who more less than between over under after before only",
        "other others unknown students student staff agreement agreements partner partners",
        "incoming outgoing year years share country countries field fields study studies",
        "traineeship traineeships teaching training download downloads missing failed check",
        "checks reset pan autoscale plot select lasso box show hide closest compare hover",
        "engineering education business health humanities social agriculture natural",
        "mathematics statistics technologies manufacturing welfare generic qualifications",
        "journalism behavioural physical life languages law veterinary forestry fisheries",
        "security environment architecture mobility mobilities grant grants duration days",
        "months month week weeks band bands since until active expired expiring signed level",
        "school schools home world map flows overview indicators report rows row file files",
        "rejected sources city cities region regions previous next first last size filter",
        "filters search loading contains equals blank apply clear cancel yes none out target",
        "sending receiving academic call period start end status average mean count number",
        "percent degree short long term america americas asia oceania africa spellings read",
        "help skip language english french spanish synthetic column columns menu press sort",
        "sorted count_mobilities academic_year total_grant_eur",
    )
    for word in line.split()
}
# Proper names and codes a French page shows as they are (partner and school names come from
# the warehouse, see proper_names).
ALLOWED = (
    "Erasmus+", "Erasmus Without Paper", "Mobility Tool+", "Beneficiary Module", "OpenStreetMap",
)  # fmt: skip
# The product's name, commands in `backticks`, ISO country codes and file names are not
# translated.
BRAND = re.compile(r"^mobility\b|(?<=Source : )mobility\b")  # the product, named as the source
CODE = re.compile(r"`[^`]*`|\b[A-Z]{2}\b|\S+\.(?:txt|md|csv|xlsx|xls|json|xml|pdf|png)\b")
# A number written the English way: 54.4 or 1,234 (French writes 54,4 and 1 234).
ENGLISH_NUMBER = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])|(?<![\w,])\d{1,3}(?:,\d{3})+(?![\w,])")


def english_left(texts: list[str], proper_names: list[str]) -> list[str]:
    """The texts holding an English word or number once proper names are taken out."""
    names = sorted({*proper_names, *ALLOWED}, key=len, reverse=True)
    left = []
    for text in dict.fromkeys(texts):
        rest = text
        if "…" in rest:  # a long name cut short on a chart's axis
            start = rest.split("…")[0].strip()
            if len(start) >= 10 and any(name.startswith(start) for name in names):
                rest = rest.replace(start, " ")
        for name in names:
            if name and name in rest:
                rest = rest.replace(name, " ")
        rest = BRAND.sub(" ", CODE.sub(" ", rest))
        words = {word.lower() for word in re.findall(r"[^\W\d]+(?:_[^\W\d]+)*", rest)}
        if words & ENGLISH or ENGLISH_NUMBER.search(rest):
            left.append(text)
    return left


@pytest.fixture(scope="module")
def addresses(demo_warehouse_file) -> dict[str, str]:
    ((partner_id,),) = sql(
        demo_warehouse_file,
        "select partner_id from mobilities group by all order by count(*) desc, 1 limit 1",
    )
    ((mobility_id,),) = sql(
        demo_warehouse_file,
        "select mobility_id from erasmus_mobilities where is_reported and call_year = 2024 "
        "and len(failed_checks) > 0 order by mobility_id limit 1",
    )
    return {"partner_id": partner_id, "mobility_id": mobility_id}


@pytest.fixture(scope="module")
def proper_names(demo_warehouse_file) -> list[str]:
    """Partner, school and city names, shown in the language they are written in."""
    rows = sql(
        demo_warehouse_file,
        "select name from partners union select school from mobilities union select name "
        "from schools "
        "union select city from partners where city is not null",
    )
    return [name for (name,) in rows]


@pytest.mark.parametrize("address", PAGES)
def test_a_french_page_shows_no_english(open_tab, address, addresses, proper_names):
    tab, watcher = open_tab(address.format(**addresses))
    if address.startswith("/data"):
        tab.wait_for_selector(".ag-row")
    elif address.startswith("/erasmus/mobility/"):
        tab.wait_for_selector("#erasmus-mobility-checks")
    else:
        tab.wait_for_selector(".js-plotly-plot .modebar", state="attached")
    tab.wait_for_load_state("networkidle")
    left = english_left(tab.evaluate(SWEEP_JS), proper_names)
    assert left == [], "\n".join(left)
    assert tab.evaluate("document.documentElement.lang") == "fr"
    assert watcher.problems == [], watcher.problems

"""One hop from a chart to its SQL: every named query is asked for by the dashboard or the
warehouse, and every download is the frame its chart or table draws, from the same data
function called with the same arguments (a table showing the first rows of a long result:
those rows are the download's first)."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import dash
import plotly
import polars as pl
import pytest

from dashboard import components, data
from dashboard.app import create_app
from dashboard.downloads import DOWNLOADS
from dashboard.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
QUERY_NAMES = sorted(path.stem for path in (ROOT / "queries").glob("*.sql"))
CUT = ("limit", "offset")  # arguments that cut a result: a page may show fewer rows
# What a download may ask besides its frame: the choices that fill in a missing filter (the
# years, the latest Erasmus+ call), as the page does.
CHOICES = {"academic_years", "erasmus_call_years"}


def test_every_named_query_is_called_from_the_dashboard_or_the_warehouse():
    data_py = ROOT / "dashboard" / "data.py"
    sources = [
        path.read_text()
        for folder in ("dashboard", "warehouse")
        for path in (ROOT / folder).rglob("*.py")
        if path != data_py  # where every query has its function
    ]
    # a data function may ask another one first (where a mobility lies, then its detail)
    data_calls = re.sub(r"def \w+\(|query\(\s*\"\w+\"", "", data_py.read_text())
    uncalled = [
        name
        for name in QUERY_NAMES
        if not re.search(rf"(?<![\w.]){name}\(", data_calls)
        and not any(
            re.search(rf"\bdata\.{name}\(|\bquery\(\s*\"{name}\"", text) for text in sources
        )
    ]
    assert not uncalled, f"named queries nobody asks for: {uncalled}"


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, dict, object]]:
    """Every data function call from here on: (name, arguments bound by name, result)."""
    made = []
    for name in QUERY_NAMES:
        function = getattr(data, name)

        def recorded(*args, _function=function, _name=name, **kwargs):
            result = _function(*args, **kwargs)
            bound = inspect.signature(_function).bind(*args, **kwargs)
            bound.apply_defaults()
            made.append((_name, dict(bound.arguments), result))
            return result

        monkeypatch.setattr(data, name, recorded)
    return made


def _key(arguments: dict) -> dict:
    """Arguments compared by what the query binds: filters by their parameters."""
    return {
        name: tuple(sorted(value.params().items(), key=str))
        if isinstance(value, Filters)
        else value
        for name, value in arguments.items()
    }


def _frame(result) -> pl.DataFrame:
    return result.rows if isinstance(result, data.Rows) else result


def _download_links(component) -> set[str]:
    text = json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder)
    return set(re.findall(r'"href": "(/download/[^"]+?\.csv[^"]*)"', text))


def _rendered(module, query: dict):
    """A page as the browser ends up with it: the layout, and the sections its callbacks fill
    from the filters it stores (the indicators page)."""
    parts = [module.layout(**query)]
    for show in getattr(module, "SECTIONS", ()):
        parts.append(show(parts[0][module.FILTERS].data))
    return parts


def _pages() -> dict[str, object]:
    import importlib

    create_app()
    return {
        page["path_template"] or page["path"]: importlib.import_module(page["module"])
        for page in dash.page_registry.values()
    }


def _check_download(href: str, page_calls: list, calls: list) -> str:
    """The download behind `href` runs one data function, which the page called with the same
    arguments (or cut), and its rows are those the page got (some of them: a chart of one
    direction, the located partners). Returns the download's name."""
    parts = urlsplit(href)
    name = parts.path.removeprefix("/download/").split(".")[0]
    years = data.academic_years()["academic_year"].to_list()
    filters = Filters.from_query(dict(parse_qsl(parts.query))).with_years(years)
    before = len(calls)
    downloaded = DOWNLOADS[name](filters)
    made = [call for call in calls[before:] if call[0] not in CHOICES]
    del calls[before:]
    assert len(made) == 1, f"{name}: the download runs {[m[0] for m in made]}, not one query"
    function, arguments, _result = made[0]
    wanted = _key(arguments)
    same = [c for c in page_calls if c[0] == function and _key(c[1]) == wanted]
    if same:
        shown = _frame(same[0][2])
        assert downloaded.columns == shown.columns, name
        if downloaded.height == shown.height:
            assert downloaded.equals(shown), f"{name}: not the rows the page drew"
        else:
            assert set(downloaded.rows()) <= set(shown.rows()), f"{name}: rows the page lacks"
        return name
    # else the page shows the first rows of the result the download has whole
    assert wanted.get("limit", 0) is None, f"{name}: data.{function}{arguments} is not the page's"
    uncut = {k: v for k, v in wanted.items() if k not in CUT}
    cut = [
        c
        for c in page_calls
        if c[0] == function and {k: v for k, v in _key(c[1]).items() if k not in CUT} == uncut
    ]
    assert cut, f"{name}: the page never calls data.{function} with the download's arguments"
    shown = _frame(cut[0][2])
    assert downloaded.head(shown.height).equals(shown), f"{name}: not the page's first rows"
    return name


def test_every_download_is_the_frame_of_its_chart_or_table(demo_warehouse, calls):
    pages = _pages()
    [partner_id] = (
        data.top_partners(Filters(year_from="2014-2015", year_to="2024-2025"), 1)
        .filter(direction="outgoing")["partner_id"]
        .to_list()
    )
    views = [
        ("/", {}),
        ("/", {"schools": "imt-mines-albi", "direction": "outgoing"}),
        ("/map", {}),
        ("/map", {"regions": "150", "lang": "fr"}),
        ("/agreements", {}),
        ("/agreements", {"schools": "imt-mines-ales"}),
        ("/flows", {}),
        ("/flows", {"from": "2019-2020", "to": "2022-2023", "direction": "incoming"}),
        ("/indicators", {}),
        ("/indicators", {"schools": "imt-mines-albi,imt-atlantique", "regions": "150"}),
        ("/erasmus", {}),
        ("/data", {}),
        ("/partners/<partner_id>", {"partner_id": partner_id}),
    ]
    checked = set()
    for path, query in views:
        module = pages[path]
        del calls[:]
        rendered = _rendered(module, query)
        page_calls = list(calls)
        links = _download_links(rendered)
        assert links, f"{path} has no download"
        for href in sorted(links):
            checked.add(_check_download(href, page_calls, calls))
    # the map's list of one country's partners, as a click on the map shows it
    world_map = pages["/map"]
    del calls[:]
    panel = world_map.country_panel(components.resolve({})[0], "DE", "Germany")
    page_calls = list(calls)
    for href in sorted(_download_links(panel)):
        checked.add(_check_download(href, page_calls, calls))
    assert checked == set(DOWNLOADS), f"downloads no page links: {set(DOWNLOADS) - checked}"


def test_named_queries_read_public_views_tables_and_the_documented_marts():
    from warehouse import query_catalog

    known = query_catalog.public_views() | query_catalog.base_tables()
    for name in QUERY_NAMES:
        read = query_catalog.relations_read(name)
        assert read, name
        odd = {r for r in read if r not in known and not r.startswith("marts.")}
        assert not odd, f"{name} reads {odd}: neither a public view, a table nor a mart"
    # through the filter macros, as the SQL says
    assert query_catalog.relations_read("mobility_trend") == {"marts.mobility_counts_by_region"}
    assert query_catalog.relations_read("top_partners") == {
        "marts.mobility_counts", "marts.partner_flow_counts", "partners",
    }  # fmt: skip
    assert query_catalog.relations_read("graduate_cohorts") == {
        "graduates",
        "compulsory_stay_rules",
    }

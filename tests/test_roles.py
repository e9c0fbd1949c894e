"""Roles at the query door: an officer of one school, a viewer, an admin, through the real
server (Flask's test client) on the demo warehouse. Every page of dash.page_registry, every
callback of the app and every download of dashboard.downloads is requested, so that a page
added tomorrow is checked too: an officer of IMT Mines Albi finds no row of IMT Mines Alès, a
viewer no pseudonym, no date of a mobility and no count below 5 per partner or country."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import dash
import polars as pl
import pytest
from click.testing import CliRunner

from dashboard import auth, downloads
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.i18n import translator
from dashboard.router import router_request
from mobility import cli
from warehouse import access, db

from .conftest import PASSWORD, read_download, signed_in_client, sql

A, B = "imt-mines-albi", "imt-mines-ales"
NO_DATA = "telecom-paris"  # a registered school without any data in the demo
ROUTER = ".._pages_content.children..._pages_store.data.."


@pytest.fixture(scope="module")
def app():
    return create_app()


# ---------- the registry


def test_every_query_is_classified_and_every_scoped_one_binds_schools():
    names = {path.stem for path in db.QUERIES_DIR.glob("*.sql")}
    assert names == set(access.QUERIES)
    for name, kind in access.QUERIES.items():
        assert kind in (access.REFERENCE, access.AGGREGATE, access.ROWS), name
        text = (db.QUERIES_DIR / f"{name}.sql").read_text()
        if kind != access.REFERENCE:
            assert "$schools" in text, f"{name} is school-scoped but binds no $schools"
    # what shows one row per mobility or person
    rows = {name for name, kind in access.QUERIES.items() if kind == access.ROWS}
    assert rows == {
        "erasmus_failed_checks",
        "erasmus_mobility_detail",
        "mobility_location",
        "rejected_rows_list",
    }


def test_the_door_binds_the_schools_a_user_may_see(demo_warehouse):
    officer = access.Scope("alice", "officer", (A,))
    assert officer.schools_for([]) == [A]  # "all" means all of mine
    assert officer.schools_for([A, B]) == [A]
    assert officer.schools_for([B]) == [access.NO_SCHOOL]  # never "all"
    assert access.LOCAL_ADMIN.schools_for([B]) == [B]
    assert db.query("school_options", scope=officer)["school_id"].to_list() == [A]
    assert db.query("school_options", scope=officer, schools=[B]).is_empty()
    # a query nobody classified is refused: new queries fail closed
    with pytest.raises(access.AccessDenied, match="not classified"):
        access.bind("no_such_query", {}, access.LOCAL_ADMIN)
    viewer = access.Scope("boss", "viewer")
    for name in ("erasmus_mobility_detail", "mobility_location"):
        with pytest.raises(access.AccessDenied, match="not shown to the viewer role"):
            db.query(name, scope=viewer, mobility_id="m-x", call_year=2024, school_id=A)
    # the results kept for one user are never handed to another
    ales_mobility, call_year = sql(
        demo_warehouse,
        "select mobility_id, call_year from erasmus_mobilities where school_id = ? limit 1",
        B,
    )[0]
    where = {"mobility_id": ales_mobility, "call_year": call_year, "school_id": B}
    assert db.query("mobility_location", mobility_id=ales_mobility).rows() == [(call_year, B)]
    assert db.query("erasmus_mobility_detail", **where).height == 1
    assert db.query("mobility_location", scope=officer, mobility_id=ales_mobility).is_empty()
    assert db.query("erasmus_mobility_detail", scope=officer, **where).is_empty()


def test_queries_run_together_keep_the_user(app, demo_warehouse):
    """data.together runs queries in threads: each runs as the user who asked."""
    from dashboard import data

    officer = access.Scope("alice", "officer", (A,))
    with auth.acting_as(officer):
        first, second = data.together(data.school_options, data.school_options)
    assert first["school_id"].to_list() == second["school_id"].to_list() == [A]


# ---------- what leaves the server


def render(client, pathname: str, search: str = ""):
    """A page as the browser gets it: the pages router's callback."""
    return client.post("/_dash-update-component", json=router_request(pathname, search))


def find_props(tree, key: str):
    """Every value of the component property `key` in a JSON tree."""
    if isinstance(tree, list):
        for child in tree:
            yield from find_props(child, key)
    elif isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and key in props:
            yield props[key], props
        for child in tree.values():
            yield from find_props(child, key)


def page_paths(warehouse: Path) -> list[str]:
    """Every page of the registry; the pages about one partner or one mobility for partners
    and mobilities of both schools (and of neither)."""
    partners = [row[0] for row in sql(warehouse, """
        (select partner_id from mobilities where school_id = ? group by 1 order by count(*) limit 2)
        union all
        (select partner_id from mobilities group by 1 having count(*) < 5 order by 1 limit 2)
        union all
        (select partner_id from mobilities where school_id = ? group by 1 order by count(*) limit 2)
    """, A, B)]  # fmt: skip
    mobilities = [row[0] for row in sql(warehouse, """
        (select mobility_id from erasmus_mobilities where school_id = ? order by 1 limit 2)
        union all
        (select mobility_id from erasmus_mobilities where school_id = ? order by 1 limit 2)
    """, A, B)]  # fmt: skip
    templates = {
        "/partners/<partner_id>": [f"/partners/{p}" for p in partners],
        "/erasmus/mobility/<mobility_id>": [f"/erasmus/mobility/{m}" for m in mobilities],
    }
    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            assert template in templates, f"{template}: say which pages of it to request"
            paths += templates[template]
        else:
            paths.append(page["path"])
    return paths


GRID_REQUEST = {"startRow": 0, "endRow": 100, "sortModel": [], "filterModel": {}}


def callback_requests(app, search: str, stores: dict, clicks: dict) -> list[tuple[str, dict]]:
    """A request for every callback of the app (but the pages router), with the values a user
    sends; a callback whose inputs this does not know fails the test: say what to send."""
    requests = []
    registered = {**dash._callback.GLOBAL_CALLBACK_MAP, **app.callback_map}
    for key, entry in registered.items():
        if key == ROUTER or all(i["id"].startswith("_pages_") for i in entry["inputs"]):
            continue  # Dash pages' own: the router (see render) and the page title
        if "callback" not in entry:
            continue  # a clientside callback: it runs in the browser, on what it was sent
        outputs = [
            dict(zip(("id", "property"), output.rsplit(".", 1), strict=True))
            for output in key.strip(".").split("...")
        ]
        for values in _input_values(entry["inputs"], clicks, stores, search):
            state = [
                {**item, "value": _state_value(item, search)} for item in entry.get("state", [])
            ]
            requests.append(
                (
                    key,
                    {
                        "output": key,
                        "outputs": outputs if len(outputs) > 1 else outputs[0],
                        "inputs": values,
                        "state": state,
                        "changedPropIds": [f"{v['id']}.{v['property']}" for v in values],
                    },
                )
            )
    return requests


def _input_values(inputs: list[dict], clicks: dict, stores: dict, search: str):
    """One or more value sets for the inputs of a callback."""
    filters = Filters.from_query(search)
    fixed = {
        ("filter-schools", "value"): list(filters.schools),
        ("filter-year-from", "value"): None,
        ("filter-year-to", "value"): None,
        ("filter-direction", "value"): "all",
        ("filter-activities", "value"): [],
        ("filter-regions", "value"): [],
        ("filter-language", "value"): "en",
        ("erasmus-call", "value"): "2024",
        ("map-measure", "value"): "outgoing",
        ("map-view", "value"): "europe",
        ("map-arcs", "checked"): True,
        ("agreements-list-grid", "getRowsRequest"): GRID_REQUEST,
        ("map-unknown-list", "n_clicks"): 1,
    }
    choices = []
    for item in inputs:
        place = (item["id"], item["property"])
        if place in fixed:
            options = [fixed[place]]
        elif item["property"] == "value" and item["id"].endswith("search"):
            options = ["a"]
        elif item["property"] == "clickData":
            options = clicks.get(item["id"], [None])
        elif item["property"] == "data" and item["id"] in stores:
            options = [stores[item["id"]]]
        else:
            raise AssertionError(f"{place}: say what a user sends to this callback")
        choices.append([{**item, "value": option} for option in options])
    # every input at its first choice, then each other choice of one input in turn
    base = [options[0] for options in choices]
    yield base
    for index, options in enumerate(choices):
        for option in options[1:]:
            yield [*base[:index], option, *base[index + 1 :]]


def _state_value(item: dict, search: str):
    if (item["id"], item["property"]) == ("url", "search"):
        return search
    if item["property"] == "id":
        return item["id"]
    if item["property"] == "value":
        return ""
    raise AssertionError(f"{item}: say what state this callback reads")


def clicks_for(warehouse: Path) -> dict:
    """Clicks on the map (every country with a partner) and on the partner charts."""
    countries = sql(
        warehouse,
        "select distinct coalesce(country_iso2, ''), coalesce(country_name, '?') from partners",
    )
    partner = sql(warehouse, "select partner_id from mobilities limit 1")[0][0]
    partner_click = [{"points": [{"customdata": partner}]}]
    return {
        "map-choropleth": [{"points": [{"customdata": list(country)}]} for country in countries],
        "flows-top-outgoing": partner_click,
        "flows-top-incoming": partner_click,
        "flows-balance": partner_click,
        "indicators-balance": partner_click,
        "indicators-dd-by-partner": partner_click,
    }


def everything_sent(app, client, warehouse: Path, searches: list[str]):
    """(what, status, text) of every page, callback and download, under each search."""
    clicks = clicks_for(warehouse)
    for search in searches:
        stores = {}
        for path in page_paths(warehouse):
            response = render(client, path, search)
            assert response.status_code == 200, (path, search, response.data[:300])
            tree = response.get_json()
            stores.update(
                {props["id"]: value for value, props in find_props(tree, "data") if "id" in props}
            )
            yield f"page {path}{search}", tree
        for key, body in callback_requests(app, search, stores, clicks):
            response = client.post("/_dash-update-component", json=body)
            assert response.status_code in (200, 204), (key, search, response.data[:300])
            # a callback writing the address bar sends back the URL it was sent, nothing else
            if response.status_code == 200 and not key.startswith("url."):
                yield f"callback {key}{search}", response.get_json()


def download_urls(warehouse: Path, searches: list[str]) -> list[str]:
    partners = [row[0] for row in sql(warehouse, """
        (select partner_id from mobilities where school_id = ? limit 1)
        union all (select partner_id from mobilities where school_id = ? limit 1)
        union all (select partner_id from mobilities group by 1 having count(*) < 5 limit 1)
    """, A, B)]  # fmt: skip
    countries = ["DE", "ES", "", "MA"]
    urls = []
    for name in downloads.DOWNLOADS:
        for search in searches:
            extras = [""]
            if name.startswith("partner_"):
                extras = [f"partner={p}" for p in partners]
            elif name == "country_partners":
                extras = [f"country={c}" for c in countries]
            elif name.startswith("erasmus_"):
                extras = ["call=2024"]
            for extra in extras:
                query = "&".join(part for part in (search.lstrip("?"), extra) if part)
                urls.append(f"/download/{name}.csv" + (f"?{query}" if query else ""))
    return urls


def test_an_officer_sees_no_row_of_another_school(app, demo_warehouse):
    officer = signed_in_client(app, demo_warehouse, "alice", "officer", "IMT Mines Albi")
    searches = ["", f"?schools={B}", f"?schools={A},{B}&lang=fr"]
    ales_mobilities = {
        row[0]
        for row in sql(demo_warehouse, "select mobility_id from mobilities where school_id = ?", B)
    }
    ales_files = {
        row[0]
        for row in sql(demo_warehouse, "select file_name from imports where school_id = ?", B)
    }
    checked = 0
    for what, tree in everything_sent(app, officer, demo_warehouse, searches):
        text = json.dumps(tree, ensure_ascii=False)
        asked = re.search(r"/erasmus/mobility/(m-\w+)", what)
        for word in ("Mines Alès", B, *ales_files):
            assert word not in text, (what, word)
        leaked = set(re.findall(r"m-[0-9a-f]{16}", text)) & ales_mobilities
        assert not leaked - ({asked[1]} if asked else set()), (what, leaked)
        if asked and asked[1] in ales_mobilities:  # asked by its id: not found
            assert "erasmus-mobility-not-found" in text, what
        checked += 1
    assert checked > 100


# downloads of the data page, which shows the whole warehouse whatever the filters say
WHOLE_WAREHOUSE = {"import_history", "rejected_rows_list", "place_flags", "synthetic_share"}


def test_an_officer_downloads_exactly_what_an_admin_sees_of_their_school(app, demo_warehouse):
    admin = signed_in_client(app, demo_warehouse, "root", "admin")
    officer = app.server.test_client()
    CliRunner().invoke(
        cli, ["users", "add", "alice", "--role", "officer", "--school", "IMT Mines Albi"],
        input=PASSWORD + "\n",
    )  # fmt: skip
    officer.post("/login", data={"username": "alice", "password": PASSWORD})
    # what the officer asks for -> what the admin asks for to see the same
    same = {"": f"schools={A}", f"schools={A}": f"schools={A}", f"schools={B}": f"schools={A}",
            f"schools={A},{B}": f"schools={A}"}  # fmt: skip
    compared = 0
    for url in download_urls(demo_warehouse, [f"?{s}" if s else "" for s in same]):
        path, _, query = url.partition("?")
        parts = query.split("&") if query else []
        school_part = next((p for p in parts if p.startswith("schools=")), "")
        others = [p for p in parts if not p.startswith("schools=")]
        admin_url = path + "?" + "&".join([same[school_part], *others])
        mine = officer.get(url)
        name = path.split("/")[-1].split(".")[0]
        if name in WHOLE_WAREHOUSE:  # the admin's page shows every school's: ask the door
            expected = downloads.with_names(db.query(name, schools=[A]), "en").write_csv().encode()
        else:
            theirs = admin.get(admin_url)
            assert theirs.status_code == 200, admin_url
            expected = theirs.data
        assert mine.status_code == 200, (url, mine.status_code)
        assert mine.data == expected, url
        text = mine.data.decode()
        assert "Mines Alès" not in text and B not in text, url
        compared += 1
    assert compared >= len(downloads.DOWNLOADS) * 4


# ---------- the viewer: aggregates only


PEOPLE_IN_HOVER = r"(Outgoing|Incoming|Sortants|Entrants)(</b>)?: [1-4](<|$)"


def counts_people(choropleth: dict) -> bool:
    """Whether a map colours countries by people (not by partners or agreements)."""
    institutions = {translator(lang)(m) for m in ("Partners", "Agreements")
                    for lang in ("en", "fr")}  # fmt: skip
    return choropleth.get("name") not in institutions


def small_counts(tree, where: str) -> list[str]:
    """Counts of 1 to 4 people in cells per partner or per country: in grids' rows, in the
    traces of charts whose points are partners or countries, in their hovers."""
    found = []
    for rows, props in find_props(tree, "rowData"):
        for row in rows or []:
            if not any(key in row for key in access.PARTNER_OR_COUNTRY):
                continue
            for column in access.PERSON_COUNTS:
                if isinstance(row.get(column), int) and 1 <= row[column] <= 4:
                    found.append(f"{where}: grid {props.get('id')} {column}={row[column]}")
    for figure, props in find_props(tree, "figure"):
        for trace in (figure or {}).get("data", []):
            if trace.get("customdata") is None:  # partner and country points carry their id
                continue
            for axis in ("x", "y", "z"):
                values = trace.get(axis) or []
                if trace.get("type") == "choropleth" and (axis != "z" or not counts_people(trace)):
                    continue
                numbers = [
                    v for v in values if isinstance(v, int | float) and not isinstance(v, bool)
                ]
                if trace.get("orientation") == "h" and axis == "y":
                    continue
                found += [f"{where}: {props.get('id')} {axis}={v}" for v in numbers if 1 <= v <= 4]
            for text in (trace.get("text") or []) + (trace.get("hovertext") or []):
                if re.search(
                    r"(Outgoing|Incoming|Sortants|Entrants)(</b>)?: [1-4](<|$)", str(text)
                ):
                    found.append(f"{where}: {props.get('id')} hover {text!r}")
    return found


def test_a_viewer_sees_no_pseudonym_no_date_no_count_below_5(app, demo_warehouse):
    viewer = signed_in_client(app, demo_warehouse, "boss", "viewer")
    pseudonyms = {
        row[0]
        for row in sql(
            demo_warehouse,
            "select participant_id from mobilities where participant_id is not null union "
            "select participant_id from erasmus_mobilities where participant_id is not null",
        )
    }
    dates = {
        str(row[0])
        for row in sql(
            demo_warehouse,
            "select start_date from mobilities union select end_date from mobilities union "
            "select start_date from erasmus_mobilities union "
            "select end_date from erasmus_mobilities",
        )
        if row[0] is not None
    }
    imported = {str(row[0])[:10] for row in sql(demo_warehouse, "select imported_at from imports")}
    dates -= imported  # an import's date is not a mobility's

    def check(what: str, text: str) -> None:
        tokens = set(re.findall(r"[\w-]+", text))
        assert not tokens & pseudonyms, (what, sorted(tokens & pseudonyms)[:3])
        shown_dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", text)) & dates
        assert not shown_dates, (what, sorted(shown_dates)[:3])

    problems = []
    hidden_seen = False
    for what, tree in everything_sent(app, viewer, demo_warehouse, ["", f"?schools={A}"]):
        text = json.dumps(tree, ensure_ascii=False)
        check(what, text)
        problems += small_counts(tree, what)
        hidden_seen |= access.SUPPRESSED in text
        if what.startswith("page /partners/"):
            for figure, props in find_props(tree, "figure"):
                if props.get("id") == "partner-flows":
                    for trace in figure["data"]:
                        small = [v for v in trace["y"] if v is not None and 1 <= v <= 4]
                        problems += [f"{what}: partner flows {v}" for v in small]
            for value, props in find_props(tree, "children"):
                kpi = str(props.get("id", "")).startswith("partner-kpi-")
                digits = isinstance(value, str) and value.strip().isdigit()
                if kpi and digits and 1 <= int(value) <= 4:
                    problems.append(f"{what}: {props['id']} = {value}")
    assert not problems, problems[:10]
    assert hidden_seen
    # downloads: the row-level ones refused, the others without a small count per partner
    refused = 0
    for url in download_urls(demo_warehouse, ["", f"?schools={A}"]):
        response = viewer.get(url)
        name = url.split("/")[2].split(".")[0]
        if name in ("erasmus_failed_checks", "rejected_rows_list"):
            assert response.status_code == 403, url
            refused += 1
            continue
        assert response.status_code == 200, url
        text = response.data.decode()
        check(url, text)
        table = list(csv.DictReader(io.StringIO(text)))
        if (
            not table
            or not any(key in table[0] for key in access.PARTNER_OR_COUNTRY)
            and ("partner=" not in url)
        ):
            continue
        for row in table:
            for column in access.PERSON_COUNTS:
                value = row.get(column)
                assert (
                    value is None
                    or value == access.SUPPRESSED
                    or not (value.isdigit() and 1 <= int(value) <= 4)
                ), (url, column, value)
    assert refused == 4


def test_a_partner_page_no_longer_shows_one_student_and_his_months(app, demo_warehouse):
    (partner, count, months) = sql(
        demo_warehouse,
        "select partner_id, count(*), sum(duration_months) from mobilities "
        "group by 1 having count(*) = 1 and sum(duration_months) > 0 order by 1 limit 1",
    )[0]
    viewer = signed_in_client(app, demo_warehouse, "boss", "viewer")
    page = json.dumps(render(viewer, f"/partners/{partner}").get_json(), ensure_ascii=False)
    assert access.SUPPRESSED in page
    download = viewer.get(f"/download/partner_flows.csv?partner={partner}").data.decode()
    frame = read_download(download.encode(), infer_schema=False)
    assert set(frame["count_mobilities"]) <= {"0", access.SUPPRESSED}
    assert access.SUPPRESSED in set(frame["count_mobilities"])
    # months and synthetic counts go with the hidden count
    hidden = frame.filter(pl.col("count_mobilities") == access.SUPPRESSED)
    assert hidden["sum_months"].null_count() == hidden.height
    # the same page for an admin still says 1
    admin = signed_in_client(app, demo_warehouse, "root", "admin")
    exact = admin.get(f"/download/partner_flows.csv?partner={partner}").data.decode()
    assert read_download(exact.encode())["count_mobilities"].sum() == count == 1
    assert months > 0


def test_the_failed_checks_download_is_refused_to_anyone_but_officers_and_admins(
    app, demo_warehouse
):
    url = "/download/erasmus_failed_checks.csv?call=2024"
    (demo_warehouse.parent / "mobility.toml").write_text("[sign_in]\nlocal = true\n")
    assert app.server.test_client().get(url).status_code == 401  # nobody signed in
    viewer = signed_in_client(app, demo_warehouse, "boss", "viewer")
    assert viewer.get(url).status_code == 403
    officer = signed_in_client(app, demo_warehouse, "alice", "officer", "IMT Mines Albi")
    frame = read_download(officer.get(url).data)
    assert set(frame["school_id"]) == {A} and frame.height > 0
    from warehouse import audit

    outcomes = [(e.user, e.outcome) for e in audit.read(action="download")]
    assert outcomes == [("boss", "refused"), ("alice", "ok")]

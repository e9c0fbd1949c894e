"""Every page and callback response on a warehouse, in each language, to compare two versions.

A change meant to leave the pages as they were (a refactoring, a new translation layer) is
checked by saving the responses before it and comparing after:

    MOBILITY_DB=demo.duckdb python -m benchmarks.responses before.json
    (change the code)
    MOBILITY_DB=demo.duckdb python -m benchmarks.responses after.json --against before.json

The requests go through Flask's test client, as the browser sends them: each page's router
callback under varied filters, the sections of the pages sent as a skeleton, a click on a few
countries of the map, the first block of the agreements list, and every CSV download.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import duckdb

from benchmarks.run import PAGES, SECTION_STORES, _find_store_data, varied_filters
from dashboard.app import create_app
from dashboard.filters import Filters
from dashboard.router import router_request
from warehouse import settings

LANGUAGES = ("en", "fr")
COMBOS = 12  # filter combinations per page, each asked in every language


def _callback(output: str, inputs: list[dict], state: list[dict] | None = None) -> dict:
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in output.strip(".").split("...")
    ]
    return {
        "output": output,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state or [],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in inputs],
    }


def _choices(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = lambda sql: [r[0] for r in con.execute(sql).fetchall()]  # noqa: E731
        return {
            "partners": rows(
                "select partner_id from mobilities group by 1 order by count(*) desc, 1 limit 6"
            ),
            "countries": con.execute(
                "select p.country_iso2, c.country_name from mobilities m "
                "join partners p using (partner_id) join countries c using (country_iso2) "
                "group by all order by count(*) desc, 1 limit 4"
            ).fetchall(),
            "mobilities": rows(
                "(select mobility_id from erasmus_check_failures group by 1 order by 1 limit 4) "
                "union all (select mobility_id from erasmus_mobilities order by 1 limit 2)"
            ),
            "calls": rows("select distinct call_year from erasmus_mobilities order by 1"),
        }


def responses(path: Path) -> dict[str, str]:
    """Request name -> response body, for every request this module sends."""
    app = create_app()
    client = app.server.test_client()
    dependencies = client.get("/_dash-dependencies").get_json()
    choices = _choices(path)
    got: dict[str, str] = {}

    def post(name: str, body: dict) -> dict | None:
        response = client.post("/_dash-update-component", json=body)
        got[name] = f"{response.status_code} {response.get_data(as_text=True)}"
        return response.get_json(silent=True)

    combos = varied_filters(path, COMBOS)
    pages = [*PAGES, "/erasmus/mobility/{mobility_id}"]
    for lang in LANGUAGES:
        for index, base in enumerate(combos):
            filters = replace(base, lang=lang)
            for page in pages:
                pathname = page.format(
                    partner_id=choices["partners"][index % len(choices["partners"])],
                    mobility_id=choices["mobilities"][index % len(choices["mobilities"])],
                )
                search = filters.to_query()
                body = post(f"{pathname}{search} [{lang}]", router_request(pathname, search))
                if page in SECTION_STORES and body:
                    stored = _find_store_data(body, SECTION_STORES[page])
                    for dependency in dependencies:
                        store = {"id": SECTION_STORES[page], "property": "data"}
                        if dependency["inputs"] == [store]:
                            post(
                                f"{pathname}{search} {dependency['output']} [{lang}]",
                                _callback(dependency["output"], [{**store, "value": stored}]),
                            )
        plain = Filters(lang=lang)
        for measure in ("partners", "agreements", "outgoing", "incoming", "balance"):
            search = plain.to_query(measure=measure)
            post(f"/map{search}", router_request("/map", search))
        for call in choices["calls"]:
            search = plain.to_query(call=str(call))
            post(f"/erasmus{search}", router_request("/erasmus", search))
        state = [{"id": "url", "property": "search", "value": plain.to_query()}]
        for iso2, name in choices["countries"]:
            post(
                f"map click {iso2} [{lang}]",
                _callback(
                    "map-country-partners.children",
                    [
                        {
                            "id": "map-choropleth",
                            "property": "clickData",
                            "value": {"points": [{"curveNumber": 0, "customdata": [iso2, name]}]},
                        }
                    ],
                    state,
                ),
            )
        post(
            f"map unknown countries [{lang}]",
            _callback(
                "map-country-partners.children@"
                + _duplicate_suffix(dependencies, "map-country-partners.children"),
                [{"id": "map-unknown-list", "property": "n_clicks", "value": 1}],
                state,
            ),
        )
        for sort in ([], [{"colId": "status", "sort": "desc"}]):
            post(
                f"agreements list {sort} [{lang}]",
                _callback(
                    "agreements-list-grid.getRowsResponse",
                    [
                        {
                            "id": "agreements-list-grid",
                            "property": "getRowsRequest",
                            "value": {"startRow": 0, "endRow": 100, "sortModel": sort},
                        }
                    ],
                    [
                        {"id": "agreements-search", "property": "value", "value": ""},
                        {"id": "url", "property": "search", "value": plain.to_query()},
                    ],
                ),
            )
        from dashboard.downloads import DOWNLOADS

        for name in sorted(DOWNLOADS):
            response = client.get(f"/download/{name}.csv{plain.to_query()}")
            got[f"download {name}.csv [{lang}]"] = (
                f"{response.status_code} {response.get_data(as_text=True)}"
            )
    return got


def _duplicate_suffix(dependencies: list[dict], output: str) -> str:
    """Dash names an allow_duplicate output `id.prop@<hash>`: the hash of the one fed by the
    unknown-country button."""
    for dependency in dependencies:
        if dependency["output"].startswith(output + "@") and any(
            i["id"] == "map-unknown-list" for i in dependency["inputs"]
        ):
            return dependency["output"].split("@", 1)[1]
    raise RuntimeError(f"no callback writes {output} from the unknown-country button")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON file to write the responses to")
    parser.add_argument("--against", type=Path, help="responses saved before, to compare with")
    args = parser.parse_args(argv)
    got = responses(settings.db_path())
    args.out.write_text(json.dumps(got, ensure_ascii=False, indent=0, sort_keys=True))
    print(f"{len(got)} responses written to {args.out}")
    if args.against is None:
        return 0
    before = json.loads(args.against.read_text())
    differ = sorted(
        name for name in before.keys() | got.keys() if before.get(name) != got.get(name)
    )
    failed = sorted(name for name, body in got.items() if not body.startswith("200 "))
    for name in differ[:20]:
        print(f"differs: {name}")
    print(f"{len(before.keys() & got.keys()) - len(differ)} identical, {len(differ)} differ")
    if failed:
        print(f"{len(failed)} not answered 200, e.g. {failed[0]}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

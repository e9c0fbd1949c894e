"""The request a browser sends when its URL changes: Dash pages' router callback, which answers
with the page's content. The benchmarks and the tests ask for pages the way the browser does."""

from __future__ import annotations


def router_request(pathname: str, search: str = "") -> dict:
    """The body POSTed to /_dash-update-component for the page at `pathname` + `search`."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }

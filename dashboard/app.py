"""The Dash application: pages, the URL as the home of the global filters, downloads."""

from __future__ import annotations

import functools
import logging
import sys
import threading
import time
from pathlib import Path

import dash
import dash_mantine_components as dmc
from dash import Dash, Input, Output, State, callback, dcc, no_update

from dashboard import auth, components, downloads
from dashboard.filters import Filters
from warehouse.access import LOCAL_ADMIN

PROJECT_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


@functools.cache
def create_app() -> Dash:
    """Build the app once per process (Dash pages register their callbacks globally)."""
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).resolve().parent / "pages"),
        # the mandated top-level assets/ folder, not dashboard/assets
        assets_folder=str(PROJECT_DIR / "assets"),
        title="mobility",
        # no "Updating..." in the tab while callbacks run: pages name themselves in their
        # language (dashboard.i18n.page_title)
        update_title=None,
        serve_locally=True,  # no CDN: the users' intranets have no internet
        suppress_callback_exceptions=True,
    )
    app.layout = dmc.MantineProvider(
        [
            # callback-nav: a filter change rewrites the URL and Dash pages re-renders the page
            dcc.Location(id=components.URL, refresh="callback-nav"),
            # while a page renders after a filter change, dim it rather than leave it stale
            dcc.Loading(
                dash.page_container,
                delay_show=300,
                overlay_style={"visibility": "visible", "opacity": 0.55},
                type="circle",
            ),
        ]
    )
    auth.install(app.server)
    downloads.install(app.server)
    return app


@callback(
    Output(components.URL, "search"),
    Input(components.FILTER_SCHOOLS, "value"),
    Input(components.FILTER_YEAR_FROM, "value"),
    Input(components.FILTER_YEAR_TO, "value"),
    Input(components.FILTER_DIRECTION, "value"),
    Input(components.FILTER_ACTIVITIES, "value"),
    Input(components.FILTER_REGIONS, "value"),
    Input(components.FILTER_LANGUAGE, "value"),
    State(components.URL, "search"),
    prevent_initial_call=True,
)
def filters_to_url(schools, year_from, year_to, direction, activities, regions, lang, search):
    """Write the filter bar's values into the URL, keeping page-specific keys.

    The filter bar is rendered with each page, so this also runs once after every page load:
    when the bar only shows what the URL already means (its defaults filled in), the URL stays
    as it is, otherwise the page would be rendered a second time for nothing."""
    current = Filters.from_query(search)
    wanted = Filters(
        schools=tuple(schools or ()),
        year_from=year_from,
        year_to=year_to,
        direction=direction or "all",
        activities=tuple(activities or ()),
        regions=tuple(regions or ()),
        lang=lang or "en",
        extra=current.extra,
    )
    if wanted == components.resolve(search)[0]:
        return no_update
    return wanted.to_query()


def server():
    """The Flask server, for a WSGI server: `gunicorn 'dashboard.app:server()'`."""
    app = create_app()
    warm_up_in_background()
    return app.server


def warm_up_in_background() -> threading.Thread:
    """Render every page once, under the default filters, in a thread of its own.

    A new server's first answers read the warehouse from disk: at 10 million mobilities the
    Erasmus+ page's queries took 0.6-0.9 s each before its tables were read, 15-55 ms after
    (docs/performance.md).
    Rendering each page once at start moves that wait away from the first users, and leaves the
    default view of every page in the query cache. The server answers meanwhile."""
    thread = threading.Thread(target=_render_every_page, name="warm-up", daemon=True)
    thread.start()
    return thread


# The line the server prints when its warm-up is over (the benchmark waits for it).
WARMED_UP = "warm-up: every page rendered"


def _render_every_page() -> None:
    # as the local admin: the default view of every school goes into the query cache, and
    # nothing rendered here is sent to anyone
    with auth.acting_as(LOCAL_ADMIN):
        _render_pages()


def _render_pages() -> None:
    started = time.perf_counter()
    for page in list(dash.page_registry.values()):
        if page.get("path_template") or not callable(page["layout"]):
            continue  # a page about one partner or one mobility has no default view
        # a page sent as a skeleton fills its sections in callbacks: it says how to warm them
        sections = getattr(sys.modules.get(page["module"]), "warm_up", None)
        try:
            page["layout"]()
            if sections:
                sections()
        except Exception as error:  # a warm-up never stops the server; the page will say why
            logger.warning("warm-up: %s did not render (%s)", page["path"], error)
    print(f"{WARMED_UP} in {time.perf_counter() - started:.1f} s", flush=True)

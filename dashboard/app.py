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
import flask
import flask_compress
from dash import Dash, Input, Output, State, callback, dcc, no_update

from dashboard import auth, components, downloads
from dashboard.filters import Filters
from warehouse import resources, settings
from warehouse.access import LOCAL_ADMIN

logger = logging.getLogger(__name__)


@functools.cache
def create_app() -> Dash:
    """Build the app once per process (Dash pages register their callbacks globally)."""
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(Path(__file__).resolve().parent / "pages"),
        # the top-level assets/ folder of a checkout, its copy inside an installed wheel
        assets_folder=str(resources.ASSETS_DIR),
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
    # the JS bundles (several MB) and callback answers travel compressed (br, gzip, zstd)
    flask_compress.Compress(app.server)
    auth.install(app.server)
    downloads.install(app.server)
    app.server.add_url_rule("/healthz", "healthz", _healthz)
    app.server.after_request(functools.partial(_security_headers, app))
    return app


def _healthz():
    """For a load balancer or a container's health check: the process answers and can open
    the warehouse. No data, no sign-in (auth.PUBLIC_PATHS)."""
    path = settings.db_path()
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        return _plain(503, f"warehouse unreadable: {error.strerror}")
    return _plain(200, "ok")


def _plain(status: int, text: str):
    response = flask.make_response(text + "\n", status)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


def content_security_policy(app: Dash) -> str:
    """Everything from the app's own origin only. Scripts: the app's files and Dash's one
    inline script, by its hash. Styles may be inline: plotly.js and Mantine set style
    attributes and insert <style> elements from script. Images may be data: or blob: URLs:
    a chart's PNG export draws the SVG through one."""
    scripts = " ".join(["'self'", *app.csp_hashes()])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


_policies: dict[int, str] = {}


def _security_headers(app: Dash, response: flask.Response) -> flask.Response:
    # computed at the first response, once every callback (and inline script) is registered
    policy = _policies.get(id(app)) or _policies.setdefault(id(app), content_security_policy(app))
    headers = response.headers
    headers["Content-Security-Policy"] = policy
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"  # frame-ancestors, for browsers that predate it
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


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
    set_up(app)
    warm_up_in_background()
    return app.server


def set_up(app: Dash) -> None:
    """Finish Dash's setup before any user's request.

    Dash completes it at its first request (callbacks copied into its map, then checked), with
    no lock: under a threaded server, requests arriving together found the map half-filled
    ("dictionary changed size during iteration", callbacks not found). One request here, in
    this thread, does it once."""
    with app.server.test_client() as client:
        client.get("/healthz")


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


# The lines the server prints when its warm-up is over (the benchmark waits for either).
WARMED_UP = "warm-up: every page rendered"
WARM_UP_FAILED = "warm-up: pages failed"


def _render_every_page() -> None:
    # as the local admin: the default view of every school goes into the query cache, and
    # nothing rendered here is sent to anyone
    with auth.acting_as(LOCAL_ADMIN):
        print(warm_up_report(*_render_pages()), flush=True)


def _render_pages() -> tuple[list[str], dict[str, str], float]:
    """Each page's default view rendered: (pages rendered, {page: why it failed}, seconds)."""
    started = time.perf_counter()
    rendered, failed = [], {}
    for page in list(dash.page_registry.values()):
        if page.get("path_template") or not callable(page["layout"]):
            continue  # a page about one partner or one mobility has no default view
        # a page sent as a skeleton fills its sections in callbacks: it says how to warm them
        sections = getattr(sys.modules.get(page["module"]), "warm_up", None)
        try:
            page["layout"]()
            if sections:
                sections()
        except Exception as error:  # a warm-up never stops the server; it names the page
            logger.warning("warm-up: %s did not render", page["path"], exc_info=True)
            failed[page["path"]] = f"{type(error).__name__}: {error}".splitlines()[0][:200]
        else:
            rendered.append(page["path"])
    return rendered, failed, time.perf_counter() - started


def warm_up_report(rendered: list[str], failed: dict[str, str], seconds: float) -> str:
    """The line the warm-up ends with: success only when every page rendered."""
    if not failed:
        return f"{WARMED_UP} in {seconds:.1f} s"
    pages = "; ".join(f"{path} ({why})" for path, why in failed.items())
    return (
        f"{WARM_UP_FAILED}: {len(failed)} of {len(failed) + len(rendered)} did not render, "
        f"in {seconds:.1f} s: {pages}"
    )

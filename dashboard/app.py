"""The Dash application: page registry, navigation bar, assets served from the project."""

from __future__ import annotations

import functools
from pathlib import Path

import dash
from dash import Dash, dcc, html

PROJECT_DIR = Path(__file__).resolve().parent.parent


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
        serve_locally=True,  # no CDN: the users' intranets have no internet
        suppress_callback_exceptions=True,
    )
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.Header(
                [
                    html.Span("mobility", className="brand"),
                    html.Nav(
                        [
                            dcc.Link(page["name"], href=page["relative_path"])
                            for page in dash.page_registry.values()
                        ]
                    ),
                ],
                className="top-bar",
            ),
            html.Main(dash.page_container),
        ]
    )
    return app


def server():
    """The Flask server, for a WSGI server: `gunicorn 'dashboard.app:server()'`."""
    return create_app().server

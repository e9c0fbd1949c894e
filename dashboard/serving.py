"""The servers `python -m dashboard` (and so `mobility serve`) runs the app with.

Production: gunicorn, a pre-forking WSGI server. Each worker process builds the app (no
--preload: DuckDB connections and the warm-up thread must not cross a fork), warms its own
query cache and answers with `threads` threads (gthread workers), so a slow page does not hold
the others up. Development (--dev): Flask's server, the only one for Dash's --debug tools.
Neither names its version in the Server header.
"""

from __future__ import annotations

import os

SERVER_NAME = "mobility"  # the Server header, instead of gunicorn's or Werkzeug's with version


def default_workers() -> int:
    """One worker per core, at least two (one busy worker must not stall every user)."""
    return max(2, min(os.cpu_count() or 1, 8))


def bind_address(host: str, port: int) -> str:
    return f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"


def run_production(host: str, port: int, workers: int, threads: int) -> None:
    """gunicorn on host:port; returns when it stops (SIGTERM, SIGINT)."""
    import gunicorn.http.wsgi
    from gunicorn.app.base import BaseApplication

    # gunicorn writes `Server: gunicorn` from this module global, read at every response
    gunicorn.http.wsgi.SERVER = SERVER_NAME

    options = {
        "bind": bind_address(host, port),
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        # a page of a 10-million-mobility warehouse takes a few seconds on a cold cache
        "timeout": 120,
        "graceful_timeout": 10,
        # longer than a reader's pause between pages: with gunicorn's 2 s, a client reusing a
        # connection the server had just closed saw it reset (browsers retry, scripts do not)
        "keepalive": 75,
        "proc_name": "mobility",
        # no control socket: it would be one path shared by every server of this user
        "control_socket_disable": True,
        "accesslog": None,  # the reverse proxy logs requests; downloads go to the audit trail
        "errorlog": "-",
    }

    class Gunicorn(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from dashboard.app import server

            return server()

    Gunicorn().run()


def run_development(host: str, port: int, debug: bool) -> None:
    """Flask's development server (what `--dev` asks for; `--debug` needs it)."""
    from werkzeug.serving import WSGIRequestHandler

    from dashboard.app import create_app, set_up, warm_up_in_background

    class RequestHandler(WSGIRequestHandler):
        def version_string(self) -> str:
            return SERVER_NAME

    app = create_app()
    set_up(app)
    warm_up_in_background()
    app.run(host=host, port=port, debug=debug, request_handler=RequestHandler)

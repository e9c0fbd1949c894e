"""`mobility serve`: gunicorn by default, Flask's server on --dev, --debug on loopback only,
/healthz, the security headers on every response, and a warm-up that names the pages it could
not render."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import sys

import pytest
from click.testing import CliRunner

from mobility import cli

from .servers import free_port, get, running, wait_for_line

ROUTER = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [
        {"id": "_pages_content", "property": "children"},
        {"id": "_pages_store", "property": "data"},
    ],
    "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
}


def router_request(pathname: str, search: str = "") -> bytes:
    """The request Dash pages' router sends when the URL changes: the page's content."""
    inputs = [
        {"id": "_pages_location", "property": "pathname", "value": pathname},
        {"id": "_pages_location", "property": "search", "value": search},
    ]
    return json.dumps({**ROUTER, "inputs": inputs}).encode()


def check_security_headers(headers: dict, what: str) -> None:
    policy = headers.get("content-security-policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives.get("default-src") == "'self'", what
    assert directives.get("frame-ancestors") == "'none'", what
    # scripts: the app's files and hashed inline scripts only, never any inline or eval
    assert directives["script-src"].startswith("'self'"), what
    assert "unsafe" not in directives["script-src"], what
    assert directives.get("connect-src") == "'self'", what
    assert headers.get("x-content-type-options") == "nosniff", what
    assert headers.get("x-frame-options") == "DENY", what
    assert headers.get("referrer-policy") == "same-origin", what
    # the server's name, never its version
    assert headers.get("server") == "mobility", what


@pytest.fixture(scope="module")
def production(demo_warehouse_file, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "server.log"
    env = {**os.environ, "MOBILITY_DB": str(demo_warehouse_file)}
    command = [sys.executable, "-m", "dashboard", "--port", str(port), "--workers", "2"]
    with running(command, env, log, port) as url:
        yield url, log


def test_the_default_server_is_gunicorn_with_workers(production):
    url, log = production
    text = wait_for_line(log, "warm-up:")
    assert "Using worker: gthread" in log.read_text()
    assert log.read_text().count("Booting worker") == 2
    assert "warm-up: every page rendered" in text  # each worker warms its own cache


def test_healthz_says_ok_without_data_or_sign_in(production):
    url, _log = production
    status, headers, body = get(url + "/healthz")
    assert (status, body) == (200, b"ok\n")
    assert headers["content-type"].startswith("text/plain")
    check_security_headers(headers, "/healthz")


@pytest.mark.parametrize(
    "path",
    ["/", "/map", "/_dash-layout", "/_dash-dependencies", "/assets/style.css",
     "/assets/topojson/world_110m.json", "/login", "/download/nothing.csv", "/no-such-page"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(production, path):
    url, _log = production
    status, headers, _body = get(url + path)
    assert status < 500, path
    check_security_headers(headers, path)


def test_a_callback_answer_carries_the_security_headers(production):
    url, _log = production
    status, headers, body = get(url + "/_dash-update-component", router_request("/flows"))
    assert status == 200 and b"_pages_content" in body
    check_security_headers(headers, "a callback")


def test_the_policy_lets_dash_run_its_inline_scripts_by_hash(production):
    url, _log = production
    _status, headers, body = get(url + "/")
    policy = headers["content-security-policy"]
    scripts = re.findall(rb"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", body, re.S)
    executed = [code for attributes, code in scripts if b"application/json" not in attributes]
    for code in executed:
        if b"Internet Explorer" in code:
            continue  # in an IE conditional comment: no other browser runs it
        digest = base64.b64encode(hashlib.sha256(code).digest()).decode()
        assert f"'sha256-{digest}'" in policy, code[:80]
    assert executed


def test_the_development_server_hides_its_version_too(demo_warehouse_file, tmp_path):
    port = free_port()
    env = {**os.environ, "MOBILITY_DB": str(demo_warehouse_file)}
    command = [sys.executable, "-m", "dashboard", "--port", str(port), "--dev"]
    with running(command, env, tmp_path / "dev.log", port) as url:
        status, headers, _body = get(url + "/")
    assert status == 200
    check_security_headers(headers, "--dev")


def test_debug_is_refused_beyond_loopback_in_one_line(isolated_warehouse):
    # with sign-in configured, a public host is allowed: --debug still is not
    (isolated_warehouse.parent / "mobility.toml").write_text("[sign_in]\nlocal = true\n")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--debug"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: --debug runs code sent from the browser: loopback only, not --host 0.0.0.0"
    ]
    assert not isolated_warehouse.exists()  # refused before building anything


def test_a_public_host_without_sign_in_is_still_refused(isolated_warehouse):
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "sign-in is not configured" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_hands_its_options_to_the_server(isolated_warehouse, demo_warehouse, monkeypatch):
    started = []
    monkeypatch.setattr(os, "execv", lambda program, command: started.append(command))
    result = CliRunner().invoke(cli, ["serve", "--workers", "3", "--threads", "2", "--dev"])
    assert result.exit_code == 0, result.output
    assert started[0][1:] == [
        "-m", "dashboard", "--threads", "2", "--workers", "3", "--dev",
        "--host", "127.0.0.1", "--port", "8050",
    ]  # fmt: skip


def test_the_warm_up_names_the_pages_that_failed(tmp_path, monkeypatch):
    from dashboard import app as dashboard_app

    dashboard_app.create_app()
    # a warehouse that is not there: every page's queries fail
    monkeypatch.setenv("MOBILITY_DB", str(tmp_path / "missing" / "warehouse.duckdb"))
    from dashboard import auth
    from warehouse.access import LOCAL_ADMIN

    with auth.acting_as(LOCAL_ADMIN):
        rendered, failed, seconds = dashboard_app._render_pages()
    assert "/" in failed and "/map" in failed
    line = dashboard_app.warm_up_report(rendered, failed, seconds)
    assert line.startswith(f"warm-up: pages failed: {len(failed)} of {len(failed) + len(rendered)}")
    assert "/map (" in line
    assert dashboard_app.WARMED_UP not in line
    assert dashboard_app.warm_up_report(["/", "/map"], {}, 0.5) == (
        "warm-up: every page rendered in 0.5 s"
    )


def test_bundles_and_answers_travel_compressed_when_the_browser_accepts_it(production):
    """The JS bundles are several MB: compressed for a browser that says it accepts gzip (what
    `mobility bench --browser` measured), the same bytes once decompressed, cached for a year."""
    import gzip
    import urllib.request

    url, _log = production
    _status, _headers, page = get(url + "/")
    bundle = re.search(rb'src="(/_dash-component-suites/dash_ag_grid/[^"]+\.js)"', page)[1]
    _status, plain_headers, plain = get(url + bundle.decode())
    assert "content-encoding" not in plain_headers
    request = urllib.request.Request(url + bundle.decode(), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "max-age=31536000"
        compressed = response.read()
    assert gzip.decompress(compressed) == plain and len(compressed) < len(plain) / 3
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=router_request("/flows"),
        headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert b"_pages_content" in gzip.decompress(response.read())

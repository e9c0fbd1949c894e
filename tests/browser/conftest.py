"""A real dashboard server in a subprocess and headless Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..conftest import in_ci

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def pytest_collection_modifyitems(items):
    # the tests under this folder, wherever the checkout is (its path may say "browser" too)
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(demo_warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory):
    """`python -m dashboard` on the demo warehouse, on a free port; stopped after the session.

    Its log goes to a file: an unread pipe fills up after a few hundred requests and the server
    then blocks writing its request log."""
    port = _free_port()
    env = {**os.environ, "MOBILITY_DB": str(demo_warehouse_file)}
    log_path = tmp_path_factory.mktemp("server") / "dashboard.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the dashboard server died:\n{log_path.read_text()}")
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the dashboard server did not answer within 30 s")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: run tests/setup.sh to install Debian's chromium"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The contexts below bypass the app's Content Security Policy: Playwright's wait_for_function
# evaluates its predicate with eval, which the policy forbids. test_nothing_leaves.py checks the
# policy itself, in a context of its own that does not bypass it.
@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


class Watcher:
    """What a tab did wrong: console errors, failed or refused requests, requests that left the
    app (the users' intranets have no internet)."""

    def __init__(self, page, server_url: str):
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.server_url = server_url
        page.on("console", self._console)
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on("response", self._response)
        page.on("request", lambda r: self.requests.append(r.url))

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status}: {response.url}")

    @property
    def outside(self) -> list[str]:
        local = (self.server_url, "data:", "blob:")
        return [url for url in self.requests if not url.startswith(local)]


@pytest.fixture
def open_tab(browser, server_url):
    """A fresh tab per address, cut off from any network but the app's server.

    One tab per address because after a page renders, the filter bar sends one more request (its
    URL check), which a next goto in the same tab would abort and report as failed."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True, bypass_csp=True
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(server_url)
            else route.abort("internetdisconnected")
        ),
    )

    def open_tab(path: str):
        tab = context.new_page()
        watcher = Watcher(tab, server_url)
        tab.goto(server_url + path)
        tab.wait_for_selector("main")
        tab.wait_for_load_state("networkidle")
        return tab, watcher

    yield open_tab
    context.close()

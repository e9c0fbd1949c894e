"""Signing in as a person does: the /login form in headless Chromium, a dashboard showing one
school only, signing out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, Watcher, _free_port  # noqa: F401 (CHROMIUM_ARGS: same)

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def signed_in_server(demo_warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory):
    """`python -m dashboard` on a copy of the demo warehouse, with local accounts and an
    officer of IMT Mines Albi."""
    folder = tmp_path_factory.mktemp("office")
    warehouse = folder / "mobility.duckdb"
    shutil.copyfile(demo_warehouse_file, warehouse)
    (folder / "mobility.toml").write_text("[sign_in]\nlocal = true\n")
    env = {**os.environ, "MOBILITY_DB": str(warehouse)}
    env.pop("MOBILITY_CONFIG", None)
    subprocess.run(
        [sys.executable, "-m", "mobility", "users", "add", "alice", "--role", "officer",
         "--school", "IMT Mines Albi"],
        input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True,
    )  # fmt: skip
    port = _free_port()
    log_path = folder / "dashboard.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the dashboard server died:\n{log_path.read_text()}")
            try:
                urllib.request.urlopen(url + "/login", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the dashboard server did not answer within 30 s")
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_an_officer_signs_in_sees_their_school_only_and_signs_out(browser, signed_in_server):
    url = signed_in_server
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(url)
            else route.abort("internetdisconnected")
        ),
    )
    tab = context.new_page()
    watcher = Watcher(tab, url)
    try:
        tab.goto(url + "/flows")
        assert tab.url.startswith(url + "/login")  # sent to the form first
        tab.fill("input[name=username]", "alice")
        tab.fill("input[name=password]", "not the password")
        tab.click("button[type=submit]")
        assert "Unknown user or wrong password." in tab.inner_text(".login-error")
        tab.fill("input[name=username]", "alice")
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(url + "/flows")
        tab.wait_for_selector("main")
        tab.wait_for_load_state("networkidle")
        assert "alice" in tab.inner_text("#signed-in-user")
        # the school filter offers the officer's school only
        tab.click("#filter-schools")
        options = tab.locator("[role=option]:visible").all_inner_texts()
        assert options == ["IMT Mines Albi"], options
        tab.keyboard.press("Escape")
        tab.goto(url + "/?schools=imt-mines-ales")  # another school, asked by URL
        tab.wait_for_selector("main")
        tab.wait_for_load_state("networkidle")
        assert "Mines Alès" not in tab.inner_text("body")
        tab.click("#sign-out")
        tab.wait_for_load_state("networkidle")
        assert "You are signed out." in tab.inner_text("body")
        tab.goto(url + "/")
        assert tab.url.startswith(url + "/login")
        # the wrong password's 401 (and the console's word on it) is all the tab saw go wrong
        assert watcher.problems and all("401" in p for p in watcher.problems), watcher.problems
        assert watcher.outside == []
    finally:
        context.close()

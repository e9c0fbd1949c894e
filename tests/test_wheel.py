"""The wheel is the product: built from the checkout's files, installed in a fresh environment,
run from a folder outside the checkout with no PYTHONPATH, it builds the demo warehouse and
serves every page (queries/, assets/ and the reference data travel inside it).

The environment sees the system's site-packages for the dependencies (no download), but the
project itself comes from the wheel: the test checks where `warehouse` and `dashboard` load
from. It takes a minute or two: `-m 'not wheel'` leaves it out while working."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import dash
import duckdb
import pytest

from .conftest import ROOT
from .servers import free_port, get, running, wait_for_line
from .test_serving import check_security_headers, router_request

pytestmark = pytest.mark.wheel


def checkout_files(destination: Path) -> Path:
    """The files git would commit (tracked, or new and not ignored), copied: the build must
    need nothing else, and writes its build/ and egg-info there rather than in the checkout."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return destination


def without_pythonpath() -> dict:
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh environment with the wheel installed in it; its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = checkout_files(work / "source")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("mobility-*.whl")
    venv.create(work / "env", system_site_packages=True, with_pip=True)
    bin_dir = work / "env" / "bin"
    # --no-index: every dependency is already on the system; the project only from the wheel
    # (--force-reinstall: the system's editable install of mobility has the same version)
    subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
         "--force-reinstall", str(wheel)],
        check=True, capture_output=True, env=without_pythonpath(),
    )  # fmt: skip
    return bin_dir


@pytest.fixture(scope="module")
def outside(tmp_path_factory) -> tuple[Path, dict]:
    """A folder outside the checkout and an environment without PYTHONPATH, whose warehouse
    is in that folder."""
    folder = tmp_path_factory.mktemp("office")
    env = without_pythonpath()
    env["MOBILITY_DB"] = str(folder / "warehouse.duckdb")
    env.pop("MOBILITY_CONFIG", None)
    return folder, env


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, outside):
    folder, env = outside
    found = subprocess.run(
        [installed / "python", "-c",
         "import dashboard, warehouse; from warehouse import db, resources; "
         "print(dashboard.__file__); print(warehouse.__file__); "
         "print(db.QUERIES_DIR); print(resources.ASSETS_DIR)"],
        cwd=folder, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    site = installed.parent / "lib"
    for path in found:
        assert Path(path).is_relative_to(site), path
        assert not Path(path).is_relative_to(ROOT), path
    assert Path(found[2], "agreement_kpis.sql").is_file()
    assert Path(found[3], "topojson", "world_50m.json").is_file()


def test_the_installed_package_serves_every_page(installed, outside):
    folder, env = outside
    demo = subprocess.run(
        [installed / "mobility", "demo"], cwd=folder, env=env, capture_output=True, text=True
    )
    assert demo.returncode == 0, demo.stderr
    assert "demo warehouse written to" in demo.stdout
    with duckdb.connect(env["MOBILITY_DB"], read_only=True) as con:
        partner_id, partner_name = con.execute(
            "select partner_id, name from partners join mobilities using (partner_id) "
            "group by all order by count(*) desc limit 1"
        ).fetchone()
        (mobility_id,) = con.execute("select min(mobility_id) from mobilities").fetchone()

    port = free_port()
    log = folder / "server.log"
    command = [str(installed / "mobility"), "serve", "--port", str(port), "--workers", "2"]
    with running(command, env, log, port, cwd=folder) as url:
        assert "every page rendered" in wait_for_line(log, "warm-up:")
        status, headers, layout = get(url + "/_dash-layout")
        assert status == 200 and b"_pages_content" in layout
        check_security_headers(headers, "/_dash-layout")
        for asset in ("/assets/style.css", "/assets/topojson/world_50m.json"):
            status, _headers, body = get(url + asset)
            assert status == 200 and len(body) > 1000, asset

        from dashboard.app import create_app

        create_app()  # the checkout's registry says which pages the wheel must serve
        pages = {
            page["path"]: page["title"]
            for page in dash.page_registry.values()
            if not page.get("path_template")
        }
        templates = {
            "/partners/<partner_id>": f"/partners/{partner_id}",
            "/erasmus/mobility/<mobility_id>": f"/erasmus/mobility/{mobility_id}",
        }
        assert {page.get("path_template") for page in dash.page_registry.values()} - {None} == set(
            templates
        )
        for path in [*pages, *templates.values()]:
            status, _headers, html = get(url + path)
            assert status == 200 and b"_dash-config" in html, path
            status, _headers, body = get(url + "/_dash-update-component", router_request(path))
            assert status == 200, (path, body[:300])
            response = json.loads(body)["response"]
            if path in pages:
                title = response["_pages_store"]["data"]["title"]
                if callable(pages[path]):  # written in the request's language: English here
                    assert title.startswith("mobility: "), (path, title)
                else:
                    assert title == pages[path], path
            assert len(json.dumps(response["_pages_content"])) > 2000, path
        _status, _headers, body = get(
            url + "/_dash-update-component", router_request(templates["/partners/<partner_id>"])
        )
        assert partner_name.encode() in body or json.dumps(partner_name).encode() in body
    assert "Traceback" not in log.read_text()

"""Shared fixtures: an isolated warehouse per test; the demo and tiny warehouses, once."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
TINY = DATA / "warehouses" / "tiny"


@pytest.fixture(autouse=True)
def isolated_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the developer's own warehouse out of the tests: each test gets a fresh path."""
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("MOBILITY_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture(scope="session")
def demo_warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse, built once per session. Copy it before writing to it."""
    from warehouse.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path, progress=lambda _message: None)
    return path


@pytest.fixture
def demo_warehouse(demo_warehouse_file: Path, isolated_warehouse: Path) -> Path:
    """This test's warehouse is a copy of the demo warehouse."""
    shutil.copyfile(demo_warehouse_file, isolated_warehouse)
    return isolated_warehouse


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny warehouse of tests/data/warehouses/tiny, built once per session: its rows go
    into the tables the importers write, then the models are built as after any import, so
    its public views and marts are the real ones. Every figure is added up in its README."""
    from warehouse import db

    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    with db.writing(path, start_empty=True) as con:
        con.execute((TINY / "inserts.sql").read_text("utf-8"))
    return path


@pytest.fixture
def on_tiny(tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test reads the tiny warehouse (shared by the session: never write to it)."""
    monkeypatch.setenv("MOBILITY_DB", str(tiny_warehouse))
    return tiny_warehouse


def sql(path: Path, query: str, *params) -> list[tuple]:
    """The rows of `query` on the warehouse at `path`, read-only, with positional parameters:
    what a test compares a page's or a query's figures with."""
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query, list(params)).fetchall()


def seed(name: str) -> Path:
    """A file of ../shared/seeds; skip the test, saying why, when the folder is absent."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the seed files live in ../shared/seeds beside the repo")
    return path


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


PASSWORD = "correct horse battery staple"


def signed_in_client(app, warehouse: Path, name: str, role: str, *schools: str):
    """A test client of `app` signed in through /login as a new local user `name`."""
    from click.testing import CliRunner

    from mobility import cli

    (warehouse.parent / "mobility.toml").write_text("[sign_in]\nlocal = true\n")
    options = [arg for school in schools for arg in ("--school", school)]
    result = CliRunner().invoke(
        cli, ["users", "add", name, "--role", role, *options], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    client = app.server.test_client()
    response = client.post("/login", data={"username": name, "password": PASSWORD})
    assert response.status_code == 302
    return client


def read_download(data: bytes, lang: str = "en", **options) -> pl.DataFrame:
    """A CSV download (or, with excel=True, a workbook's first sheet) with the warehouse's
    column codes: downloads name their columns in words of the page's language, which
    dashboard.downloads.column_codes maps back."""
    from dashboard.downloads import column_codes

    if options.pop("excel", False):
        frame = pl.read_excel(io.BytesIO(data), engine="openpyxl", **options)
    else:
        frame = pl.read_csv(io.BytesIO(data), **options)
    codes = column_codes(lang)
    return frame.rename({name: codes[name] for name in frame.columns if name in codes})

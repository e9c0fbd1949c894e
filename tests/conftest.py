"""Shared fixtures: an isolated warehouse per test, the demo warehouse once per session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


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


def seed(name: str) -> Path:
    """A file of ../shared/seeds; skip the test, saying why, when the folder is absent."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the seed files live in ../shared/seeds beside the repo")
    return path


def in_ci() -> bool:
    return bool(os.environ.get("CI"))

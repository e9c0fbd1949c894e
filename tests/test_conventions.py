"""Conventions that keep the code base navigable, checked rather than hoped for."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

from dashboard import data

ROOT = Path(__file__).resolve().parent.parent


def test_every_query_file_has_a_data_function_of_the_same_name():
    names = sorted(path.stem for path in (ROOT / "queries").glob("*.sql"))
    functions = sorted(
        name for name, fn in inspect.getmembers(data, inspect.isfunction)
        if fn.__module__ == data.__name__
    )  # fmt: skip
    assert names == functions


def test_every_sql_file_opens_with_a_comment_stating_its_grain():
    for path in [
        *(ROOT / "queries").glob("*.sql"),
        *(ROOT / "warehouse" / "models").rglob("*.sql"),
    ]:
        text = path.read_text()
        assert text.startswith("--"), path
        if not any("macros" in part for part in path.parts):
            assert "Grain:" in text, f"{path} does not state its grain"


def test_warehouse_never_imports_dash_plotly_or_the_dashboard():
    for path in (ROOT / "warehouse").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for module in modules:
                    top = module.split(".")[0]
                    assert top not in {"dash", "plotly", "dashboard"}, f"{path} imports {module}"


def test_dashboard_pages_never_touch_duckdb_directly():
    for path in (ROOT / "dashboard").rglob("*.py"):
        assert "import duckdb" not in path.read_text(), path


def test_the_warehouse_api_imports_without_dash():
    code = "import sys, warehouse.db, warehouse.loading; print('dash' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"

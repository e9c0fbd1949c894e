"""The direction of imports, as the contracts in pyproject.toml ([tool.importlinter]) state it:
the warehouse is a library that imports neither the dashboard nor the benchmarks, and figures
never reach DuckDB but through the data layer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports(config: Path) -> subprocess.CompletedProcess:
    # a process of its own, on this checkout: the contracts are about these files, not about
    # whichever copy of the packages happens to be installed
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_contracts_catch_an_upward_import(tmp_path):
    """Without its one declared exception (cli moves out of warehouse), the first contract
    names the import of the benchmarks and the chain that reaches the dashboard."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    exception = '    "warehouse.cli -> benchmarks.run",\n'
    assert exception in config
    (tmp_path / "pyproject.toml").write_text(config.replace(exception, ""), encoding="utf-8")
    result = _lint_imports(tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "warehouse is not allowed to import dashboard" in result.stdout
    assert "benchmarks.run -> dashboard." in result.stdout


def test_no_warehouse_module_is_over_500_lines():
    """Rooms a newcomer can hold in their head. cli.py is the one exception: it moves out of
    the warehouse package, which is a library."""
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / "warehouse").rglob("*.py")
        if path.name != "cli.py"
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}

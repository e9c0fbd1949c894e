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


def test_a_broken_contract_fails_naming_the_chain(tmp_path):
    """The same contracts plus one the code breaks (the dashboard reads the warehouse through
    dashboard.data): lint-imports fails and names the import."""
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    broken = (
        "\n[[tool.importlinter.contracts]]\n"
        'name = "A contract the code breaks"\n'
        'type = "forbidden"\n'
        'source_modules = ["dashboard.data"]\n'
        'forbidden_modules = ["warehouse.db"]\n'
    )
    (tmp_path / "pyproject.toml").write_text(config + broken, encoding="utf-8")
    result = _lint_imports(tmp_path / "pyproject.toml")
    assert result.returncode == 1
    assert "A contract the code breaks BROKEN" in result.stdout
    assert "dashboard.data -> warehouse.db" in result.stdout


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

"""Where the files read at run time live: queries/ and assets/, in a checkout or a wheel.

A checkout keeps them at the top level (the project's layout: SQL in queries/, the dashboard's
static files in assets/). A wheel has no top level: its build copies both folders into the
`warehouse/shipped/` package folder (dashboard.catalogs.BuildPy), which only exists there, so
an installed package never reads a `queries/` folder some other package left in site-packages.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DIR = PACKAGE_DIR / "shipped"  # BuildPy writes here in the wheel; keep the two in step


def _folder(name: str) -> Path:
    shipped = SHIPPED_DIR / name
    return shipped if shipped.is_dir() else PACKAGE_DIR.parent / name


QUERIES_DIR = _folder("queries")
ASSETS_DIR = _folder("assets")

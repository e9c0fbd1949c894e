"""The documentation for people: a short README, docs/ generated where it describes code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.public_views import public_views

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ["docs/cli.md", "docs/warehouse.md", "docs/queries.md"]


@pytest.mark.parametrize("name", GENERATED)
def test_generated_docs_are_up_to_date(name):
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(ROOT / name)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"{name} is stale: run `python -m cogapp -r {name}`"


def test_every_column_of_every_public_view_is_documented(demo_warehouse_file):
    with duckdb.connect(str(demo_warehouse_file), read_only=True) as con:
        for view in public_views():
            columns = [row[0] for row in con.sql(f"describe {view.name}").fetchall()]
            assert view.description, f"{view.name}: no description in its header"
            assert sorted(view.column_names) == sorted(columns), view.name


def test_the_readme_is_short_and_links_to_docs_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert links, "the README points to docs/"
    for link in links:
        assert (ROOT / link).exists(), link


def test_docs_link_to_files_that_exist():
    for page in (ROOT / "docs").glob("*.md"):
        for link in re.findall(r"\]\(([^)#:]+\.md)", page.read_text(encoding="utf-8")):
            assert (page.parent / link).exists(), f"{page.name} links to {link}"

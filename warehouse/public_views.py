"""The public views' documentation, read from the header comment of each view's SQL file.

The header of `models/public/NAME.sql` is the one place a view is described: what it holds, its
grain and, under `-- Columns:`, one line per column (or group of columns) and its meaning.
docs/warehouse.md is generated from it (cog), and a test checks that every column a view has is
documented there, so the documentation cannot drift from the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PUBLIC_DIR = Path(__file__).parent / "models" / "public"
_STABLE = "Columns are stable"


@dataclass(frozen=True)
class PublicView:
    name: str
    description: str
    columns: tuple[tuple[tuple[str, ...], str], ...]  # ((column names), meaning)

    @property
    def column_names(self) -> list[str]:
        return [name for names, _ in self.columns for name in names]


def _header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].removeprefix(" "))
    return lines


def read_view(path: Path) -> PublicView:
    description: list[str] = []
    columns: list[tuple[tuple[str, ...], str]] = []
    in_columns = False
    for line in _header(path):
        if line.startswith("Columns:"):
            in_columns = True
        elif line.startswith(_STABLE):
            in_columns = False
        elif in_columns and line.startswith("  ") and ":" in line:
            names, meaning = line.strip().split(":", 1)
            columns.append((tuple(n.strip() for n in names.split(",")), meaning.strip()))
        elif in_columns and line.startswith("    ") and columns:
            names, meaning = columns[-1]  # a meaning continued on the next line
            columns[-1] = (names, f"{meaning} {line.strip()}")
        elif not in_columns:
            description.append(line)
    text = " ".join(description).removeprefix("PUBLIC VIEW.").strip()
    return PublicView(path.stem, text, tuple(columns))


def public_views() -> list[PublicView]:
    """Every public view, in name order."""
    return [read_view(path) for path in sorted(PUBLIC_DIR.glob("*.sql"))]


def markdown(view: PublicView) -> str:
    """The view as a section of docs/warehouse.md."""
    lines = [f"### `{view.name}`", "", view.description, ""]
    if view.columns:
        lines += ["| column | meaning |", "|---|---|"]
        for names, meaning in view.columns:
            cell = ", ".join(f"`{name}`" for name in names)
            lines.append(f"| {cell} | {meaning.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)

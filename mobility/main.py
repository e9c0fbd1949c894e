"""The `mobility` command group and what its commands share: one-line errors, tables."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from warehouse import db, settings
from warehouse.errors import WarehouseError


def fails_cleanly(command):
    """Print a WarehouseError as one line on stderr and exit 1, instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WarehouseError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        except OSError as error:  # a full disk, a file that cannot be written or read
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Warehouse file [default: $MOBILITY_DB or ./mobility.duckdb].",
)
@click.version_option(package_name="mobility")
def cli(db_file: Path | None) -> None:
    """Partners, agreements and mobility flows of engineering schools, in one DuckDB warehouse."""
    if db_file is not None:
        os.environ["MOBILITY_DB"] = str(db_file)


# ---------- schools


def ensure_warehouse() -> None:
    """Create an empty warehouse (home schools registered) on first use."""
    path = settings.db_path()
    if not path.exists():
        with db.writing():
            pass
        click.echo(f"created an empty warehouse at {path}", err=True)


def print_table(headers: list[str], rows: list[tuple]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(*headers, box=None, pad_edge=False, header_style="bold")
    for row in rows:
        table.add_row(*(str(value) for value in row))
    Console(width=200).print(table)

"""The `mobility` command line: the warehouse library (warehouse/) and the dashboard (dashboard/)
put to work. Commands are registered on the one click group of mobility.main by importing their
modules; `mobility bench` only in a checkout, where the benchmarks are."""

from __future__ import annotations

import click

from mobility import access, commands, imports, reports, schools  # noqa: F401  (register)
from mobility.main import cli, ensure_warehouse, fails_cleanly, print_table

access.register(cli, fails_cleanly, print_table, ensure_warehouse)

try:
    from benchmarks import cli as _bench  # noqa: F401  (registers `mobility bench`)
except ImportError:  # an installed package has no benchmarks: they live in the checkout

    @cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def bench() -> None:
        """Measure the product (from the project's checkout only: `python -m mobility bench`)."""
        raise click.ClickException(
            "mobility bench runs from the project's checkout, where the benchmarks are: "
            "cd into it and run `python -m mobility bench`"
        )


__all__ = ["cli"]

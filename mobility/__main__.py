"""`python -m mobility …`, as the `mobility` command."""

from mobility import cli

cli(prog_name="mobility")

from warehouse.cli import cli

cli()

"""The demo, the dashboard server, the warehouse's status, key, backups, SQL and rejects."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mobility import access
from mobility.main import cli, ensure_warehouse, fails_cleanly, print_table
from warehouse import config, db, sandbox, settings
from warehouse.errors import WarehouseError

# ---------- demo and dashboard


@cli.command()
@click.option("--force", is_flag=True, help="Replace a warehouse that holds imported data.")
@fails_cleanly
def demo(force: bool) -> None:
    """Build the demo warehouse: seed partner lists plus synthetic flows (flagged is_synthetic)."""
    from warehouse import demo as demo_builder

    path = settings.db_path()
    counts = demo_builder.build_demo(path, force=force, progress=click.echo)
    click.echo(
        f"demo warehouse written to {path}: {counts['partners']} partners, "
        f"{counts['agreements']} agreements, {counts['mobilities']} mobilities "
        f"({counts['synthetic_mobilities']} synthetic)"
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True, type=int)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Server processes (default: one per core, at least 2).",
)
@click.option(
    "--threads", default=8, show_default=True, type=click.IntRange(min=1),
    help="Threads per server process.",
)  # fmt: skip
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
@click.option(
    "--debug", is_flag=True, help="Dash debug tools and reloading (implies --dev; loopback only)."
)
@fails_cleanly
def serve(host: str, port: int, workers: int | None, threads: int, dev: bool, debug: bool) -> None:
    """Start the dashboard on a production server (gunicorn); build the demo warehouse first
    when there is none. Without sign-in configured (mobility.toml), it serves this machine only
    (127.0.0.1); behind a reverse proxy that speaks HTTPS for anything else."""
    config.check_host(host)
    if debug and not config.is_loopback(host):
        # Werkzeug's debugger runs the Python typed into its console
        raise WarehouseError(
            f"--debug runs code sent from the browser: loopback only, not --host {host}"
        )
    path = settings.db_path()
    if not path.exists():
        click.echo(f"no warehouse at {path}: building the demo warehouse first")
        from warehouse import demo as demo_builder

        demo_builder.build_demo(path, progress=click.echo)
    else:
        missing = db.outdated_parts(path)
        if missing:
            # the dashboard reads views a newer version added: build them before serving
            click.echo(
                f"{path} was written by an older version of mobility (it lacks "
                f"{', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}): "
                "rebuilding its models; its data stays as it is"
            )
            db.upgrade(path)
    click.echo(f"dashboard on http://{host}:{port}/ (warehouse {path.resolve()}); Ctrl+C stops it")
    # The dashboard runs as its own program: the warehouse package never imports Dash.
    command = [sys.executable, "-m", "dashboard", "--threads", str(threads)]
    command += (["--workers", str(workers)] if workers else []) + (["--dev"] if dev else [])
    command += ["--debug"] if debug else []
    os.execv(sys.executable, command + ["--host", host, "--port", str(port)])


# ---------- inspection


@cli.command()
@fails_cleanly
def status() -> None:
    """Show the warehouse file, its row counts and its last imports."""
    ensure_warehouse()
    path = settings.db_path()
    with db.connect() as con:
        counts = [
            (name, con.execute(f"select count(*) from {name}").fetchone()[0])
            for name in (
                "schools",
                "partners",
                "agreements",
                "mobilities",
                "graduates",
                "imports",
                "rejected_rows",
            )
        ]
        is_demo = con.execute("select value from warehouse_info where key = 'is_demo'").fetchone()
    click.echo(f"warehouse: {path.resolve()} ({path.stat().st_size / 1e6:.1f} MB)")
    if is_demo:
        click.echo("this is the DEMO warehouse: its mobility flows are synthetic")
    print_table(["table", "rows"], counts)
    leftovers = [
        f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)" if p.is_file() else p.name
        for p in db.leftovers(path)
    ]
    if leftovers:
        click.echo(
            "leftovers of interrupted imports (removed at the next import): " + ", ".join(leftovers)
        )


@cli.group("key", invoke_without_command=True)
@click.pass_context
@fails_cleanly
def key_group(ctx: click.Context) -> None:
    """Show the pseudonym key beside the warehouse; `key init` creates one."""
    if ctx.invoked_subcommand is not None:
        return
    from warehouse import keys

    path = settings.key_path()
    if not path.exists():
        click.echo(f"no pseudonym key at {path}")
        return
    click.echo(f"pseudonym key {path}: id {keys.key_id(keys.read(path))}")


@key_group.command("init")
@click.option(
    "--force", is_flag=True,
    help="Make a new key although the warehouse holds pseudonyms (they no longer match).",
)  # fmt: skip
@fails_cleanly
def key_init(force: bool) -> None:
    """Create the pseudonym key beside the warehouse (32 random bytes, mode 0600).

    Student numbers become pseudonyms under this key: keep it with the warehouse (`mobility
    backup`). A new key gives every student another pseudonym: with a warehouse that holds
    pseudonyms, restore its key rather than making a new one.
    """
    from warehouse import keys

    path = settings.key_path()
    if path.exists():
        raise WarehouseError(
            f"{path}: a pseudonym key already exists; a new one would give every student "
            "another pseudonym"
        )
    if settings.db_path().exists():
        with db.connect() as con:
            used = keys.recorded_id(con) is not None or keys.has_pseudonyms(con)
        if used and not force:
            raise WarehouseError(
                f"{settings.db_path()} holds pseudonyms made with a key that is missing: restore "
                "it (`mobility restore BACKUP`); `mobility key init --force` makes a new one, and "
                "every student then gets another pseudonym"
            )
        with db.writing() as con:
            keys.record(con, keys.create(path))
    else:
        keys.create(path)
    click.echo(keys.CREATED_NOTE.format(path=path))


@cli.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@fails_cleanly
def backup_command(destination: Path) -> None:
    """Copy the warehouse and its pseudonym key into the new folder DESTINATION, with a
    manifest of their SHA-256; the copies are read back and checked."""
    from warehouse import backup

    copied = backup.backup(destination)
    listed = ", ".join(f"{c.name} ({c.size / 1e6:.1f} MB, sha256 {c.sha256[:12]})" for c in copied)
    click.echo(f"backup written to {destination}: {listed}; verified")


@cli.command("restore")
@click.argument("origin", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the warehouse and key already in place.")
@fails_cleanly
def restore_command(origin: Path, force: bool) -> None:
    """Put the warehouse and key of the backup folder ORIGIN in place (the --db path).

    Every file is checked against the backup's manifest (SHA-256), and the key against the
    warehouse it belongs to; a damaged backup or a mismatched pair is refused before anything
    is replaced."""
    from warehouse import backup

    restored = backup.restore(origin, force=force)
    names = ", ".join(item.name for item in restored)
    click.echo(f"restored {names} from {origin} to {settings.db_path()}; verified")


@cli.command("sql")
@click.argument("statement")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@click.option("--limit", default=200, show_default=True, help="Rows shown in a table.")
@click.option(
    "--max-rows", default=sandbox.DEFAULT_MAX_ROWS, show_default=True, type=click.IntRange(1),
    help="Most rows a result may have: CSV refuses more, a table stops there.",
)  # fmt: skip
@click.option(
    "--timeout", default=sandbox.DEFAULT_TIMEOUT_S, show_default=True, type=click.IntRange(1),
    help="Seconds a query may run.",
)  # fmt: skip
@fails_cleanly
@access.audited_sql
def sql_command(statement: str, as_csv: bool, limit: int, max_rows: int, timeout: int) -> None:
    """Run one read-only query STATEMENT on the warehouse and print the result.

    A sandbox: no file other than the warehouse is read or written, no other database attached,
    no extension installed or loaded, no setting changed. CSV text cells that a spreadsheet would
    run as formulas are neutralised.

    Example: mobility sql "select school, count(*) from agreements group by all"
    """
    from warehouse import exports

    ensure_warehouse()
    result = sandbox.run(statement, timeout_s=timeout, max_rows=max_rows)
    frame = result.frame
    if as_csv:
        if result.truncated:
            raise WarehouseError(
                f"the result has more than {max_rows} rows, the --max-rows limit: add a LIMIT "
                "or raise --max-rows"
            )
        click.echo(exports.write_csv(frame), nl=False)
        return
    print_table(frame.columns, frame.head(limit).rows())
    if frame.height > limit:
        click.echo(f"… {frame.height - limit} more rows (use --csv for all)")
    if result.truncated:
        click.echo(f"… more than {max_rows} rows: stopped at the --max-rows limit")


@cli.command()
@click.argument("import_id", type=int, required=False)
@click.option(
    "--csv", "csv_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the rejected rows to this CSV file (to fix them and import again).",
)  # fmt: skip
@fails_cleanly
def rejects(import_id: int | None, csv_file: Path | None) -> None:
    """List the rows imports rejected, with file, line and reason; all imports or IMPORT_ID."""
    ensure_warehouse()
    with db.connect() as con:
        if (
            import_id is not None
            and not con.execute("select 1 from imports where import_id = ?", [import_id]).fetchall()
        ):
            raise WarehouseError(f"no import #{import_id}; `mobility imports` lists them")
        frame = con.sql(
            """
            select import_id, file_name, line_number, reason, raw_text
            from rejected_rows
            where $import_id is null or import_id = $import_id
            order by import_id, line_number
            """,
            params={"import_id": import_id},
        ).pl()
    if csv_file is not None:
        from warehouse import exports

        try:
            with exports.private_file(csv_file) as file:
                exports.write_csv(frame, file)
        except OSError as error:  # a full disk: polars says it without the file's name
            raise WarehouseError(exports.write_error(csv_file, error)) from None
        click.echo(f"{frame.height} rejected rows written to {csv_file}")
        return
    if frame.is_empty():
        click.echo("no rejected rows")
        return
    print_table(
        ["#", "file", "line", "reason", "raw text"],
        [(*row[:4], row[4][:80]) for row in frame.rows()],
    )

"""`mobility users` and `mobility audit`: who may use the dashboard, and what they did.

Registered on the `mobility` group by the mobility package; the command line itself runs as
the local
admin (whoever can read the warehouse file can read all of it).
"""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import re
import sys

import click

from warehouse import audit, db, users
from warehouse.access import ROLES
from warehouse.errors import WarehouseError


def register(cli: click.Group, fails_cleanly, print_table, ensure_warehouse) -> None:
    """Add `users` (list, add, remove) and `audit` to the `mobility` command."""

    @cli.group("users", invoke_without_command=True)
    @click.pass_context
    @fails_cleanly
    def users_group(ctx: click.Context) -> None:
        """List the dashboard's users: role, schools, how they sign in; `users add` and
        `users remove` change them. Kept beside the warehouse (mobility-users.json)."""
        if ctx.invoked_subcommand is not None:
            return
        listed = users.load()
        if not listed:
            click.echo(f"no users yet ({users.path()}); `mobility users add` adds one")
            return
        print_table(
            ["user", "role", "schools", "signs in with", "changed"],
            [
                (
                    user.name,
                    user.role,
                    ", ".join(user.schools) if user.schools else "all",
                    "password or SSO" if user.password_hash else "SSO only",
                    user.changed_at[:16].replace("T", " "),
                )
                for user in listed.values()
            ],
        )

    @users_group.command("add")
    @click.argument("name")
    @click.option("--role", required=True, type=click.Choice(ROLES), help="What the user sees.")
    @click.option(
        "--school",
        "schools",
        multiple=True,
        help="A school whose data the user sees (repeatable; name, short name or Erasmus "
        "code). Required for an officer; a viewer without one sees every school.",
    )
    @click.option(
        "--no-password",
        is_flag=True,
        help="The user signs in through SSO only (the proxy's header or OIDC).",
    )
    @click.option("--replace", is_flag=True, help="Change an existing user (and its password).")
    @fails_cleanly
    def users_add(name: str, role: str, schools, no_password: bool, replace: bool) -> None:
        """Add user NAME with a role (viewer: aggregates; officer: the rows of their schools;
        admin: everything). The password is read from standard input (asked twice at a
        terminal), never from the command line, and stored as an argon2 hash.

        Example: mobility users add jdupont --role officer --school "Mines Albi" < password.txt
        """
        school_ids = _school_ids(schools, ensure_warehouse) if schools else []
        users.check(name, role, school_ids, replace=replace)  # before asking for a password
        password = None if no_password else _read_password()
        user = users.add(name, role, school_ids, password, replace=replace)
        audit.record(
            "users",
            f"{'replace' if replace else 'add'} {user.name}",
            user=_cli_user(),
            role="admin",
            address="cli",
            detail=f"role {user.role}, schools {', '.join(user.schools) or 'all'}",
        )
        where = f" of {', '.join(user.schools)}" if user.schools else ""
        how = "SSO only" if password is None else "password or SSO"
        click.echo(f"{'changed' if replace else 'added'} {user.name}: {user.role}{where} ({how})")

    @users_group.command("remove")
    @click.argument("name")
    @fails_cleanly
    def users_remove(name: str) -> None:
        """Remove user NAME; their open sessions end at their next request."""
        user = users.remove(name)
        audit.record("users", f"remove {user.name}", user=_cli_user(), role="admin",
                     address="cli")  # fmt: skip
        click.echo(f"removed {user.name} ({user.role})")

    @cli.command("audit")
    @click.option(
        "--since",
        help="From this time: 2025-03-01, '2025-03-01 14:00' (UTC), or back 7d, 12h, 30m.",
    )
    @click.option("--user", "user_name", help="This user's events only.")
    @click.option(
        "--action",
        type=click.Choice(["sign-in", "sign-out", "download", "sql", "users", "refused"]),
        help="This kind of event only.",
    )
    @click.option("--limit", default=200, show_default=True, help="The last N events.")
    @click.option("--csv", "as_csv", is_flag=True, help="Print CSV (every column, whole).")
    @fails_cleanly
    def audit_command(since, user_name, action, limit: int, as_csv: bool) -> None:
        """The audit trail: sign-ins (and failed ones), downloads and SQL runs, with user,
        time (UTC), address and what. Kept beside the warehouse (mobility-audit.sqlite)."""
        events = audit.read(
            since=_since(since) if since else None,
            user=users.normalise(user_name) if user_name else None,
            action=action,
            limit=limit,
        )
        if as_csv:
            import csv

            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(audit.Event.__dataclass_fields__)
            for event in events:
                writer.writerow(
                    "" if v is None else _neutral(str(v)) for v in event.__dict__.values()
                )
            return
        if not events:
            click.echo(f"no events ({audit.path()})")
            return
        print_table(
            ["when (UTC)", "user", "role", "from", "action", "what", "detail", "outcome"],
            [
                (
                    event.at[:19].replace("T", " "),
                    event.user,
                    event.role or "",
                    event.address or "",
                    event.action,
                    event.what[:60],
                    (event.detail or "")[:60],
                    event.outcome,
                )
                for event in events
            ],
        )


def audited_sql(command):
    """Record each `mobility sql` run in the audit trail: the statement, the rows it returned or
    its error. The statement runs only when the trail can be written."""

    @functools.wraps(command)
    def wrapper(statement: str, *args, **kwargs):
        user = _cli_user()
        # recorded before it runs (a statement that never ends is in the trail too); a failure
        # adds a second record with its error
        audit.record("sql", statement, user=user, role="admin", address="cli")
        try:
            return command(statement, *args, **kwargs)
        except WarehouseError as error:
            audit.record("sql", statement, user=user, role="admin", address="cli",
                         detail=str(error)[:300], outcome="failed")  # fmt: skip
            raise

    return wrapper


def _cli_user() -> str:
    """Who runs the command: the account of the shell (the command line has no sign-in)."""
    try:
        return f"{getpass.getuser()}@cli"
    except (KeyError, OSError):
        return "cli"


def _read_password() -> str:
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise WarehouseError(
            "no password on standard input (give --no-password for a user who signs in "
            "through SSO only)"
        )
    return password


def _school_ids(schools, ensure_warehouse) -> list[str]:
    from warehouse import schools as school_registry

    ensure_warehouse()
    with db.connect() as con:
        return [school_registry.find_school(con, school).school_id for school in schools]


_AGO = re.compile(r"^(\d+)\s*([dhm])$")


def _since(text: str) -> dt.datetime:
    ago = _AGO.match(text.strip().lower())
    if ago:
        amount, unit = int(ago[1]), ago[2]
        delta = {"d": dt.timedelta(days=amount), "h": dt.timedelta(hours=amount),
                 "m": dt.timedelta(minutes=amount)}[unit]  # fmt: skip
        return dt.datetime.now(dt.UTC) - delta
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise WarehouseError(
            f"--since {text!r}: give a date (2025-03-01), a time ('2025-03-01 14:00', UTC) or "
            "a duration back (7d, 12h, 30m)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _neutral(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a user name typed at /login can be
    anything)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

"""The audit trail: `mobility sql` runs and downloads recorded with user, time and what, read
back with `mobility audit`; an action whose record cannot be written does not happen."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat

import pytest
from click.testing import CliRunner

from dashboard.app import create_app
from mobility import cli
from warehouse import audit


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_sql_runs_are_recorded_with_the_statement_and_the_outcome(demo_warehouse):
    assert run("sql", "select count(*) from mobilities").exit_code == 0
    failed = run("sql", "select nothing from nowhere")
    assert failed.exit_code == 1
    events = audit.read(action="sql")
    assert [(e.what, e.outcome) for e in events] == [
        ("select count(*) from mobilities", "ok"),
        ("select nothing from nowhere", "ok"),
        ("select nothing from nowhere", "failed"),
    ]
    assert all(e.user.endswith("@cli") and e.address == "cli" for e in events)
    assert "nowhere" in events[-1].detail
    file = audit.path()
    assert file.name == "warehouse-audit.sqlite" and file.parent == demo_warehouse.parent
    assert stat.S_IMODE(file.stat().st_mode) == 0o600


def test_mobility_audit_filters_by_time_user_and_action(demo_warehouse):
    audit.record("download", "a.csv", user="alice", role="officer", address="10.0.0.4")
    audit.record("sign-in", "local", user="bob", role="viewer", address="10.0.0.5")
    audit.record("download", "=cmd|' /C calc'!A0", user="bob", role="viewer")
    listed = run("audit").output
    assert "alice" in listed and "bob" in listed and "a.csv" in listed
    only_bob = run("audit", "--user", "BOB", "--action", "download", "--csv").output
    rows = list(csv.DictReader(io.StringIO(only_bob)))
    assert [(r["user"], r["action"]) for r in rows] == [("bob", "download")]
    assert rows[0]["what"].startswith("'=")  # a spreadsheet will not run it
    assert run("audit", "--since", "1h").output.count("\n") == 4  # header and three events
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%Y-%m-%d")
    assert "no events" in run("audit", "--since", tomorrow).output
    bad = run("audit", "--since", "last tuesday")
    assert bad.exit_code == 1 and "--since 'last tuesday'" in bad.output


def test_no_record_no_download_and_no_sql(demo_warehouse):
    file = audit.path()
    file.mkdir()  # the trail cannot be opened where it should be
    client = create_app().server.test_client()
    response = client.get("/download/mobility_trend.csv")
    assert response.status_code == 503 and b"audit trail cannot be written" in response.data
    refused = run("sql", "select 1")
    assert refused.exit_code == 1 and "cannot write the audit trail" in refused.output
    assert refused.output.count("\n") == 1


@pytest.mark.parametrize("length", [10, audit.MAX_TEXT + 500])
def test_long_statements_are_cut_and_say_so(isolated_warehouse, length):
    audit.record("sql", "x" * length, user="me")
    (event,) = audit.read()
    if length > audit.MAX_TEXT:
        assert event.what.endswith(f"… ({length} characters)")
    else:
        assert event.what == "x" * length

"""Sign-in: mobility.toml, local accounts through /login, the trusted proxy header, OpenID
Connect against a provider the test starts on 127.0.0.1, sessions, rate limits, the audit
trail of it all. Every request goes through the real Flask server (its test client)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from click.testing import CliRunner

from dashboard import auth
from dashboard.app import create_app
from mobility import cli
from warehouse import audit, config, users

from .oidc_provider import Provider

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(autouse=True)
def fresh_limits():
    """Each test starts with no failed sign-in counted (the limits live in the process)."""
    for limit in (auth.USER_FAILURES, auth.ADDRESS_FAILURES):
        limit._failures.clear()
    yield


def configure(warehouse: Path, text: str) -> Path:
    path = warehouse.parent / "mobility.toml"
    path.write_text(text)
    return path


def add_user(*args: str, password: str | None = PASSWORD) -> None:
    result = CliRunner().invoke(
        cli, ["users", "add", *args], input=None if password is None else password + "\n"
    )
    assert result.exit_code == 0, result.output


def sign_in(client, name: str = "alice", password: str = PASSWORD, next_: str = "/"):
    return client.post("/login", data={"username": name, "password": password, "next": next_})


def events(action: str | None = None) -> list[audit.Event]:
    return audit.read(action=action)


LOCAL = "[sign_in]\nlocal = true\n"


# ---------- mobility.toml


def test_without_sign_in_the_dashboard_refuses_any_host_but_loopback(isolated_warehouse):
    config.check_host("127.0.0.1")
    config.check_host("localhost")
    config.check_host("::1")
    with pytest.raises(config.ConfigError, match="sign-in is not configured"):
        config.check_host("0.0.0.0")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --host 0.0.0.0: sign-in is not")
    # with sign-in configured, any host
    configure(isolated_warehouse, LOCAL)
    config.check_host("0.0.0.0")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[sign_in\nlocal = true\n", "line 1"),
        ("[sign_in]\nlocal = 'yes'\n", "sign_in.local must be true or false"),
        ("[sign_in]\nlocal = true\nsesion_hours = 2\n", "has no key 'sesion_hours'"),
        ("[sign_in]\n", "enables no way to sign in"),
        ("[sign_in.header]\nname = 'X-Forwarded-User'\nproxies = []\n", "proxies is empty"),
        ("[sign_in.header]\nproxies = ['10.0.0.300']\n", "'10.0.0.300' is not an IP address"),
        ("[sign_in.header]\nproxies = ['10.0.0.1']\nproxys = []\n", "has no key 'proxys'"),
        ("[sign_in.oidc]\nissuer = 'https://idp'\n", "client_id is missing"),
        ("[sign_in.oidc]\nissuer = 'http://idp.example'\nclient_id = 'm'\nclient_secret = 's'\n",
         "must be an https:// address"),
        ("[sign_in.oidc]\nissuer = 'https://idp'\nclient_id = 'm'\n"
         "client_secret_file = '/no/such/file'\n", "/no/such/file"),
        ("[sign_in]\nlocal = true\nsession_hours = true\n", "session_hours must be a number"),
    ],
)  # fmt: skip
def test_a_bad_configuration_is_one_line_naming_the_file(isolated_warehouse, text, problem):
    path = configure(isolated_warehouse, text)
    with pytest.raises(config.ConfigError) as raised:
        config.load()
    message = str(raised.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"error: {path}")


def test_the_configuration_may_live_elsewhere(isolated_warehouse, tmp_path, monkeypatch):
    elsewhere = tmp_path / "etc" / "office.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(
        "[server]\nworkers = 4\n\n[sign_in.header]\nname = 'REMOTE_USER'\n"
        "proxies = ['10.1.2.0/24', '::1']\n"
    )
    monkeypatch.setenv("MOBILITY_CONFIG", str(elsewhere))
    loaded = config.load()
    assert loaded.path == elsewhere and loaded.section("server") == {"workers": 4}
    header = loaded.sign_in.header
    assert header.is_proxy("10.1.2.77") and header.is_proxy("::1")
    assert not header.is_proxy("10.1.3.1") and not header.is_proxy("") and not header.is_proxy("x")


# ---------- no sign-in: the person at the machine


def test_without_sign_in_the_server_answers_this_machine_only(app, demo_warehouse):
    client = app.server.test_client()
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/download/mobility_trend.csv").status_code == 200
    for environ in ({"REMOTE_ADDR": "10.0.0.8"}, {"REMOTE_ADDR": "192.168.1.20"}):
        response = client.get("/download/mobility_trend.csv", environ_base=environ)
        assert response.status_code == 403 and b"answers the machine it runs on" in response.data
    # a local reverse proxy would let the whole network in through 127.0.0.1
    proxied = client.get("/_dash-layout", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403


# ---------- local accounts


def test_users_are_stored_beside_the_warehouse_hashed_and_owner_only(isolated_warehouse):
    add_user("Alice", "--role", "officer", "--school", "IMT Mines Albi")
    add_user("boss", "--role", "viewer", "--no-password", password=None)
    file = users.path()
    assert file.parent == isolated_warehouse.parent and file.name == "warehouse-users.json"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    text = file.read_text()
    assert PASSWORD not in text and "$argon2id$" in text
    alice = users.find("ALICE")
    assert alice.role == "officer" and alice.schools == ("imt-mines-albi",)
    assert users.verify("alice", PASSWORD) == alice and users.verify("alice", "wrong") is None
    assert users.verify("boss", "") is None  # an SSO-only user has no password to guess
    listed = CliRunner().invoke(cli, ["users"]).output
    assert "alice" in listed and "imt-mines-albi" in listed and "SSO only" in listed
    # refused, one line each, before any password is asked
    for args, problem in (
        (["bob", "--role", "officer"], "give --school"),
        (["bob", "--role", "admin", "--school", "IMT Mines Albi"], "does not apply"),
        (["alice", "--role", "viewer"], "exists"),
        (["bob", "--role", "viewer", "--school", "Nowhere"], "unknown school"),
    ):
        result = CliRunner().invoke(cli, ["users", "add", *args], input="")
        assert result.exit_code == 1 and problem in result.output, result.output
        assert result.output.count("\n") == 1
    short = CliRunner().invoke(cli, ["users", "add", "bob", "--role", "viewer"], input="short\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    removed = CliRunner().invoke(cli, ["users", "remove", "alice"])
    assert removed.exit_code == 0 and users.find("alice") is None
    # the audit trail says who changed which user, never a password
    trail = [(e.action, e.what) for e in events("users")]
    assert trail == [("users", "add alice"), ("users", "add boss"), ("users", "remove alice")]
    assert PASSWORD not in audit.path().read_bytes().decode(errors="replace")


def test_signing_in_with_a_local_account(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "officer", "--school", "IMT Mines Albi")
    client = app.server.test_client()
    # pages go to the form and come back; data requests are refused
    response = client.get("/flows?schools=imt-mines-albi")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fflows%3Fschools%3Dimt-mines-albi"
    assert client.get("/_dash-layout").status_code == 401
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/download/mobility_trend.csv").status_code == 401
    form = client.get("/login?next=/flows").data.decode()
    assert 'name="username"' in form and 'name="password"' in form
    # static files need no sign-in (the form uses the style sheet)
    assert client.get("/assets/style.css").status_code == 200
    # the same words for a wrong password and an unknown user
    wrong = sign_in(client, password="not the password")
    unknown = sign_in(client, name="mallory")
    assert wrong.status_code == unknown.status_code == 401
    assert b"Unknown user or wrong password." in wrong.data
    assert wrong.data.replace(b"alice", b"") == unknown.data.replace(b"mallory", b"")
    signed_in = sign_in(client, next_="/flows?lang=fr")
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/flows?lang=fr"
    cookie = signed_in.headers["Set-Cookie"]
    assert cookie.startswith("mobility_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/download/mobility_trend.csv").status_code == 200
    assert client.get("/logout").status_code == 200
    assert client.get("/_dash-layout").status_code == 401
    trail = [(e.action, e.user, e.outcome) for e in events() if e.action != "download"]
    assert trail == [
        ("users", "root@cli", "ok") if os.getuid() == 0 else trail[0],
        ("sign-in", "alice", "failed"),
        ("sign-in", "mallory", "failed"),
        ("sign-in", "alice", "ok"),
        ("sign-out", "alice", "ok"),
    ]
    (download,) = events("download")
    assert (download.user, download.role, download.what) == ("alice", "officer",
                                                             "mobility_trend.csv")  # fmt: skip
    assert download.address == "127.0.0.1" and "rows" in download.detail


def test_cookies_are_secure_over_https_and_when_configured(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    https = app.server.test_client()
    cookie = https.post(
        "/login", data={"username": "alice", "password": PASSWORD}, base_url="https://localhost"
    ).headers["Set-Cookie"]
    assert "Secure" in cookie
    configure(demo_warehouse, LOCAL + "secure_cookie = true\n")
    assert "Secure" in sign_in(app.server.test_client()).headers["Set-Cookie"]


def test_after_signing_in_only_a_local_path(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"):
        response = sign_in(app.server.test_client(), next_=target)
        assert response.headers["Location"] == "/", target


def test_a_sign_in_form_posted_from_another_site_is_refused(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    client = app.server.test_client()
    response = client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    same = {"Origin": "http://localhost"}
    ok = client.post("/login", data={"username": "alice", "password": PASSWORD}, headers=same)
    assert ok.status_code == 302


def test_failed_sign_ins_are_limited_per_user_and_per_address(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    add_user("bob", "--role", "admin")
    client = app.server.test_client()
    for _ in range(5):
        assert sign_in(client, password="guess " * 3).status_code == 401
    # the sixth try waits, even with the right password: guessing stops there
    limited = sign_in(client)
    assert limited.status_code == 429 and b"Too many failed sign-ins" in limited.data
    assert sign_in(client, "bob").status_code == 302  # another user is not held up
    # twenty failures from one address, whatever the names, hold that address
    elsewhere = {"REMOTE_ADDR": "127.0.0.9"}
    for index in range(20):
        response = client.post(
            "/login",
            data={"username": f"guess{index}", "password": "guess " * 3},
            environ_base=elsewhere,
        )
        assert response.status_code == 401
    held = client.post(
        "/login", data={"username": "bob", "password": PASSWORD}, environ_base=elsewhere
    )
    assert held.status_code == 429
    refused = [e for e in events("sign-in") if e.outcome == "refused"]
    assert [e.detail for e in refused] == ["too many failures", "too many failures"]


def test_the_failure_limit_forgets_old_failures_and_keeps_few_keys():
    limit = auth.FailureLimit(most=3, window_s=60, keys=100)
    for second in (0, 1, 2):
        limit.failed("alice", now=second)
    assert limit.wait_s("alice", now=3) == pytest.approx(57)
    assert limit.wait_s("alice", now=61) == 0  # the first failure is out of the window
    for index in range(10_000):
        limit.failed(f"name{index}", now=5)
    assert len(limit._failures) == 100  # bounded, whatever an attacker sends
    assert all(len(failures) <= 3 for failures in limit._failures.values())


def test_a_session_ends_when_the_user_changes_or_goes_and_after_its_hours(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    client = app.server.test_client()
    sign_in(client)
    assert client.get("/_dash-layout").status_code == 200
    add_user("alice", "--role", "viewer", "--replace", password="another long password")
    assert client.get("/_dash-layout").status_code == 401  # signed in with the old password
    sign_in(client, password="another long password")
    CliRunner().invoke(cli, ["users", "remove", "alice"])
    assert client.get("/_dash-layout").status_code == 401
    add_user("alice", "--role", "admin")
    configure(demo_warehouse, LOCAL + "session_hours = 0.0003\n")  # about a second
    sign_in(client)
    assert client.get("/_dash-layout").status_code == 200
    time.sleep(1.2)
    assert client.get("/_dash-layout").status_code == 401


def test_the_session_key_is_kept_beside_the_warehouse_owner_only(app, demo_warehouse):
    configure(demo_warehouse, LOCAL)
    add_user("alice", "--role", "admin")
    sign_in(app.server.test_client())
    key = demo_warehouse.parent / "warehouse-session.key"
    assert len(key.read_bytes()) == 32 and stat.S_IMODE(key.stat().st_mode) == 0o600


# ---------- the trusted proxy header


HEADER = "[sign_in.header]\nname = 'X-Forwarded-User'\nproxies = ['10.0.0.1']\n"


def test_the_proxy_header_is_believed_from_the_proxy_only(app, demo_warehouse):
    configure(demo_warehouse, HEADER)
    add_user("alice", "--role", "officer", "--school", "IMT Mines Albi", "--no-password",
             password=None)  # fmt: skip
    client = app.server.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    response = client.get(
        "/_dash-layout", headers={"X-Forwarded-User": "Alice"}, environ_base=proxy
    )
    assert response.status_code == 200
    # the same header from anywhere else is refused, and recorded
    forged = client.get(
        "/download/mobility_trend.csv",
        headers={"X-Forwarded-User": "alice"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert forged.status_code == 403 and b"not a configured proxy" in forged.data
    (refusal,) = events("refused")
    assert (refusal.user, refusal.address, refusal.outcome) == ("alice", "10.0.0.2", "refused")
    # a client cannot pass for the proxy by naming an address in a header
    spoofed = app.server.test_client().get(
        "/_dash-layout",
        headers={"X-Forwarded-User": "alice", "X-Forwarded-For": "10.0.0.1"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert spoofed.status_code == 403
    # a name the proxy vouches for but nobody registered
    stranger = app.server.test_client().get(
        "/_dash-layout", headers={"X-Forwarded-User": "mallory"}, environ_base=proxy
    )
    assert stranger.status_code == 403 and b"mobility users add mallory" in stranger.data
    # without the header, nobody is signed in
    assert app.server.test_client().get("/_dash-layout", environ_base=proxy).status_code == 401
    trail = [(e.user, e.outcome) for e in events("sign-in")]
    assert trail == [("alice", "ok"), ("mallory", "refused")]  # once per session, not per request


def test_remote_user_set_by_the_server_is_believed_from_the_proxy_only(app, demo_warehouse):
    configure(demo_warehouse, HEADER.replace("X-Forwarded-User", "REMOTE_USER"))
    add_user("alice", "--role", "admin", "--no-password", password=None)
    client = app.server.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1", "REMOTE_USER": "alice"}
    ok = client.get("/_dash-layout", environ_base=proxy)
    assert ok.status_code == 200
    refused = client.get(
        "/_dash-layout", environ_base={"REMOTE_ADDR": "10.9.9.9", "REMOTE_USER": "alice"}
    )
    assert refused.status_code == 403


# ---------- OpenID Connect


@pytest.fixture
def provider(demo_warehouse):
    with Provider() as running:
        configure(
            demo_warehouse,
            f"[sign_in.oidc]\nissuer = '{running.issuer}'\nclient_id = 'mobility'\n"
            f"client_secret = '{running.client_secret}'\n",
        )
        yield running


def through_provider(client, start: str = "/erasmus?lang=fr"):
    """A browser's way through the sign-in: the app, the provider, back to the app."""
    to_login = client.get(start)
    assert to_login.status_code == 302
    to_oidc = client.get(to_login.headers["Location"])
    assert to_oidc.status_code == 302 and to_oidc.headers["Location"].startswith("/login/oidc")
    to_provider = client.get(to_oidc.headers["Location"])
    assert to_provider.status_code == 302
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/login/oidc/callback" and "code" in parse_qs(callback.query)
    return client.get(f"{callback.path}?{callback.query}")


def test_signing_in_through_openid_connect(app, provider):
    add_user("alice", "--role", "officer", "--school", "IMT Mines Albi", "--no-password",
             password=None)  # fmt: skip
    client = app.server.test_client()
    response = through_provider(client)
    assert response.status_code == 302 and response.headers["Location"] == "/erasmus?lang=fr"
    assert client.get("/_dash-layout").status_code == 200
    assert provider.requests[:2] == ["/.well-known/openid-configuration", "/authorize"]
    assert {"/token", "/jwks"} <= set(provider.requests)
    (event,) = events("sign-in")
    assert (event.user, event.what, event.outcome) == ("alice", "oidc", "ok")


def test_openid_connect_refuses_a_forged_token_and_strangers(app, provider):
    add_user("alice", "--role", "admin", "--no-password", password=None)
    provider.tamper = True  # signed with a key the provider does not publish
    client = app.server.test_client()
    forged = through_provider(client)
    assert forged.status_code == 403 and client.get("/_dash-layout").status_code == 401
    provider.tamper, provider.user = False, "mallory"
    stranger = through_provider(app.server.test_client())
    assert stranger.status_code == 403 and b"mobility users add mallory" in stranger.data
    assert [(e.user, e.outcome) for e in events("sign-in")] == [("?", "failed"),
                                                                ("mallory", "refused")]  # fmt: skip

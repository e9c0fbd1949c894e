"""Sign-in: who is asking, for every request the dashboard answers.

mobility.toml (warehouse.config) says how people sign in; warehouse.users says who they are
(role, schools). Every request but the sign-in pages and static files passes `_authenticate`,
which puts the user's scope in flask.g; every named query reads it through `current_scope`
(dashboard.data passes it to the query door, warehouse.access), so a page or a callback never
decides who sees what itself.

- Without [sign_in], nobody signs in and everybody is the local admin, as before: the
  dashboard then answers loopback requests only, and none that came through a proxy.
- A trusted header (X-Forwarded-User, or the WSGI server's REMOTE_USER) names the user when the
  request comes from a configured proxy address; the same header from anywhere else is refused.
- OpenID Connect (authlib): /login/oidc sends the browser to the provider, which sends it back
  to /login/oidc/callback with a code; the id_token's signature, issuer, audience and nonce
  are checked by authlib.
- Local accounts: the /login form (username, password), argon2 hashes in the users file.

A signed-in session lives in Flask's signed cookie (HttpOnly, SameSite=Lax, Secure over HTTPS
or when configured), signed with a key kept beside the warehouse (`mobility-session.key`, mode
0600; a new key signs everybody out). It ends after [sign_in] session_hours, at /logout, and as
soon as the user is removed or changed (`mobility users`).
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import html
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import flask
import polars as pl
from flask import g, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from warehouse import access, audit, config, db, settings, users
from warehouse.access import LOCAL_ADMIN, AccessDenied, Scope

# Answered to anyone: the sign-in pages, the health check, and the static files every page
# (the sign-in page too) loads, which hold no data.
PUBLIC_PATHS = frozenset(
    {"/login", "/logout", "/login/oidc", "/login/oidc/callback", "/healthz", "/_favicon.ico"}
)
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# A request that came through a proxy says so in one of these: without sign-in, the
# dashboard answers the person at the machine only.
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host")

MAX_USERNAME = 200
MAX_PASSWORD = 1024  # argon2 hashes any length; a megabyte "password" is not one


# ---------- who is asking


_outside_requests: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "mobility_scope", default=None
)


def current_scope() -> Scope:
    """The scope of the user the dashboard is answering.

    Outside a request (the warm-up at start, tests rendering a layout directly) it is the one
    set with `acting_as`, else the local admin when nobody has to sign in; with sign-in
    configured and no user, the query is refused rather than answered as somebody."""
    if flask.has_request_context():
        scope = g.get("mobility_scope")
        if scope is None:
            raise AccessDenied("nobody is signed in")
        return scope
    scope = _outside_requests.get()
    if scope is not None:
        return scope
    if _config().sign_in is None:
        return LOCAL_ADMIN
    raise AccessDenied("no signed-in user to answer (sign-in is configured)")


@contextmanager
def acting_as(scope: Scope) -> Iterator[None]:
    """Run the queries of the block as `scope`, outside any request (the warm-up: as admin)."""
    token = _outside_requests.set(scope)
    try:
        yield
    finally:
        _outside_requests.reset(token)


def query(name: str, **params) -> pl.DataFrame:
    """queries/<name>.sql as the signed-in user may see it (dashboard.data's only door)."""
    return db.query(name, scope=current_scope(), **params)


def visible(filters):
    """`filters` without the schools the user may not see: a URL naming another school shows
    the user's own schools (all of them), as if it named none. The query door would bind no
    school for it anyway; dropping it here keeps it out of the filter bar and the links."""
    scope = current_scope()
    if not scope.is_restricted or not filters.schools:
        return filters
    kept = tuple(school for school in filters.schools if school in scope.schools)
    return dataclasses.replace(filters, schools=kept)


def sees_rows() -> bool:
    """Whether the user may see row-level data (one row per mobility or person): not a viewer."""
    return current_scope().sees_rows


def signed_in_user() -> users.User | None:
    """The signed-in user of this request (None when nobody has to sign in)."""
    return g.get("mobility_user") if flask.has_request_context() else None


# ---------- installing


def install(server: flask.Flask) -> None:
    """Sessions, the sign-in check before every request, /login, /login/oidc, /logout."""
    server.config.update(
        SESSION_COOKIE_NAME="mobility_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    server.session_interface = _Sessions()
    server.before_request(_authenticate)
    server.register_error_handler(audit.AuditError, _audit_unavailable)
    server.register_error_handler(config.ConfigError, _config_unusable)
    server.add_url_rule("/login", "login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", _logout, methods=["GET", "POST"])
    server.add_url_rule("/login/oidc", "login_oidc", _login_oidc)
    server.add_url_rule("/login/oidc/callback", "oidc_callback", _oidc_callback)


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed cookie, signed with the key beside the warehouse in use, Secure when the
    request came over HTTPS (or [sign_in] secure_cookie says the proxy's side is HTTPS), and
    lasting [sign_in] session_hours."""

    def get_signing_serializer(self, app):
        return URLSafeTimedSerializer(
            session_key(),
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )

    def get_cookie_secure(self, app) -> bool:
        sign_in = _config().sign_in
        return bool(request.is_secure or (sign_in and sign_in.secure_cookie))

    def get_expiration_time(self, app, session_):
        sign_in = _config().sign_in
        if session_.permanent and sign_in:
            return dt.datetime.now(dt.UTC) + dt.timedelta(hours=sign_in.session_hours)
        return None


_keys: dict[Path, bytes] = {}


def session_key() -> bytes:
    """The key signing the session cookies, beside the warehouse; created on first use, by one
    process only (the others read it)."""
    path = settings.beside_warehouse("-session.key")
    key = _keys.get(path)
    if key is None:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            work = path.with_name(f".{path.name}.{os.getpid()}.writing")
            descriptor = os.open(work, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(secrets.token_bytes(32))
            try:
                os.link(work, path)  # fails if another worker created it meanwhile
            except FileExistsError:
                pass
            finally:
                os.unlink(work)
        key = _keys[path] = path.read_bytes()
    return key


_configs: dict[Path, tuple[tuple[int, int] | None, config.Config]] = {}
_configs_lock = threading.Lock()


def _config() -> config.Config:
    """mobility.toml as it is now (read again when it changed)."""
    path = settings.config_path()
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        version = None
    with _configs_lock:
        cached = _configs.get(path)
        if cached and cached[0] == version:
            return cached[1]
    loaded = config.load(path)
    with _configs_lock:
        _configs[path] = (version, loaded)
    return loaded


# ---------- what leaves: downloads, and the frames pages draw


def shown(frame: pl.DataFrame, *, per_partner: bool = False, as_text: bool = False):
    """`frame` as the user may see it: for a viewer, counts below 5 in a frame per partner or
    per country (or about one partner: `per_partner`) are hidden (warehouse.access). Pages
    call it on the frames their charts and tables draw; downloads and grids always do."""
    if current_scope().role != "viewer":
        return frame
    if not (per_partner or access.is_per_partner_or_country(frame)):
        return frame
    return access.suppress_small_counts(frame, as_text=as_text)


def shown_rows(frame: pl.DataFrame, columns: list[str]) -> list[dict]:
    """The rows of a table (`columns` of `frame`), counts below 5 written "< 5" for a viewer,
    other numbers left numbers (a table sorts them)."""
    hidden = shown(frame)
    rows = hidden.select(columns).to_dicts()
    if hidden is frame:
        return rows
    # the counts of these frames are never null otherwise (nobody: 0), so a null count is a
    # hidden one, whether hidden here or by the page before
    counts = [c for c in access.PERSON_COUNTS if c in columns]
    for row in rows:
        for column in counts:
            if row[column] is None:
                row[column] = access.SUPPRESSED
    return rows


def downloaded(file_name: str, filters, make_frame):
    """The frame of a download, for the user asking: refused (403) when their role may not
    read it, small counts hidden for a viewer, and recorded in the audit trail (no record,
    no download)."""
    scope = current_scope()
    try:
        frame = make_frame(filters)
    except AccessDenied as error:
        _record("download", file_name, user=scope.user, role=scope.role, outcome="refused",
                detail=str(error))  # fmt: skip
        flask.abort(_page(403, "Refused", str(error)))
    frame = shown(frame, per_partner=bool(filters.extra.get("partner")), as_text=True)
    asked = request.query_string.decode(errors="replace")
    _record("download", file_name, user=scope.user, role=scope.role,
            detail=f"{asked} ({frame.height} rows)")  # fmt: skip
    return frame


def delivered(file_name: str, make_file) -> bytes:
    """A file made for the user asking (the management report's PDF), recorded in the audit
    trail as a download (no record, no file); refused (403) when their role may not read what
    it needs. `make_file` runs the named queries as the user, like any page."""
    scope = current_scope()
    try:
        content = make_file()
    except AccessDenied as error:
        _record("download", file_name, user=scope.user, role=scope.role, outcome="refused",
                detail=str(error))  # fmt: skip
        flask.abort(_page(403, "Refused", str(error)))
    asked = request.query_string.decode(errors="replace")
    _record("download", file_name, user=scope.user, role=scope.role,
            detail=f"{asked} ({len(content)} bytes)")  # fmt: skip
    return content


# ---------- the check before every request


def _authenticate():
    path = request.path
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    sign_in = _config().sign_in
    if sign_in is None:
        if not _from_this_machine():
            return _page(
                403,
                "Not signed in",
                "Sign-in is not configured, so this dashboard answers the machine it runs on "
                "only. An administrator configures sign-in in mobility.toml "
                "(see docs/deploying.md).",
            )
        g.mobility_scope = LOCAL_ADMIN
        return None
    user = None
    if sign_in.header is not None:
        user, refusal = _header_user(sign_in.header)
        if refusal is not None:
            return refusal
    if user is None:
        user = _session_user(sign_in)
    if user is None:
        return _ask_to_sign_in()
    g.mobility_user = user
    g.mobility_scope = user.scope
    return None


def peer_address() -> str:
    """The address the request came from: the proxy's when a proxy forwarded it (never the
    client address a header claims, which anyone can write)."""
    original = request.environ.get("werkzeug.proxy_fix.orig") or {}
    return original.get("REMOTE_ADDR") or request.environ.get("REMOTE_ADDR") or ""


def _from_this_machine() -> bool:
    if not config.is_loopback(peer_address()):
        return False
    return not any(header in request.headers for header in FORWARDING_HEADERS)


def _header_user(header: config.HeaderSignIn):
    """(user, None) when the trusted header names a registered user, (None, None) when the
    request carries no such header, (None, response) when it must be refused."""
    if header.name.upper() == "REMOTE_USER":
        value = request.environ.get("REMOTE_USER")
    else:
        value = request.headers.get(header.name)
    if not value:
        return None, None
    address = peer_address()
    name = users.normalise(value)[:MAX_USERNAME]
    if not header.is_proxy(address):
        _record("refused", f"{header.name} header", user=name, outcome="refused",
                detail=f"from {address}, not a configured proxy")  # fmt: skip
        return None, _page(
            403,
            "Refused",
            f"The sign-in header {header.name} came from {address}, which is not a configured "
            "proxy: it is not believed.",
        )
    user = users.find(name)
    if user is None:
        if session.get("refused") != name:  # once per session, not per request
            _record("sign-in", "header", user=name, outcome="refused", detail="not a user")
            session["refused"] = name
        return None, _page(
            403,
            "Not a user",
            f"You are signed in as {name}, who is not a user of this dashboard. An administrator "
            f"adds you with: mobility users add {name} --role viewer --no-password",
        )
    if session.get("user") != user.name or session.get("via") != "header":
        _start_session(user, "header")
    return user, None


def _session_user(sign_in: config.SignIn) -> users.User | None:
    name = session.get("user")
    if not name or session.get("via") == "header":
        return None  # a header session lasts while the proxy sends the header
    user = users.find(name)
    since = session.get("since", 0)
    if (
        user is None
        or user.changed_at != session.get("changed_at")
        or time.time() - since > sign_in.session_hours * 3600
    ):
        session.clear()
        return None
    return user


def _start_session(user: users.User, via: str) -> None:
    session.clear()
    session.update(user=user.name, via=via, since=time.time(), changed_at=user.changed_at)
    session.permanent = True
    _record("sign-in", via, user=user.name, role=user.role)


def _ask_to_sign_in():
    """Pages go to the sign-in form (and come back after it); data requests get a 401."""
    wanted = request.full_path.rstrip("?")
    if request.method == "GET" and not request.path.startswith(("/_dash-", "/download/")):
        return flask.redirect("/login?" + urlencode({"next": wanted}))
    return _page(401, "Not signed in", "Sign in again: /login")


def _record(action: str, what: str, *, user: str, role: str | None = None, **more) -> None:
    audit.record(action, what, user=user, role=role, address=peer_address(), **more)


# ---------- /login, /logout


class FailureLimit:
    """Failed sign-ins per key (a user name, an address) over a sliding window: past `most`
    failures the key waits. Memory is bounded: the least recently failed keys are forgotten
    first, past `keys` of them."""

    def __init__(self, most: int, window_s: float, keys: int = 10_000):
        self.most, self.window_s, self.keys = most, window_s, keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_s(self, key: str, now: float | None = None) -> float:
        """Seconds before `key` may try again (0: now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._failures.get(key)
            if not failures:
                return 0.0
            while failures and now - failures[0] > self.window_s:
                failures.popleft()
            if len(failures) < self.most:
                return 0.0
            return self.window_s - (now - failures[0])

    def failed(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._failures.setdefault(key, deque(maxlen=self.most))
            failures.append(now)
            self._failures.move_to_end(key)
            while len(self._failures) > self.keys:
                self._failures.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


# five wrong passwords a quarter of an hour per user name, twenty per address (an office
# behind one NAT address shares them); each server worker counts its own
USER_FAILURES = FailureLimit(most=5, window_s=15 * 60)
ADDRESS_FAILURES = FailureLimit(most=20, window_s=15 * 60)


def _login():
    sign_in = _config().sign_in
    if sign_in is None:
        return flask.redirect("/")
    wanted = _local_path(request.values.get("next", "/"))
    if request.method == "GET":
        if not sign_in.local and sign_in.oidc is not None:
            return flask.redirect("/login/oidc?" + urlencode({"next": wanted}))
        return _login_form(sign_in, wanted)
    if not sign_in.local:
        flask.abort(404)
    if not _same_origin():
        return _page(403, "Refused", "This sign-in form was sent from another site.")
    name = users.normalise(request.form.get("username", ""))[:MAX_USERNAME]
    password = request.form.get("password", "")
    address = peer_address()
    wait_s = max(USER_FAILURES.wait_s(name), ADDRESS_FAILURES.wait_s(address))
    if wait_s > 0:
        _record("sign-in", "local", user=name, outcome="refused", detail="too many failures")
        minutes = max(1, round(wait_s / 60))
        message = f"Too many failed sign-ins: try again in {minutes} minutes."
        return _login_form(sign_in, wanted, message, status=429)
    user = users.verify(name, password[:MAX_PASSWORD]) if name and password else None
    if user is None:
        USER_FAILURES.failed(name)
        ADDRESS_FAILURES.failed(address)
        _record("sign-in", "local", user=name, outcome="failed")
        # the same words whether the name exists or not
        return _login_form(sign_in, wanted, "Unknown user or wrong password.", status=401)
    USER_FAILURES.forget(name)
    _start_session(user, "local")
    return flask.redirect(wanted)


def _logout():
    name = session.get("user")
    if name:
        _record("sign-out", session.get("via", ""), user=name)
    session.clear()
    return _page(200, "Signed out", "You are signed out.", link=("/login", "Sign in again"))


def _local_path(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site's)."""
    target = (target or "/").strip()
    parts = urlsplit(target)
    if not target.startswith("/") or target.startswith("//") or parts.scheme or parts.netloc:
        return "/"
    if "\\" in target or any(ord(c) < 32 for c in target):
        return "/"
    return target


def _same_origin() -> bool:
    """A form posted from this site (browsers send Origin with a POST; its absence is a
    command-line client, which a cross-site attack is not)."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


# ---------- OpenID Connect

_oidc_clients: dict[config.OidcSignIn, object] = {}
_oidc_lock = threading.Lock()


def _oidc_client(settings_: config.OidcSignIn):
    """The authlib client of the configured provider (its metadata read at the first use)."""
    from authlib.integrations.flask_client import OAuth

    with _oidc_lock:
        client = _oidc_clients.get(settings_)
        if client is None:
            registry = OAuth(flask.current_app)
            client = registry.register(
                "oidc",
                client_id=settings_.client_id,
                client_secret=settings_.client_secret,
                server_metadata_url=settings_.metadata_url,
                client_kwargs={"scope": settings_.scope, "default_timeout": 10},
            )
            _oidc_clients[settings_] = client
    return client


def _login_oidc():
    sign_in = _config().sign_in
    if sign_in is None or sign_in.oidc is None:
        flask.abort(404)
    session["next"] = _local_path(request.args.get("next", "/"))
    redirect_uri = sign_in.oidc.redirect_uri or flask.url_for("oidc_callback", _external=True)
    try:
        return _oidc_client(sign_in.oidc).authorize_redirect(redirect_uri)
    except Exception as error:  # the provider unreachable or answering nonsense
        return _page(502, "Sign-in unavailable", f"The sign-in provider did not answer: {error}")


def _oidc_callback():
    from authlib.common.errors import AuthlibBaseError, AuthlibHTTPError
    from joserfc.errors import JoseError

    # an answer that fails a check (state, signature, issuer, audience, expiry, nonce)
    refusals = (AuthlibBaseError, JoseError)
    sign_in = _config().sign_in
    if sign_in is None or sign_in.oidc is None:
        flask.abort(404)
    wanted = _local_path(session.pop("next", "/"))
    try:
        token = _oidc_client(sign_in.oidc).authorize_access_token()
    except AuthlibHTTPError as error:
        _record("sign-in", "oidc", user="?", outcome="failed", detail=str(error)[:300])
        return _page(502, "Sign-in unavailable", f"The sign-in provider did not answer: {error}")
    except refusals as error:
        _record("sign-in", "oidc", user="?", outcome="failed", detail=str(error)[:300])
        return _page(403, "Sign-in failed", f"The sign-in provider's answer was refused: {error}")
    except Exception as error:
        _record("sign-in", "oidc", user="?", outcome="failed", detail=str(error)[:300])
        return _page(502, "Sign-in unavailable", f"The sign-in provider did not answer: {error}")
    claims = token.get("userinfo") or {}
    claim = sign_in.oidc.username_claim
    name = users.normalise(str(claims.get(claim) or ""))[:MAX_USERNAME]
    user = users.find(name) if name else None
    if user is None:
        _record("sign-in", "oidc", user=name or "?", outcome="refused", detail="not a user")
        return _page(
            403,
            "Not a user",
            f"The sign-in provider says you are {name or 'nobody (no ' + claim + ')'}"
            ", who is not a user of this dashboard. An administrator adds you with: "
            f"mobility users add {name or 'NAME'} --role viewer --no-password",
        )
    _start_session(user, "oidc")
    return flask.redirect(wanted)


# ---------- small pages (plain HTML: they show before any Dash page may load)


def _login_form(sign_in: config.SignIn, wanted: str, message: str = "", status: int = 200):
    fields = ""
    if sign_in.local:
        fields = f"""
        <form method="post" action="/login">
          <input type="hidden" name="next" value="{html.escape(wanted)}">
          <label>User name<br><input name="username" autocomplete="username" required
                 autofocus maxlength="{MAX_USERNAME}"></label>
          <label>Password<br><input name="password" type="password"
                 autocomplete="current-password" required></label>
          <button type="submit">Sign in</button>
        </form>"""
    if sign_in.oidc is not None:
        fields += (
            f'<p><a href="/login/oidc?{html.escape(urlencode({"next": wanted}))}">'
            "Sign in with your institution's account</a></p>"
        )
    if not fields:  # the proxy signs people in: this page is reached without its header
        fields = (
            "<p>Sign-in goes through your institution's single sign-on: open the dashboard at "
            "the address your IT department gave.</p>"
        )
    alert = f'<p class="login-error" role="alert">{html.escape(message)}</p>' if message else ""
    return _html(status, "Sign in", f"<h1>mobility</h1>{alert}{fields}")


def _page(status: int, title: str, text: str, link: tuple[str, str] | None = None):
    more = f'<p><a href="{link[0]}">{html.escape(link[1])}</a></p>' if link else ""
    return _html(status, title, f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>{more}")


def _html(status: int, title: str, body: str):
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mobility: {html.escape(title)}</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><main class="login-page">{body}</main></body></html>"""
    response = flask.make_response(page, status)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    response.headers["Cache-Control"] = "no-store"
    return response


def _audit_unavailable(error: audit.AuditError):
    return _page(503, "Unavailable", f"Refused: the audit trail cannot be written. {error}")


def _config_unusable(error: config.ConfigError):
    return _page(503, "Unavailable", str(error))

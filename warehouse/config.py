"""mobility.toml: how people sign in to the dashboard.

One file beside the warehouse (or $MOBILITY_CONFIG), read with tomllib at call time. Without
it, or without a [sign_in] table, nobody signs in: the dashboard serves loopback only, to the
person at the machine, as it always did. A file that cannot be read, or a [sign_in] key this
version does not know, is one line naming the file and the problem: a misspelt `proxies` must
not quietly leave a door open.

    [sign_in]
    local = true                       # the /login form, accounts from `mobility users add`
    session_hours = 10                 # a sign-in lasts this long
    secure_cookie = true               # Secure cookies even when the proxy speaks HTTP to us

    [sign_in.header]                   # SSO done by the university's proxy (Shibboleth, CAS…)
    name = "X-Forwarded-User"          # or "REMOTE_USER", the variable a WSGI server sets
    proxies = ["127.0.0.1", "10.1.2.0/24"]

    [sign_in.oidc]                     # OpenID Connect, directly
    issuer = "https://login.example.org/realms/imt"
    client_id = "mobility"
    client_secret_file = "/etc/mobility/oidc-secret"   # or client_secret = "…"
    username_claim = "preferred_username"
    redirect_uri = "https://mobility.example.org/login/oidc/callback"   # behind a proxy

Other top-level tables ([server]…) belong to other parts of the product and are left to them.
"""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass
from pathlib import Path

from warehouse import settings
from warehouse.errors import WarehouseError

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(WarehouseError):
    """mobility.toml cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class HeaderSignIn:
    """A header (or the WSGI REMOTE_USER variable) that a trusted proxy sets to the signed-in
    user's name; believed from the proxies' addresses only."""

    name: str
    proxies: tuple[IpNetwork, ...]

    def is_proxy(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in self.proxies)


@dataclass(frozen=True)
class OidcSignIn:
    issuer: str
    client_id: str
    client_secret: str
    username_claim: str = "preferred_username"
    scope: str = "openid profile email"
    redirect_uri: str | None = None

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


@dataclass(frozen=True)
class SignIn:
    local: bool = False
    header: HeaderSignIn | None = None
    oidc: OidcSignIn | None = None
    session_hours: float = 10.0
    secure_cookie: bool = False  # otherwise Secure whenever the request came over HTTPS


@dataclass(frozen=True)
class Config:
    path: Path
    sign_in: SignIn | None  # None: nobody signs in, loopback only
    tables: dict  # the whole file, for the other parts of the product

    def section(self, name: str) -> dict:
        """A top-level table of the file ({} when absent), for the parts that own it."""
        value = self.tables.get(name, {})
        return value if isinstance(value, dict) else {}


_SIGN_IN_KEYS = {"local", "session_hours", "secure_cookie", "header", "oidc"}
_HEADER_KEYS = {"name", "proxies"}
_OIDC_KEYS = {"issuer", "client_id", "client_secret", "client_secret_file", "username_claim",
              "scope", "redirect_uri"}  # fmt: skip


def load(path: Path | None = None) -> Config:
    """The configuration in force: the file at `path` (default settings.config_path())."""
    path = path or settings.config_path()
    if not path.exists():
        return Config(path, None, {})
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise ConfigError(f"{path}: {error}") from None
    raw = tables.get("sign_in")
    if raw is None:
        return Config(path, None, tables)
    return Config(path, _sign_in(path, raw), tables)


def _sign_in(path: Path, raw) -> SignIn:
    table = _table(path, "sign_in", raw, _SIGN_IN_KEYS)
    local = _typed(path, "sign_in.local", table.get("local", False), bool)
    hours = _typed(path, "sign_in.session_hours", table.get("session_hours", 10), (int, float))
    if not 0 < hours <= 24 * 30:
        raise ConfigError(f"{path}: sign_in.session_hours must be between 0 and 720, not {hours}")
    secure = _typed(path, "sign_in.secure_cookie", table.get("secure_cookie", False), bool)
    header = _header(path, table["header"]) if "header" in table else None
    oidc = _oidc(path, table["oidc"]) if "oidc" in table else None
    if not (local or header or oidc):
        raise ConfigError(
            f"{path}: [sign_in] enables no way to sign in: set local = true, or add "
            "[sign_in.header] or [sign_in.oidc]"
        )
    return SignIn(local, header, oidc, float(hours), secure)


def _header(path: Path, raw) -> HeaderSignIn:
    table = _table(path, "sign_in.header", raw, _HEADER_KEYS)
    name = _typed(path, "sign_in.header.name", table.get("name", "X-Forwarded-User"), str).strip()
    if not name:
        raise ConfigError(f"{path}: sign_in.header.name is empty")
    proxies = _typed(path, "sign_in.header.proxies", table.get("proxies"), list)
    if not proxies:
        raise ConfigError(
            f"{path}: sign_in.header.proxies is empty: list the addresses of the proxy that "
            "sets the header (a header from anywhere else is refused)"
        )
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(str(proxy), strict=False))
        except ValueError:
            raise ConfigError(
                f"{path}: sign_in.header.proxies: {proxy!r} is not an IP address or network"
            ) from None
    return HeaderSignIn(name, tuple(networks))


def _oidc(path: Path, raw) -> OidcSignIn:
    table = _table(path, "sign_in.oidc", raw, _OIDC_KEYS)
    for key in ("issuer", "client_id"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(f"{path}: sign_in.oidc.{key} is missing")
    issuer = table["issuer"].strip()
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ConfigError(f"{path}: sign_in.oidc.issuer must be an https:// address: {issuer!r}")
    if "client_secret_file" in table:
        secret_file = Path(_typed(path, "sign_in.oidc.client_secret_file",
                                  table["client_secret_file"], str)).expanduser()  # fmt: skip
        try:
            secret = secret_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(
                f"{path}: sign_in.oidc.client_secret_file: {secret_file}: {error.strerror}"
            ) from None
    else:
        secret = _typed(path, "sign_in.oidc.client_secret", table.get("client_secret"), str)
    if not secret:
        raise ConfigError(f"{path}: sign_in.oidc.client_secret (or client_secret_file) is missing")
    optional = {
        key: _typed(path, f"sign_in.oidc.{key}", table[key], str)
        for key in ("username_claim", "scope", "redirect_uri")
        if key in table
    }
    return OidcSignIn(issuer, table["client_id"].strip(), secret, **optional)


def _table(path: Path, name: str, raw, keys: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {name} must be a table ([{name}])")
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise ConfigError(
            f"{path}: [{name}] has no key {unknown[0]!r} (known: {', '.join(sorted(keys))})"
        )
    return raw


def _typed(path: Path, name: str, value, kind):
    # bool is an int in Python: `session_hours = true` must not read as 1 hour
    if value is None or not isinstance(value, kind) or (kind is not bool and value is True):
        expected = {bool: "true or false", str: "a string", list: "a list"}.get(kind, "a number")
        raise ConfigError(f"{path}: {name} must be {expected}, not {value!r}")
    return value


def is_loopback(host: str) -> bool:
    """Whether a --host answers on this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, config: Config | None = None) -> None:
    """Refuse to serve beyond loopback when nobody has to sign in: whoever reaches the port
    would see every school."""
    config = config or load()
    if config.sign_in is None and not is_loopback(host):
        raise ConfigError(
            f"--host {host}: sign-in is not configured ({config.path} has no [sign_in]), so the "
            "dashboard serves this machine only (127.0.0.1); see docs/deploying.md"
        )

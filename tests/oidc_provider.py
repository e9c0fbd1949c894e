"""A small OpenID Connect provider for the tests: discovery, authorization code, token, JWKS.

It runs on 127.0.0.1 in a thread of the test process, signs id_tokens with an RSA key made at
start (RS256, joserfc), and signs in whoever the test says (`provider.user`): enough for the
dashboard's real OIDC client (authlib) to do everything it does against a university's
provider (read the metadata, redirect, exchange the code, check the id_token's signature,
issuer, audience, expiry and nonce). Nothing leaves the machine.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey


class Provider:
    def __init__(self, client_id: str = "mobility", client_secret: str = "s3cret-for-tests"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.user: str | None = "alice"  # who is signed in at the provider
        self.claim = "preferred_username"
        self.tamper = False  # sign id_tokens with another key (the client must refuse them)
        self.codes: dict[str, dict] = {}
        self.requests: list[str] = []
        handler = type("Handler", (_Handler,), {"provider": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Provider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer, "sub": f"sub-{self.user}", "aud": self.client_id,
            "iat": now, "exp": now + 300, "nonce": nonce, self.claim: self.user,
        }  # fmt: skip
        key = RSAKey.generate_key(2048, parameters={"kid": "test-key"}) if self.tamper else self.key
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, key)


class _Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        provider = self.provider
        url = urlsplit(self.path)
        provider.requests.append(url.path)
        if url.path == "/.well-known/openid-configuration":
            return self._json(200, provider.metadata())
        if url.path == "/jwks":
            return self._json(200, {"keys": [provider.key.as_dict(private=False)]})
        if url.path == "/authorize":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                return self._json(400, {"error": "invalid_request"})
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "nonce": query.get("nonce", ""), "redirect_uri": query["redirect_uri"],
            }  # fmt: skip
            answer = urlencode({"code": code, "state": query["state"]})
            target = f"{query['redirect_uri']}?{answer}"
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return None
        return self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        provider = self.provider
        provider.requests.append(urlsplit(self.path).path)
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path != "/token":
            return self._json(404, {"error": "not_found"})
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        basic = self.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
        if (client_id, client_secret) != (provider.client_id, provider.client_secret):
            return self._json(401, {"error": "invalid_client"})
        grant = provider.codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._json(400, {"error": "invalid_grant"})
        return self._json(
            200,
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": provider.id_token(grant["nonce"]),
            },
        )

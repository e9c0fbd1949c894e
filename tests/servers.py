"""A dashboard server in a subprocess, on a free loopback port, for the tests that need the real
thing (gunicorn, its headers, an installed wheel)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(
    command: list[str], env: dict, log_path: Path, port: int, cwd: Path | None = None
) -> Iterator[str]:
    """Start `command` (which serves on 127.0.0.1:port), wait until /healthz answers, yield the
    server's URL, stop it. Its output goes to log_path: an unread pipe would fill and block."""
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, text=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the server stopped:\n{log_path.read_text()}")
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except (OSError, urllib.error.HTTPError):
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"no answer within 60 s:\n{log_path.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_line(log_path: Path, *texts: str, timeout: float = 120) -> str:
    """The first line of the log holding one of `texts` (waiting for it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log_path.read_text(errors="replace").splitlines():
            if any(text in line for text in texts):
                return line
        time.sleep(0.1)
    raise AssertionError(f"none of {texts} in the log within {timeout} s:\n{log_path.read_text()}")


def get(url: str, data: bytes | None = None) -> tuple[int, dict, bytes]:
    """Status, headers (lower-case names, repeated ones joined) and body of one request."""
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(message) -> dict:
    headers: dict[str, str] = {}
    for name, value in message.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers

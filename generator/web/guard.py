"""Who may use the page: a secret token in the URL the command prints (as Jupyter does), kept in a
cookie after the first visit; the Host header checked against DNS rebinding; a password for an
office network (`--host 0.0.0.0`); every POST carries the token itself, so that another web page
cannot post to this one (no CSRF)."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_FIELD = "_token"  # in a form
TOKEN_HEADER = "X-Taskdoc-Token"  # in a request the page's JavaScript sends
PASSWORD_ENV = "TASKDOC_PASSWORD"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(given: str | None, expected: str | None) -> bool:
    """A constant-time comparison; nothing matches an empty or missing secret."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_loopback(host: str) -> bool:
    """Whether the address the server listens on is reachable from this computer only."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def needs_password(host: str) -> bool:
    """A server others can reach must have a password."""
    return not is_loopback(host)


@dataclass
class Guard:
    """The server's secrets and the names it answers to."""

    host: str
    port: int
    token: str = field(default_factory=new_token)
    password: str | None = None

    @property
    def cookie(self) -> str:
        # cookies are not kept apart by port: two servers on one computer get two names
        return f"taskdoc_{self.port}"

    def host_allowed(self, header: str | None) -> bool:
        """The Host header names this server: 127.0.0.1, localhost or [::1] with its port, or the
        host it was started on. A server listening on every address (0.0.0.0) answers to any name,
        since its clients use the computer's name or address; its password guards it."""
        if not header:
            return False
        name, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
        if not name:
            name, port = header, ""
        if port and port != str(self.port):
            return False
        if not port and self.port != 80:
            return False
        name = name.strip("[]").lower()
        if is_wildcard(self.host):
            return True
        return name in LOOPBACK_NAMES or name == self.host.strip("[]").lower()

    def accepts(self, secret: str | None) -> bool:
        """Whether a request carries the token (in the URL, its cookie, a form or a header)."""
        return same(secret, self.token)

    def password_ok(self, given: str | None) -> bool:
        """Whether the login form was given the password (never true without one)."""
        return self.password is not None and same(given, self.password)

    def url(self, host: str | None = None) -> str:
        shown = host or ("127.0.0.1" if is_wildcard(self.host) or is_loopback(self.host) else self.host)
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{self.port}/?token={self.token}"

"""The names the editor's desk answers to: a Host allow-list against DNS rebinding.

A page on a domain that an attacker points at 127.0.0.1 is same-origin with the desk in
the browser's eyes, so it could read the forms' token and post them. The desk therefore
answers only requests whose `Host` is one of its own names: the address it is bound to
and `localhost`, on its port, plus any name given with `--allowed-host` (behind a proxy).
Any other `Host` gets a 400 that carries nothing of the desk (no page, no token).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
REFUSAL = b"unknown Host: this desk answers only to its own names (see newsdesk serve --help)\n"


@dataclass(frozen=True)
class AllowedHosts:
    """Host names the desk answers to, each on one port or (port None) on any port."""

    names: frozenset[tuple[str, int | None]]

    @classmethod
    def for_address(cls, host: str, port: int, extra: Iterable[str] = ()) -> AllowedHosts:
        """The bound address and `localhost` on `port`, and each `extra` name
        (`NAME` on any port, or `NAME:PORT` on that port only)."""
        names = {(host.strip("[]").lower(), port), ("localhost", port)}
        for name in extra:
            parsed = split_host(name)
            if parsed is None:
                raise ValueError(f"{name!r} is not a host name (e.g. desk.example.org)")
            names.add(parsed)
        return cls(frozenset(names))

    @classmethod
    def loopback(cls) -> AllowedHosts:
        """Loopback names on any port: the default of an app made without an address."""
        return cls(frozenset((name, None) for name in LOOPBACK_NAMES))

    def allows(self, host: str | None) -> bool:
        """Whether a `Host` value (or an Origin's `host[:port]`) is one of the desk's names."""
        parsed = split_host(host or "")
        if parsed is None:
            return False
        return parsed in self.names or (parsed[0], None) in self.names


    def allows_origin(self, url: str) -> bool:
        """Whether an Origin or Referer URL names one of the desk's own hosts."""
        try:
            return self.allows(urlsplit(url).netloc)
        except ValueError:
            return False


def split_host(value: str) -> tuple[str, int | None] | None:
    """`host[:port]` as (lower-case host without IPv6 brackets, port); None when malformed."""
    if not value or any(ch in value for ch in "/?#@ \t\\"):
        return None
    try:
        parts = urlsplit(f"//{value}")
        port = parts.port
    except ValueError:
        return None
    return (parts.hostname, port) if parts.hostname else None


class HostGuard:
    """ASGI middleware: requests with a `Host` the desk does not answer to get a 400."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.allowed.allows(_host_of(scope)):
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(REFUSAL)).encode())]})
            await send({"type": "http.response.body", "body": REFUSAL})
            return
        await self.app(scope, receive, send)


def _host_of(scope: Scope) -> str | None:
    """The request's Host header (None when absent or sent twice)."""
    values = [value for key, value in scope.get("headers", []) if key == b"host"]
    return values[0].decode("latin-1") if len(values) == 1 else None

"""Name what went wrong with a fetch in one clear line and one machine-readable kind.

Kinds: "http" (4xx/5xx), "timeout", "too_large", "blocked" (SSRF defence), "dns",
"connect" (refused, reset, unreachable), "redirect", "tls", "protocol" (malformed
HTTP or body encoding) and "scheme" (not an http/https URL, or not a URL at all).
"""

from __future__ import annotations

import errno
import ssl
from collections.abc import Iterator

import httpx

from newsdesk.ingest.network.compression import BodyTooLarge, DecodeFailed
from newsdesk.ingest.network.netguard import AddressRefused, LookupFailed, SchemeRefused


class RedirectFailed(Exception):
    """A redirect we will not follow (loop, too many, missing or bad Location)."""


class TimeLimitExceeded(Exception):
    """The whole exchange took longer than the total time limit (e.g. a slow drip)."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"timed out after {limit:g}s (total time limit)")


_CONNECT_ERRNOS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset by peer",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ENETUNREACH: "network unreachable",
    errno.ETIMEDOUT: "connection timed out",
}


def describe_fault(
    exc: BaseException, connect_timeout: float, read_timeout: float
) -> tuple[str, str]:
    """The (error line, error kind) for an exception raised while fetching."""
    simple: list[tuple[type[BaseException], str]] = [
        (AddressRefused, "blocked"),
        (SchemeRefused, "scheme"),
        (LookupFailed, "dns"),
        (BodyTooLarge, "too_large"),
        (RedirectFailed, "redirect"),
        (TimeLimitExceeded, "timeout"),
        (DecodeFailed, "protocol"),
    ]
    for exc_type, kind in simple:
        if isinstance(exc, exc_type):
            return str(exc), kind
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timed out after {connect_timeout:g}s", "timeout"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out after {read_timeout:g}s", "timeout"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"refused: {exc}", "scheme"
    tls_error = _find_cause(exc, ssl.SSLError, ssl.CertificateError)
    if tls_error is not None:
        return f"TLS error: {_first_line(tls_error)}", "tls"
    if isinstance(exc, httpx.ConnectError | httpx.ReadError | httpx.WriteError):
        return _describe_socket_fault(exc), "connect"
    if isinstance(exc, httpx.ProtocolError):
        return f"protocol error: {_first_line(exc)}", "protocol"
    return f"{type(exc).__name__}: {_first_line(exc)}", "protocol"


def _describe_socket_fault(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in _CONNECT_ERRNOS:
            return _CONNECT_ERRNOS[cause.errno]
    text = _first_line(exc)
    return f"connection failed: {text}" if text else "connection closed unexpectedly"


def _find_cause(exc: BaseException, *types: type[BaseException]) -> BaseException | None:
    """The first exception of ``types`` in the cause/context chain of ``exc``."""
    return next((cause for cause in _causes(exc) if isinstance(cause, types)), None)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it was raised from or while handling, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        yield current
        seen.add(id(current))
        current = current.__cause__ or current.__context__


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

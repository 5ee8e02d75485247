"""Read one HTTP response defensively: capped body, bounded decoding, redirect targets.

Everything here works on a streamed ``httpx.Response`` and stops reading the moment a
cap is passed, so an endless or huge body costs at most the cap.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time

import httpx

from newsdesk.ingest.network.compression import BodyTooLarge, BoundedDecoder
from newsdesk.ingest.network.faults import RedirectFailed

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DRAIN_LIMIT = 64 * 1024
DRAIN_SECONDS = 1.0


async def read_capped_body(
    response: httpx.Response, max_body_bytes: int, max_decoded_bytes: int
) -> bytes:
    """The decoded body of ``response``; BodyTooLarge as soon as a cap is passed.

    ``max_body_bytes`` caps the bytes on the wire (checked against Content-Length before
    reading, and while streaming); ``max_decoded_bytes`` caps them after decompression.
    """
    wire_cap = f"response larger than {describe_size(max_body_bytes)}"
    declared = _declared_length(response)
    if declared is not None and declared > max_body_bytes:
        raise BodyTooLarge(f"{wire_cap} (Content-Length {declared})")
    decoder = BoundedDecoder(
        response.headers.get("content-encoding"),
        max_decoded_bytes,
        f"response larger than {describe_size(max_decoded_bytes)} once decompressed",
    )
    received = 0
    parts: list[bytes] = []
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > max_body_bytes:
            raise BodyTooLarge(wire_cap)
        parts.append(decoder.feed(chunk))
    return b"".join(parts)


async def drain_unwanted_body(response: httpx.Response) -> None:
    """Read and drop a body we have no use for (redirect, 304, error page), best effort.

    Reading it to the end lets the connection be reused for the next request to that
    host. A body over DRAIN_LIMIT, slower than DRAIN_SECONDS or broken is left alone and
    its connection simply closed: it must never change the outcome of the fetch.
    """
    declared = _declared_length(response)
    if declared is not None and declared > DRAIN_LIMIT:
        return
    received = 0
    with contextlib.suppress(TimeoutError, httpx.HTTPError):
        async with asyncio.timeout(DRAIN_SECONDS):
            async for chunk in response.aiter_raw():
                received += len(chunk)
                if received > DRAIN_LIMIT:
                    return


def redirect_target(response: httpx.Response, visited: list[str], max_redirects: int) -> str:
    """The absolute URL a redirect response points to, refusing loops and long chains.

    ``visited`` holds every URL requested so far in this fetch, the current one last.
    """
    location = response.headers.get("location", "").strip()
    if not location:
        raise RedirectFailed(f"redirect without a Location header (HTTP {response.status_code})")
    try:
        target = str(response.url.join(location))
    except httpx.InvalidURL as exc:
        raise RedirectFailed(f"redirect to an invalid URL {location!r} ({exc})") from None
    if target in visited:
        raise RedirectFailed(f"redirect loop at {target}")
    if len(visited) > max_redirects:
        raise RedirectFailed(f"too many redirects ({len(visited)})")
    return target


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    now = time.time() if now is None else now
    return max(when.timestamp() - now, 0.0)


def describe_size(size: int) -> str:
    """A byte count as people say it: '10 MiB', '512 KiB', '900 bytes'."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


def _declared_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None

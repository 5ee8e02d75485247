"""Fetch sources politely and safely: the only place newsdesk talks HTTP to the world.

A ``Fetcher`` owns one httpx client on the guarded transport (see transport.py and
netguard.py), names itself in the User-Agent, asks for compressed bodies, sends
conditional GETs, keeps to a global and a per-host concurrency limit, follows redirects
itself (vetting every hop) and caps time, wire bytes and decoded bytes. A network or
server fault never raises: it comes back as a ``FetchResult`` with one clear error line.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field

import httpx

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.network.faults import TimeLimitExceeded, describe_fault
from newsdesk.ingest.network.netguard import IPNetwork, check_url
from newsdesk.ingest.network.response import (
    REDIRECT_STATUSES,
    drain_unwanted_body,
    read_capped_body,
    redirect_target,
    retry_after_seconds,
)
from newsdesk.ingest.network.transport import GuardedTransport
from newsdesk.options import FetchSettings

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with the validators from the last fetch for a conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    accept: str = FEED_ACCEPT
    key: object = None


@dataclass
class FetchResult:
    """What came back. ``ok`` when there is no error; header names are lower-case."""

    request: FetchRequest
    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error: str | None = None
    error_kind: str | None = None
    elapsed: float = 0.0
    redirects: list[str] = field(default_factory=list)
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """True when the fetch gave a usable answer: a body, or 304 Not Modified."""
        return self.error is None


class Fetcher:
    """An async context manager that fetches with one shared client and one policy."""

    def __init__(self, policy: FetchSettings = FetchSettings()) -> None:
        self.policy = policy
        self._client: httpx.AsyncClient | None = None
        self._global_slots = asyncio.Semaphore(policy.max_connections)
        self._host_slots: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        self._client = _open_client(self.policy)
        await self._client.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch(self, request: FetchRequest) -> FetchResult:
        """Fetch one URL, following redirects; never raises for network or server faults."""
        client = self._require_client()
        started = time.monotonic()
        result = FetchResult(request=request, url=request.url)
        try:
            await self._follow(client, result)
        except Exception as exc:  # noqa: BLE001 - every fault becomes a result, by contract
            policy = self.policy
            _record_fault(result, *describe_fault(exc, policy.connect_timeout, policy.read_timeout))
        result.elapsed = time.monotonic() - started
        return result

    async def fetch_all(self, requests: Iterable[FetchRequest]) -> AsyncIterator[FetchResult]:
        """Fetch every request concurrently, yielding results as they complete.

        The global and per-host limits of the policy hold across all of them; leaving the
        loop early cancels the fetches still running.
        """
        tasks = [asyncio.ensure_future(self.fetch(request)) for request in requests]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _follow(self, client: httpx.AsyncClient, result: FetchResult) -> None:
        """Request ``result.url`` and each redirect target in turn, vetting every hop.

        The total time limit counts time spent talking to servers, not time queued for a
        connection slot, so a long fetch_all queue does not time out by itself.
        """
        visited = [result.url]
        budget = self.policy.total_timeout
        while True:
            url = check_url(result.url, self.policy.allowed_networks)
            async with self._slots(url.host):
                hop_started = time.monotonic()
                try:
                    target = await self._exchange_within(budget, client, url, result, visited)
                finally:
                    budget -= time.monotonic() - hop_started
            if target is None:
                return
            result.redirects.append(result.url)
            result.url = target
            visited.append(target)

    async def _exchange_within(
        self,
        budget: float,
        client: httpx.AsyncClient,
        url: httpx.URL,
        result: FetchResult,
        visited: list[str],
    ) -> str | None:
        """One request/response within ``budget`` seconds: the redirect target, or None
        once the final response is recorded in ``result``."""
        timer = asyncio.timeout(budget)
        try:
            async with timer:
                response = await client.send(
                    _build_request(client, url, result.request), stream=True
                )
                try:
                    if response.status_code in REDIRECT_STATUSES:
                        target = redirect_target(response, visited, self.policy.max_redirects)
                        await drain_unwanted_body(response)
                        return target
                    await self._record_response(result, response)
                    return None
                finally:
                    await response.aclose()
        except TimeoutError:
            if timer.expired():
                raise TimeLimitExceeded(self.policy.total_timeout) from None
            raise

    async def _record_response(self, result: FetchResult, response: httpx.Response) -> None:
        """Fill ``result`` from a final (non-redirect) response, reading the body if wanted."""
        headers = dict(response.headers.items())
        result.status = response.status_code
        result.headers = headers
        result.etag = headers.get("etag")
        result.last_modified = headers.get("last-modified")
        result.content_type = headers.get("content-type")
        if response.status_code < 300:
            result.body = await read_capped_body(
                response, self.policy.max_body_bytes, self.policy.max_decoded_bytes
            )
            return
        await drain_unwanted_body(response)
        if response.status_code == 304:
            result.not_modified = True
            return
        reason = response.reason_phrase or httpx.codes.get_reason_phrase(response.status_code)
        result.error, result.error_kind = f"HTTP {response.status_code} {reason}".strip(), "http"
        if response.status_code in (429, 503):
            result.retry_after = retry_after_seconds(headers.get("retry-after"))

    @contextlib.asynccontextmanager
    async def _slots(self, host: str) -> AsyncIterator[None]:
        """Hold a per-host slot, then a global one: waiting on a busy host never holds a
        global slot that another host could use."""
        host_slots = self._host_slots.get(host)
        if host_slots is None:
            host_slots = self._host_slots[host] = asyncio.Semaphore(self.policy.per_host)
        async with host_slots, self._global_slots:
            yield

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("use 'async with Fetcher(...)' before fetching")
        return self._client


def _build_request(
    client: httpx.AsyncClient, url: httpx.URL, request: FetchRequest
) -> httpx.Request:
    """A GET for ``url`` carrying the caller's Accept and conditional-GET validators."""
    headers = {"Accept": request.accept}
    if request.etag:
        headers["If-None-Match"] = request.etag
    if request.last_modified:
        headers["If-Modified-Since"] = request.last_modified
    return client.build_request("GET", url, headers=headers)


def _record_fault(result: FetchResult, message: str, kind: str) -> None:
    """Mark ``result`` failed; a partial body or status from before the fault is dropped."""
    result.error, result.error_kind = message, kind
    result.body = None
    result.not_modified = False


def _open_client(policy: FetchSettings) -> httpx.AsyncClient:
    """An httpx client that never follows redirects or proxies on its own."""
    limits = httpx.Limits(
        max_connections=policy.max_connections,
        max_keepalive_connections=policy.max_connections,
    )
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=None,
    )
    return httpx.AsyncClient(
        transport=GuardedTransport(policy.allowed_networks, limits=limits),
        headers={
            "User-Agent": policy.user_agent,
            "Accept-Encoding": "gzip, deflate, br",
        },
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )


def fetch_many(
    requests: Iterable[FetchRequest],
    policy: FetchSettings = FetchSettings(),
    on_result: Callable[[FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch all ``requests`` from synchronous code; results in completion order.

    ``on_result`` is called with each result as it arrives (e.g. to show progress).
    """

    async def run() -> list[FetchResult]:
        results = []
        async with Fetcher(policy) as fetcher:
            async for result in fetcher.fetch_all(requests):
                if on_result is not None:
                    on_result(result)
                results.append(result)
        return results

    return asyncio.run(run())


def allowed_networks_from_env(value: str | None) -> tuple[IPNetwork, ...]:
    """Parse a comma-separated network list such as ``"127.0.0.0/8,::1/128"``.

    Empty or None gives (). A bare address means that one host. A bad entry raises
    NewsdeskError naming it.
    """
    networks: list[IPNetwork] = []
    for entry in (value or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise NewsdeskError(
                f"allowed networks: {entry!r} is not an IP network (expected e.g. 10.0.0.0/8)"
            ) from None
    return tuple(networks)

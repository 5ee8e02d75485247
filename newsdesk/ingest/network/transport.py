"""The one road to the network: an httpx transport that connects only to approved addresses.

httpcore asks its network backend to ``connect_tcp(host, port)``. Our backend resolves the
host once, drops every address netguard refuses, and connects to an approved IP itself;
httpcore still uses the hostname for the Host header and TLS SNI/certificate checks. So
the address checked is the address connected to, on every hop of every redirect.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import anyio
import httpcore
import httpx

from newsdesk.ingest.network.netguard import IPNetwork, resolve_checked


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves, vets, then connects to the vetted IP."""

    def __init__(self, allowed_networks: Iterable[IPNetwork] = ()) -> None:
        self._allowed = tuple(allowed_networks)
        self._sockets = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first approved address of ``host`` that accepts, within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            with anyio.fail_after(timeout):
                addresses = await resolve_checked(host, port, self._allowed)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"DNS lookup for {host} timed out") from None
        failure: Exception | None = None
        for address in addresses:
            remaining = None if deadline is None else max(deadline - time.monotonic(), 0.001)
            try:
                return await self._sockets.connect_tcp(
                    str(address),
                    port,
                    timeout=remaining,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never a feed's address."""
        raise httpcore.ConnectError("unix sockets are not fetchable")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the underlying backend does (httpcore uses it for retries)."""
        await self._sockets.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own HTTP transport, with its connection pool built on the guarded backend.

    No proxy is ever used: a proxy would make the connection for us and bypass the check.
    """

    def __init__(
        self,
        allowed_networks: Iterable[IPNetwork],
        limits: httpx.Limits,
        http2: bool = False,
    ) -> None:
        super().__init__(trust_env=False, http2=http2, limits=limits)
        # httpx has no parameter for a network backend, so we swap in a pool that uses ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=GuardedNetworkBackend(allowed_networks),
        )

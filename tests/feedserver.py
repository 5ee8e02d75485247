"""A real HTTP server on loopback for tests and benchmarks that fetch.

    with FeedServer() as server:
        url = server.route("/feed.xml", body=b"<rss/>", etag='"v1"', gzip=True)
        server.route("/slow", body=b"x" * 100, drip=0.5)       # 16 bytes every 0.5 s
        server.route("/old", redirect_to="/feed.xml")           # 302 to a path or URL
        server.mount_dir("/shared/", Path("../shared/data/feeds"))
        ...fetch url...
        assert server.requests_for("/feed.xml")[0].headers["user-agent"].startswith("newsdesk")

Any test area can use the pytest fixtures defined here by importing them into its
conftest.py: ``from tests.feedserver import feed_server, two_host_server  # noqa: F401``.

It listens on one or more loopback addresses (``hosts``), all on the same ephemeral port,
answers conditional GETs with 304 for routes that carry an ETag or Last-Modified, logs
every request, tracks how many requests it serves at once (overall and per address), and
shuts down promptly even while it is dripping or streaming an endless body.
"""

from __future__ import annotations

import email.utils
import gzip as gzip_module
import mimetypes
import socket
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

import brotli
import pytest

DRIP_CHUNK = 16
ENDLESS_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Route:
    """How the server answers one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    encoding: str | None = None
    delay: float = 0.0
    drip: float | None = None
    endless: bool = False
    redirect_to: str | None = None


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it; header names are lower-case.

    ``host`` is the listening address it arrived on; ``client_port`` tells connections
    apart (the same port twice means the client reused its connection).
    """

    method: str
    path: str
    headers: dict[str, str]
    host: str
    client_port: int


class _Traffic:
    """The request log and concurrency counters, shared by every listening address."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.log: list[LoggedRequest] = []
        self.active: dict[str, int] = {}
        self.peak_by_host: dict[str, int] = {}
        self.active_total = 0
        self.peak_total = 0

    def begin(self, request: LoggedRequest) -> None:
        with self.lock:
            self.log.append(request)
            self.active[request.host] = self.active.get(request.host, 0) + 1
            self.peak_by_host[request.host] = max(
                self.peak_by_host.get(request.host, 0), self.active[request.host]
            )
            self.active_total += 1
            self.peak_total = max(self.peak_total, self.active_total)

    def end(self, host: str) -> None:
        with self.lock:
            self.active[host] -= 1
            self.active_total -= 1


class FeedServer:
    """A threaded HTTP/1.1 server on loopback with a small routing API (see module doc)."""

    def __init__(self, hosts: tuple[str, ...] = ("127.0.0.1",)) -> None:
        self.hosts = hosts
        self.routes: dict[str, Route] = {}
        self.mounts: dict[str, Path] = {}
        self.traffic = _Traffic()
        self.stopping = threading.Event()
        self._servers: list[_LoopbackServer] = []
        self._threads: list[threading.Thread] = []
        self.port = 0

    def start(self) -> FeedServer:
        """Bind every host on one shared ephemeral port and serve in background threads."""
        for host in self.hosts:
            server = _LoopbackServer((host, self.port), _FeedHandler, self)
            self.port = server.server_address[1]
            self._servers.append(server)
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def close(self) -> None:
        """Stop serving, cut open connections (ending drips and endless bodies), join."""
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.cut_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def url(self, path: str = "/", host: str | None = None) -> str:
        """The absolute URL of ``path`` on ``host`` (default: the first listening address)."""
        return f"http://{host or self.hosts[0]}:{self.port}{path}"

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        status: int = 200,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        gzip: bool = False,
        encoding: str | None = None,
        delay: float = 0.0,
        drip: float | None = None,
        endless: bool = False,
        redirect_to: str | None = None,
    ) -> str:
        """Answer GET ``path`` as described; returns its URL.

        ``encoding`` ("gzip", "deflate", "br"; ``gzip=True`` is short for "gzip") compresses
        the body; ``delay`` waits before the headers; ``drip`` sends the body 16 bytes per
        ``drip`` seconds; ``endless`` repeats the body forever; ``redirect_to`` (a path or
        URL) answers with ``status`` 302 unless another 3xx is given.
        """
        if redirect_to is not None and status == 200:
            status = 302
        self.routes[path] = Route(
            body=body.encode() if isinstance(body, str) else body,
            status=status,
            headers=dict(headers or {}),
            etag=etag,
            last_modified=last_modified,
            encoding="gzip" if gzip else encoding,
            delay=delay,
            drip=drip,
            endless=endless,
            redirect_to=redirect_to,
        )
        return self.url(path)

    def mount_dir(self, prefix: str, directory: Path | str) -> str:
        """Serve the files under ``directory`` at ``prefix`` (with ETag and Last-Modified)."""
        self.mounts[prefix] = Path(directory).resolve()
        return self.url(prefix)

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request received so far, oldest first."""
        with self.traffic.lock:
            return list(self.traffic.log)

    def requests_for(self, path: str) -> list[LoggedRequest]:
        """The requests received for ``path`` (query string ignored)."""
        return [r for r in self.requests if urlsplit(r.path).path == path]

    @property
    def peak_concurrency(self) -> int:
        """The most requests in progress at once, over all listening addresses."""
        return self.traffic.peak_total

    def peak_concurrency_on(self, host: str) -> int:
        """The most requests in progress at once on one listening address."""
        return self.traffic.peak_by_host.get(host, 0)

    def resolve(self, path: str) -> Route | None:
        """The route answering ``path``: an exact route, else a file under a mount."""
        route = self.routes.get(path)
        if route is not None:
            return route
        for prefix, directory in self.mounts.items():
            if path.startswith(prefix):
                return _file_route(directory, unquote(path[len(prefix) :]))
        return None


class _LoopbackServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that remembers its open connections so close() can cut them."""

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 drops connections under a benchmark's burst

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], feeds: FeedServer
    ) -> None:
        self.feeds = feeds
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        with self._open_lock:
            for connection in self._open:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate small writes
    server: _LoopbackServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read the request log instead."""

    def do_GET(self) -> None:
        feeds = self.server.feeds
        host = self.server.server_address[0]
        headers = {name.lower(): value for name, value in self.headers.items()}
        port = int(self.client_address[1])
        feeds.traffic.begin(LoggedRequest("GET", self.path, headers, str(host), port))
        try:
            self._answer(feeds, feeds.resolve(urlsplit(self.path).path), headers)
        except OSError:
            self.close_connection = True  # the client went away or the server is closing
        finally:
            feeds.traffic.end(str(host))

    def _answer(self, feeds: FeedServer, route: Route | None, headers: dict[str, str]) -> None:
        if route is None:
            route = Route(body=b"not found", status=404, headers={"Content-Type": "text/plain"})
        if route.delay and feeds.stopping.wait(route.delay):
            return
        if _is_not_modified(route, headers):
            self._send_not_modified(route)
            return
        if route.redirect_to is not None:
            self._send_redirect(feeds, route)
            return
        body = _encode(route.body, route.encoding)
        streamed = route.endless or route.drip is not None
        self._send_head(route, body_length=None if streamed else len(body))
        if streamed:
            self._stream(feeds, route, body)
        else:
            self.wfile.write(body)

    def _send_redirect(self, feeds: FeedServer, route: Route) -> None:
        target = route.redirect_to or "/"
        if target.startswith("/"):
            target = feeds.url(target, host=str(self.server.server_address[0]))
        self.send_response(route.status)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_validators(self, route: Route) -> None:
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)

    def _send_not_modified(self, route: Route) -> None:
        self.send_response(304)
        self._send_validators(route)
        self.end_headers()

    def _send_head(self, route: Route, body_length: int | None) -> None:
        """Status and headers; a body of unknown length (None) goes chunked."""
        self.send_response(route.status)
        self._send_validators(route)
        names = {name.lower() for name in route.headers}
        if "content-type" not in names:
            self.send_header("Content-Type", "application/xml; charset=utf-8")
        if route.encoding and "content-encoding" not in names:
            self.send_header("Content-Encoding", route.encoding)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if body_length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(body_length))
        self.end_headers()

    def _stream(self, feeds: FeedServer, route: Route, body: bytes) -> None:
        """Chunked body: dripped slowly, repeated forever, or both; ends when the server
        stops or the client hangs up."""
        step = DRIP_CHUNK if route.drip is not None else ENDLESS_CHUNK
        piece = body or b"x" * step
        while True:
            for start in range(0, len(piece), step):
                if route.drip is not None and feeds.stopping.wait(route.drip):
                    return
                if feeds.stopping.is_set():
                    return
                self._write_chunk(piece[start : start + step])
            if not route.endless:
                break
        self.wfile.write(b"0\r\n\r\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _is_not_modified(route: Route, headers: dict[str, str]) -> bool:
    """RFC 9110 precedence: If-None-Match decides when present, else If-Modified-Since."""
    if route.status != 200:
        return False
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",")]
        return route.etag is not None and ("*" in tags or route.etag in tags)
    since = headers.get("if-modified-since")
    if since is None or route.last_modified is None:
        return False
    try:
        return email.utils.parsedate_to_datetime(route.last_modified) <= (
            email.utils.parsedate_to_datetime(since)
        )
    except (TypeError, ValueError):
        return False


def _encode(body: bytes, encoding: str | None) -> bytes:
    if encoding == "gzip":
        return gzip_module.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "br":
        return brotli.compress(body)
    return body


def _file_route(directory: Path, relative: str) -> Route | None:
    """A route for a file under ``directory``; None when missing or outside it."""
    path = (directory / relative).resolve()
    if not path.is_file() or not path.is_relative_to(directory):
        return None
    stat = path.stat()
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Route(
        body=path.read_bytes(),
        headers={"Content-Type": content_type},
        etag=f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"',
        last_modified=email.utils.formatdate(stat.st_mtime, usegmt=True),
    )


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A running FeedServer on 127.0.0.1, shut down after the test."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def two_host_server() -> Iterator[FeedServer]:
    """A running FeedServer on both 127.0.0.1 and 127.0.0.2 (same port)."""
    with FeedServer(hosts=("127.0.0.1", "127.0.0.2")) as server:
        yield server

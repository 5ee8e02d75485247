"""The desk answers only to its own names: a Host allow-list against DNS rebinding.

Raw HTTP requests over a socket, so that the Host header is exactly what a browser on a
rebinding domain would send.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsdesk.deskapp.hosts import AllowedHosts
from tests.deskapp.conftest import TOKEN, Desk


def raw_request(url: str, request: str) -> tuple[int, str]:
    """Send one raw HTTP/1.1 request to the server at `url`; its status and whole text."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(request.encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", "replace")
    return int(text.split(" ", 2)[1]), text


def get(url: str, path: str, host: str) -> tuple[int, str]:
    return raw_request(url, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")


def post(url: str, path: str, host: str, origin: str, body: str) -> tuple[int, str]:
    return raw_request(url, (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"))


def stored_status(desk: Desk) -> tuple[str, int]:
    from newsdesk.write.editions import get_edition

    with desk.store.session() as session:
        record, _ = get_edition(session, desk.edition_id)
        return record.status, record.version


def test_a_foreign_host_gets_a_400_without_the_page_or_its_token(desk: Desk) -> None:
    port = urlsplit(desk.url).port
    status, text = get(desk.url, "/", f"evil.example:{port}")
    assert status == 400
    assert TOKEN not in text and "csrf" not in text.lower()
    assert get(desk.url, f"/editions/{desk.edition_id}", f"evil.example:{port}")[0] == 400


def test_a_rebinding_page_cannot_approve_even_with_a_matching_origin(desk: Desk) -> None:
    port = urlsplit(desk.url).port
    status, _ = post(desk.url, f"/editions/{desk.edition_id}/approve",
                     f"evil.example:{port}", f"http://evil.example:{port}",
                     f"csrf={TOKEN}&version=1")
    assert status == 400
    assert stored_status(desk) == ("draft", 1)


def test_an_origin_outside_the_allow_list_is_refused_even_with_an_allowed_host(
    desk: Desk,
) -> None:
    port = urlsplit(desk.url).port
    status, _ = post(desk.url, f"/editions/{desk.edition_id}/approve", f"127.0.0.1:{port}",
                     f"http://127.0.0.1:{port + 1 if port < 65535 else 1}",
                     f"csrf={TOKEN}&version=1")
    assert status == 403
    assert stored_status(desk) == ("draft", 1)


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_the_desk_still_answers_its_own_names(desk: Desk, name: str) -> None:
    port = urlsplit(desk.url).port
    status, text = get(desk.url, "/", f"{name}:{port}")
    assert status == 200 and TOKEN in text
    status, _ = post(desk.url, f"/editions/{desk.edition_id}/approve", f"{name}:{port}",
                     f"http://{name}:{port}", f"csrf={TOKEN}&version=1")
    assert status == 303
    assert stored_status(desk) == ("approved", 1)


def test_the_same_name_on_another_port_is_not_the_desk(desk: Desk) -> None:
    port = urlsplit(desk.url).port
    assert get(desk.url, "/", f"127.0.0.1:{port + 1}")[0] == 400
    assert get(desk.url, "/", "127.0.0.1")[0] == 400


def test_a_version_past_any_column_is_a_404_not_a_500(desk: Desk) -> None:
    page = desk.client.get(f"/editions/{desk.edition_id}",
                           params={"version": "99999999999999999999"})
    assert page.status_code == 404
    assert "has no version" in page.text


@pytest.mark.parametrize(
    ("header", "allowed"),
    [("desk.example.org", True), ("DESK.example.org:443", True), ("desk.example.org:8765", True),
     ("127.0.0.1:8765", True), ("[::1]:8765", False), ("localhost:8765", True),
     ("localhost:8766", False), ("evil.example:8765", False), ("", False),
     ("desk.example.org@evil.example", False), ("127.0.0.1:99999", False),
     ("127.0.0.1:8765/x", False)],
)
def test_allow_list_matching(header: str, allowed: bool) -> None:
    names = AllowedHosts.for_address("127.0.0.1", 8765, ["desk.example.org"])
    assert names.allows(header) is allowed


def test_an_allowed_host_with_a_path_or_user_is_refused() -> None:
    for bad in ("evil.example/x", "user@desk.example", "a b"):
        with pytest.raises(ValueError, match="not a host name"):
            AllowedHosts.for_address("127.0.0.1", 8765, [bad])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ))


def _wait_for(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"newsdesk serve did not start: {process.communicate()[1]}")


def test_serve_answers_an_allowed_proxy_name_and_refuses_others(isolated_home: Path) -> None:
    port = _free_port()
    process = _serve("--port", str(port), "--allowed-host", "desk.example.org")
    try:
        _wait_for(port, process)
        url = f"http://127.0.0.1:{port}"
        assert get(url, "/", "desk.example.org")[0] == 200
        assert get(url, "/", f"localhost:{port}")[0] == 200
        status, text = get(url, "/", f"evil.example:{port}")
        assert status == 400 and 'name="csrf"' not in text
        busy = subprocess.run([sys.executable, "-m", "newsdesk", "serve", "--port", str(port)],
                              capture_output=True, text=True, env=dict(os.environ), timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert busy.returncode == 2
    assert re.fullmatch(rf"newsdesk: error: cannot listen on 127\.0\.0\.1:{port}: .*in use.*\n",
                        busy.stderr), busy.stderr

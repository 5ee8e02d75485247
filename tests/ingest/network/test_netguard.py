"""SSRF defence: address spellings refused without touching the network, and end to end."""

from __future__ import annotations

import ipaddress

import pytest

from newsdesk.ingest.network.fetch import Fetcher, FetchRequest
from newsdesk.ingest.network.netguard import (
    AddressRefused,
    SchemeRefused,
    check_url,
    refusal_for_address,
    resolve_checked,
)
from newsdesk.options import FetchSettings
from tests.feedserver import FeedServer

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.255.255.254", "a loopback address"),
        ("::1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fc00::1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("100.64.0.1", "a carrier-grade NAT address"),
        ("100.127.255.254", "a carrier-grade NAT address"),
        ("240.0.0.1", "a reserved address"),
        ("255.255.255.255", "a reserved address"),
        ("192.0.2.1", "a private address"),
        ("198.18.0.1", "a private address"),
    ],
)
def test_non_public_address_is_refused_with_its_category(address: str, reason: str) -> None:
    refusal = refusal_for_address(ipaddress.ip_address(address))
    assert refusal == f"refused: {ipaddress.ip_address(address)} is {reason}"


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("::ffff:127.0.0.1", "127.0.0.1 is a loopback address"),
        ("::ffff:7f00:1", "127.0.0.1 is a loopback address"),
        ("::ffff:10.0.0.1", "10.0.0.1 is a private address"),
        ("::ffff:169.254.169.254", "169.254.169.254 is a link-local address"),
    ],
)
def test_ipv4_mapped_address_is_judged_as_its_ipv4_host(address: str, shown: str) -> None:
    assert refusal_for_address(ipaddress.ip_address(address)) == f"refused: {shown}"


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::10.0.0.1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a9fe:a9fe",  # local-use NAT64
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    ],
)
def test_ipv6_transition_forms_of_internal_ipv4_are_refused(address: str) -> None:
    assert refusal_for_address(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "64:ff9b::808:808"]
)
def test_public_address_is_allowed(address: str) -> None:
    assert refusal_for_address(ipaddress.ip_address(address)) is None


def test_allowed_network_lets_its_addresses_through_and_only_those() -> None:
    allowed = (ipaddress.ip_network("10.20.0.0/16"),)
    assert refusal_for_address(ipaddress.ip_address("10.20.3.4"), allowed) is None
    assert refusal_for_address(ipaddress.ip_address("::ffff:10.20.3.4"), allowed) is None
    assert refusal_for_address(ipaddress.ip_address("10.21.0.1"), allowed) is not None
    assert refusal_for_address(ipaddress.ip_address("127.0.0.1"), allowed) is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]:8080/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://017700000001/",
        "http://0/",
        "http://0.0.0.0/",
        "http://10.0.0.1:8080/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "HTTP://127.0.0.1/",
    ],
)
def test_url_with_internal_or_obscured_address_is_refused(url: str) -> None:
    with pytest.raises(AddressRefused, match="^refused: "):
        check_url(url)


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0177.0.0.1/", "http://0x7f.1/"])
def test_obscured_spelling_is_refused_even_inside_an_allowed_network(url: str) -> None:
    with pytest.raises(AddressRefused, match="obscured IPv4 address spelling"):
        check_url(url, LOOPBACK)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/feed.xml",
        "gopher://example.com:70/",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "example.com/feed.xml",
        "http:///nohost",
        "http://[::1",
    ],
)
def test_non_http_or_malformed_url_is_refused(url: str) -> None:
    with pytest.raises(SchemeRefused, match="^refused: "):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/feed.xml", "http://93.184.215.14:8080/rss", "https://[2606:4700::1]/"],
)
def test_public_url_passes_the_pre_lookup_check(url: str) -> None:
    assert check_url(url).host


async def test_hostname_resolving_to_loopback_is_refused_by_default() -> None:
    with pytest.raises(AddressRefused, match=r"loopback address \(localhost\)"):
        await resolve_checked("localhost", 80)


async def test_hostname_resolving_into_an_allowed_network_resolves() -> None:
    addresses = await resolve_checked("localhost", 80, LOOPBACK)
    assert ipaddress.ip_address("127.0.0.1") in addresses


async def test_loopback_fetch_is_blocked_by_default_and_never_reaches_the_server(
    feed_server: FeedServer,
) -> None:
    url = feed_server.route("/feed.xml", body=b"<rss/>")
    async with Fetcher(FetchSettings()) as fetcher:
        by_ip = await fetcher.fetch(FetchRequest(url))
        by_name = await fetcher.fetch(FetchRequest(f"http://localhost:{feed_server.port}/x"))
    assert (by_ip.error_kind, by_ip.error) == (
        "blocked",
        "refused: 127.0.0.1 is a loopback address",
    )
    assert by_name.error_kind == "blocked"
    assert feed_server.requests == []


async def test_environment_proxy_cannot_carry_a_blocked_request(
    two_host_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # If proxies were honoured, the request would go to the allowed 127.0.0.1 server.
    proxy = two_host_server.url("/", host="127.0.0.1")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    forbidden = two_host_server.route("/inside", body=b"secret").replace("127.0.0.1", "127.0.0.2")
    allowed = (ipaddress.ip_network("127.0.0.1/32"),)
    async with Fetcher(FetchSettings(allowed_networks=allowed)) as fetcher:
        result = await fetcher.fetch(FetchRequest(forbidden))
    assert result.error_kind == "blocked"
    assert two_host_server.requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1/"])
async def test_fetch_of_non_http_scheme_is_a_scheme_fault(url: str) -> None:
    async with Fetcher(FetchSettings(allowed_networks=LOOPBACK)) as fetcher:
        result = await fetcher.fetch(FetchRequest(url))
    assert result.error_kind == "scheme"
    assert "only http and https" in (result.error or "")

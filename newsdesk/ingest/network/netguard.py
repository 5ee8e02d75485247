"""SSRF defence: which URLs and addresses the fetcher may ever connect to.

A source URL is hostile input. We refuse anything but http/https, refuse host spellings
that hide an address (``http://2130706433/``), and refuse every address that is not on the
public internet unless the operator named its network in ``allowed_networks``. Hostnames
are resolved once here; the caller connects to exactly the addresses we approved, so a
DNS answer cannot change between the check and the connection (no DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

FETCHABLE_SCHEMES = frozenset({"http", "https"})

# Ranges Python's ipaddress flags do not name, or names too loosely for a useful message.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))

# Any host made only of numeric labels (decimal, octal "0177", hex "0x7f") that is not a
# canonical dotted quad is a trick spelling: resolvers read it as an IPv4 address.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)


class AddressRefused(Exception):
    """The URL, host spelling or address is not one we may fetch; the message says why."""


class SchemeRefused(Exception):
    """The URL is malformed or not http/https; the message says why."""


class LookupFailed(Exception):
    """The hostname does not resolve; the message names it."""


ALLOW_HINT = "(if it is yours, add its network to NEWSDESK_ALLOWED_NETWORKS)"


def with_allow_hint(refusal: str) -> str:
    """A refusal followed by how to lift it, unless no setting lifts it (an obscured
    address spelling is refused whatever the allowed networks)."""
    return refusal if "obscured" in refusal else f"{refusal} {ALLOW_HINT}"


def refusal_for_address(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why we must not connect to ``address`` (one line), or None when it is fine.

    Addresses inside an ``allowed`` network always pass; otherwise only globally routable
    unicast addresses do, including when an IPv4 address hides inside an IPv6 form.
    """
    address = _unwrap_mapped(address)
    if any(address.version == net.version and address in net for net in allowed):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and _non_public_kind(embedded) is not None:
            return (
                f"refused: {address} is an IPv6 form of {embedded} ({_non_public_kind(embedded)})"
            )
        if embedded is not None and any(address in net for net in _NAT64):
            return None  # NAT64 of a public IPv4 host: how IPv6-only networks reach it
    reason = _non_public_kind(address)
    return None if reason is None else f"refused: {address} is {reason}"


def check_url(url: str, allowed: Iterable[IPNetwork] = ()) -> httpx.URL:
    """Parse ``url`` as the fetcher will, and refuse it before any lookup if we must.

    Raises SchemeRefused (not http/https, malformed, no host) or AddressRefused (a
    literal address we refuse, or an obscured spelling). Returns the parsed URL.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        _refuse_obscured_host(url)
        raise SchemeRefused(f"refused: {url!r} is not a valid URL ({exc})") from None
    if parsed.scheme not in FETCHABLE_SCHEMES:
        shown = f"{parsed.scheme}:" if parsed.scheme else "a URL without a scheme"
        raise SchemeRefused(f"refused: {shown} is not fetchable (only http and https)")
    host = parsed.raw_host.decode("ascii")
    if not host:
        raise SchemeRefused(f"refused: {url!r} has no host")
    refusal = refusal_for_host(host, allowed)
    if refusal:
        raise AddressRefused(refusal)
    return parsed


def refusal_for_host(host: str, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why a URL host must be refused as written (trick spelling or bad literal), or None."""
    literal = _parse_literal(host)
    if literal is not None:
        return refusal_for_address(literal, allowed)
    if _NUMERIC_HOST.match(host):
        return f"refused: {host} is an obscured IPv4 address spelling"
    return None


def _refuse_obscured_host(url: str) -> None:
    """httpx rejects some trick spellings (0177.0.0.1) as invalid; name them for what they are."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return
    if _NUMERIC_HOST.match(host):
        raise AddressRefused(f"refused: {host} is an obscured IPv4 address spelling")


async def resolve_checked(
    host: str, port: int, allowed: Iterable[IPNetwork] = ()
) -> list[IPAddress]:
    """Resolve ``host`` once and return the addresses we may connect to, in resolver order.

    Raises LookupFailed when the name does not resolve and AddressRefused when it resolves
    only to addresses we refuse. Names under ``.invalid`` never resolve (RFC 6761), so we
    answer for them without asking a DNS server.
    """
    allowed = tuple(allowed)
    refusal = refusal_for_host(host, allowed)
    if refusal:
        raise AddressRefused(refusal)
    addresses = await _lookup(host, port)
    approved = [a for a in addresses if refusal_for_address(a, allowed) is None]
    if not approved:
        raise AddressRefused(f"{refusal_for_address(addresses[0], allowed)} ({host})")
    return approved


async def _lookup(host: str, port: int) -> list[IPAddress]:
    """All distinct addresses ``host`` resolves to, or LookupFailed."""
    literal = _parse_literal(host)
    if literal is not None:
        return [literal]
    if host.rstrip(".").lower().endswith(".invalid") or host.lower() == "invalid":
        raise LookupFailed(f"DNS lookup failed for {host}")
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise LookupFailed(f"DNS lookup failed for {host}") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise LookupFailed(f"DNS lookup failed for {host}")
    return addresses


def _parse_literal(host: str) -> IPAddress | None:
    """The address a host spells in canonical form ('127.0.0.1', '[::1]'), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _unwrap_mapped(address: IPAddress) -> IPAddress:
    """::ffff:a.b.c.d reaches the IPv4 host a.b.c.d, so judge it as that host."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _non_public_kind(address: IPAddress) -> str | None:
    """Name the non-public category of ``address`` ('a loopback address'), or None."""
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.version == 4 and address in _CGNAT, "a carrier-grade NAT address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (not address.is_global, "not a public address"),
    )
    return next((name for flagged, name in checks if flagged), None)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form carries (6to4, NAT64, Teredo, compatible)."""
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) >> 32 == 0 and int(address) > 1:  # ::a.b.c.d, but not :: or ::1
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None

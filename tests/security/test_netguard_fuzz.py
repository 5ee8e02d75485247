"""Property tests: no spelling of a non-public address gets past the fetcher's URL check.

CI runs a modest number of examples; set NEWSDESK_FUZZ_EXAMPLES for a longer session.
"""

from __future__ import annotations

import ipaddress
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.network.netguard import AddressRefused, SchemeRefused, check_url
from newsdesk.ingest.subscriptions.subscribe import _checked_url

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None)
INTERNAL = [
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
              "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8")
]


@st.composite
def internal_ipv4(draw: st.DrawFn) -> ipaddress.IPv4Address:
    network = draw(st.sampled_from(INTERNAL))
    offset = draw(st.integers(0, network.num_addresses - 1))
    return network.network_address + offset


def spellings(address: ipaddress.IPv4Address) -> list[str]:
    """The ways a URL host can name ``address``: dotted, decimal, octal, hex, mapped IPv6."""
    number = int(address)
    octets = address.packed
    return [
        str(address),
        str(number),
        f"0{number:o}",
        f"0x{number:x}",
        ".".join(f"0{o:o}" for o in octets),
        ".".join(f"0x{o:x}" for o in octets),
        f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
        f"{octets[0]}.{octets[1]}.{int.from_bytes(octets[2:], 'big')}",
        f"[::ffff:{address}]",
        f"[::ffff:{number >> 16:x}:{number & 0xFFFF:x}]",
        f"[2002:{number >> 16:x}:{number & 0xFFFF:x}::]",
    ]


@FUZZ
@given(internal_ipv4(), st.integers(1, 65535))
def test_every_spelling_of_an_internal_address_is_refused(
    address: ipaddress.IPv4Address, port: int
) -> None:
    for host in spellings(address):
        url = f"http://{host}:{port}/feed"
        with pytest.raises((AddressRefused, SchemeRefused)):
            check_url(url)
        with pytest.raises(NewsdeskError):
            _checked_url(url)


@FUZZ
@given(st.text(max_size=200))
def test_check_url_on_any_text_returns_a_url_or_refuses(text: str) -> None:
    try:
        url = check_url(text)
    except (AddressRefused, SchemeRefused):
        return
    assert url.scheme in ("http", "https") and url.host


@FUZZ
@given(st.text(max_size=200))
def test_source_url_check_on_any_text_returns_a_web_url_or_a_one_line_error(text: str) -> None:
    try:
        url = _checked_url(text)
    except NewsdeskError as error:
        assert "\n" not in str(error)
        return
    assert url.startswith(("http://", "https://"))

"""Hostile XML: entity expansion and external entities never reach the parsers.

feedparser alone keeps "safe" internal entities, so a quadratic blowup expands fully,
and its lenient fallback parser sees whatever the strict one rejected; parse_feed refuses
every ENTITY declaration and strips DTDs before feedparser sees a byte.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsdesk.ingest.feeds.parse import FeedError, parse_feed

# a hang guard, not a benchmark (bench/feed_security.py measures the refusal time)
pytestmark = pytest.mark.timeout(30)
Read = Callable[[str], bytes]
UNSAFE = "^unsafe XML: entity declarations"


def quadratic_blowup(entity_size: int = 100_000, references: int = 50_000) -> bytes:
    """One big entity referenced many times: ~5 GB if expanded."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "{"x" * entity_size}">\n]>\n'
            f'<rss version="2.0"><channel><title>{"&a;" * references}</title></channel></rss>'
            ).encode()


def refused_quickly(body: bytes) -> FeedError:
    """Parse ``body``, expecting an unsafe-XML refusal; returns the error."""
    with pytest.raises(FeedError, match=UNSAFE) as caught:
        parse_feed(body)
    return caught.value


def test_billion_laughs_is_refused(feed_bytes: Read) -> None:
    refused_quickly(feed_bytes("billion-laughs.xml"))


def test_quadratic_blowup_is_refused() -> None:
    refused_quickly(quadratic_blowup())


def test_xxe_file_entity_is_refused_and_never_read(feed_bytes: Read) -> None:
    error = refused_quickly(feed_bytes("xxe-file.xml"))
    assert "root:" not in str(error)


def test_xxe_http_entity_is_refused(feed_bytes: Read) -> None:
    refused_quickly(feed_bytes("xxe-http.xml"))


def test_xxe_parameter_entity_is_refused(feed_bytes: Read) -> None:
    refused_quickly(feed_bytes("xxe-parameter.xml"))


def test_entity_declaration_hidden_after_the_root_is_refused() -> None:
    body = (b'<rss version="2.0"><channel><title>t</title></channel></rss>\n'
            b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>')
    refused_quickly(body)


def test_entity_declaration_in_utf16_is_refused() -> None:
    body = ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY x "y">]>'
            '<rss version="2.0"><channel><title>&x;</title></channel></rss>').encode("utf-16")
    refused_quickly(body)


def test_entity_text_inside_cdata_is_just_text() -> None:
    body = (b'<rss version="2.0"><channel><title>XML tips</title><item><title>Entities</title>'
            b"<description><![CDATA[Never write <!ENTITY x SYSTEM 'file:///etc/passwd'>]]>"
            b"</description></item></channel></rss>")
    feed = parse_feed(body)
    assert "<!ENTITY" in (feed.entries[0].summary or "")


def test_external_dtd_is_removed_and_never_fetched(feed_bytes: Read) -> None:
    # the DTD URL points at a closed local port: fetching it would fail or hang
    feed = parse_feed(feed_bytes("external-dtd.xml"))
    assert (feed.title, feed.entries[0].title) == ("External DTD", "Kept")


def test_body_that_looks_like_a_file_path_is_not_opened() -> None:
    # feedparser.parse(bytes) tries bytes as a file name first; parse_feed never lets it
    with pytest.raises(FeedError, match="^not a feed: no XML root element found"):
        parse_feed(b"/etc/passwd")

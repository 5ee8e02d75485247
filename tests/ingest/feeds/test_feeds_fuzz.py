"""Property tests: parse_feed, parse_date and canonical_url never fail unexpectedly.

CI runs a modest number of examples; set NEWSDESK_FUZZ_EXAMPLES for a longer session,
e.g. ``NEWSDESK_FUZZ_EXAMPLES=20000 pytest tests/ingest/feeds/test_feeds_fuzz.py``.
"""

from __future__ import annotations

import os
from datetime import UTC, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest.feeds.dates import parse_date
from newsdesk.ingest.feeds.parse import FeedError, ParsedFeed, parse_feed
from newsdesk.ingest.urls import InvalidURLError, canonical_url
from tests.ingest.conftest import FEED_FIXTURES

UNEXPECTED = "could not read feed"
EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEEDS = sorted(path.read_bytes() for path in FEED_FIXTURES.iterdir())
MARKUP = st.sampled_from([
    b"<", b">", b"</", b"<?xml ", b"?>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"&", b"&amp;",
    b"&#x0;", b"&nbsp;", b"<rss>", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<item>",
    b"<entry>", b"<title>", b"<link>", b"<pubDate>", b"{", b"}", b"[", b"\"", b"\x00",
    b"\xef\xbb\xbf", b"\xff\xfe", b"<!DOCTYPE", b"<!ENTITY", b"encoding='utf-16'", b"\xe4\xb8",
])


def parses_or_refuses(body: bytes, content_type: str | None = None) -> None:
    """parse_feed returns a ParsedFeed or raises a deliberate FeedError; nothing else.

    parse_feed turns unexpected exceptions into FeedError("could not read feed: ...") to
    protect callers; here that safety net counts as a failure, since it means a bug.
    """
    try:
        result = parse_feed(body, content_type=content_type)
    except FeedError as error:
        assert "\n" not in str(error)
        assert not str(error).startswith(UNEXPECTED), str(error)
    else:
        assert isinstance(result, ParsedFeed)
        for entry in result.entries:
            assert entry.published is None or entry.published.tzinfo is not None


@FUZZ
@given(st.binary(max_size=2048))
def test_parse_feed_on_arbitrary_bytes_returns_a_feed_or_feed_error(body: bytes) -> None:
    parses_or_refuses(body)


@FUZZ
@given(st.lists(st.one_of(MARKUP, st.binary(max_size=16)), max_size=60),
       st.sampled_from([None, "text/xml", "application/json", "text/html; charset=big5",
                        "application/rss+xml; charset=bogus"]))
def test_parse_feed_on_markup_soup_returns_a_feed_or_feed_error(
        pieces: list[bytes], content_type: str | None) -> None:
    parses_or_refuses(b"".join(pieces), content_type)


@st.composite
def mutated_fixture(draw: st.DrawFn) -> bytes:
    """One of our fixtures with a few byte ranges deleted, replaced or duplicated."""
    body = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        if not body:
            break
        start = draw(st.integers(0, len(body) - 1))
        end = draw(st.integers(start, min(len(body), start + 40)))
        action = draw(st.sampled_from(["delete", "replace", "duplicate", "truncate"]))
        if action == "delete":
            del body[start:end]
        elif action == "replace":
            body[start:end] = draw(st.one_of(MARKUP, st.binary(max_size=8)))
        elif action == "duplicate":
            body[end:end] = body[start:end]
        else:
            del body[start:]
    return bytes(body)


@FUZZ
@given(mutated_fixture())
def test_parse_feed_on_mutated_fixtures_returns_a_feed_or_feed_error(body: bytes) -> None:
    parses_or_refuses(body)


ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=8)),
                         timezone(timedelta(hours=-9, minutes=-30))])
DATE_TEXT = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"\A[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{2,4} \d{1,2}:\d{2}(:\d{2})? "
                  r"([A-Za-z]{1,5}|[+-]\d{4})?\Z"),
    st.from_regex(r"\A\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
                  r"(Z|[+-]\d{2}:?\d{2})?\Z"),
    st.from_regex(r"\A\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?\Z"),
)


@FUZZ
@given(DATE_TEXT, ZONES)
def test_parse_date_never_raises_and_returns_aware_utc(raw: str, zone: timezone | None) -> None:
    moment = parse_date(raw, assume_tz=zone)
    assert moment is None or moment.utcoffset() == timedelta(0)


URL_TEXT = st.one_of(
    st.text(max_size=80),
    st.builds(lambda scheme, host, path, query: f"{scheme}://{host}{path}{query}",
              st.sampled_from(["http", "HTTPS", "ftp", "hTTp"]),
              st.text(min_size=1, max_size=20),
              st.text(max_size=30).map(lambda text: "/" + text),
              st.text(max_size=30).map(lambda text: "?" + text)),
)


@FUZZ
@given(URL_TEXT, st.one_of(st.none(), URL_TEXT))
def test_canonical_url_is_idempotent_or_raises_invalid_url_error(url: str,
                                                                base: str | None) -> None:
    try:
        once = canonical_url(url, base)
    except InvalidURLError:
        return
    assert canonical_url(once) == once
    assert once.startswith(("http://", "https://"))

"""Feeds that ask to be polled less often: Cache-Control max-age, RSS ttl, sy:update*."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.clock import utcnow
from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.ingest.network.pollhints import MAX_HINT, poll_hint_seconds
from newsdesk.store import Source, Store
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer


def _channel(extra: str) -> bytes:
    return (f"<rss version='2.0' xmlns:sy='http://purl.org/rss/1.0/modules/syndication/'>"
            f"<channel><title>t</title>{extra}</channel></rss>").encode()


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        ({"cache-control": "public, max-age=7200"}, b"", 7200.0),
        ({"cache-control": "no-cache, max-age=7200"}, b"", None),
        ({}, _channel("<ttl>90</ttl>"), 5400.0),
        ({}, _channel("<sy:updatePeriod>daily</sy:updatePeriod>"
                      "<sy:updateFrequency>4</sy:updateFrequency>"), 21600.0),
        ({}, _channel("<sy:updatePeriod>weekly</sy:updatePeriod>"), MAX_HINT),
        ({"cache-control": "max-age=60"}, _channel("<ttl>30</ttl>"), 1800.0),
        ({}, _channel("<sy:updatePeriod>sometimes</sy:updatePeriod>"), None),
        ({}, b"", None),
    ],
)
def test_poll_hints(headers: dict[str, str], body: bytes, expected: float | None) -> None:
    assert poll_hint_seconds(headers, body) == expected


def test_a_feeds_ttl_delays_its_next_fetch(database_url: str) -> None:
    body = rss(range(2)).replace(b"<channel>", b"<channel><ttl>180</ttl>", 1)
    assert b"<ttl>180</ttl>" in body
    store = Store.open(database_url)
    with FeedServer() as server:
        slow = server.route("/slow.xml", body=body)
        plain = server.route("/plain.xml", body=rss(range(2), base="https://other.example"))
        with store.session() as session:
            add_source(session, slow, interval_minutes=60)
            add_source(session, plain, interval_minutes=60)
        started = utcnow()
        report = fetch_sources(store, load_settings(), full_text=False)
    assert not report.failed
    with store.session() as session:
        due = {s.url: s.next_due_at - started for s in session.query(Source)}
    assert timedelta(minutes=179) < due[slow] < timedelta(minutes=181)
    assert timedelta(minutes=59) < due[plain] < timedelta(minutes=61)

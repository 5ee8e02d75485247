"""Resource limits hit by a hostile or oversized feed are enforced end to end and recorded.

Real loopback HTTP server, real store (SQLite and PostgreSQL), the real fetch stage.
"""

from __future__ import annotations

from sqlalchemy import func, select

from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.store import Article, Fetch, Source, Store
from newsdesk.store.sources import add_source, list_health
from newsdesk.store.storable import MAX_TEXT_CHARS
from tests.feedfactory import rss
from tests.feedserver import FeedServer

HUGE_FEED_ITEMS = 5_000


def _add(store: Store, url: str) -> int:
    with store.session() as session:
        return add_source(session, url)[0].id


def _one_item_feed(body: str, *, base: str = "https://news.example") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Long</title>'
        f"<link>{base}/</link><item><title>Long read</title><link>{base}/story/1</link>"
        f"<guid>{base}/id/1</guid><description><![CDATA[{body}]]></description></item>"
        "</channel></rss>"
    ).encode()


def test_feed_of_five_thousand_items_stores_max_items_and_warns_on_the_source(
    store: Store, feed_server: FeedServer
) -> None:
    source_id = _add(store, feed_server.route("/huge.xml", rss(range(HUGE_FEED_ITEMS), full=False)))
    settings = load_settings()
    report = fetch_sources(store, settings, full_text=False)
    limit = settings.fetch.max_items
    with store.session() as session:
        stored = session.scalar(select(func.count()).select_from(Article))
        source = session.get(Source, source_id)
        history = session.scalars(select(Fetch)).one()
        health = list_health(session)[0]
    assert limit < HUGE_FEED_ITEMS and stored == limit
    assert report.outcomes[0].ok and source.status == "ok" and source.last_error is None
    expected = f"warning: kept the first {limit} of {HUGE_FEED_ITEMS} items"
    assert source.last_warning == expected
    assert history.warning == expected and history.error is None
    assert health.as_json()["last_warning"] == expected


def test_a_later_fetch_within_the_limits_clears_the_warning(
    store: Store, feed_server: FeedServer
) -> None:
    source_id = _add(store, feed_server.route("/feed.xml", rss(range(1_200), full=False)))
    fetch_sources(store, load_settings(), full_text=False)
    feed_server.route("/feed.xml", rss(range(10), full=False))
    fetch_sources(store, load_settings(), force=True, full_text=False)
    with store.session() as session:
        source = session.get(Source, source_id)
        warnings = session.scalars(select(Fetch.warning).order_by(Fetch.id)).all()
    assert source.last_warning is None
    assert warnings[0] is not None and warnings[1] is None


def test_over_long_feed_text_is_cut_at_the_cap_with_a_note(
    store: Store, feed_server: FeedServer
) -> None:
    words = "The drone maker said it would hire more engineers this year. "
    body = "<p>" + words * (MAX_TEXT_CHARS // len(words) + 500) + "</p>"
    source_id = _add(store, feed_server.route("/long.xml", _one_item_feed(body)))
    fetch_sources(store, load_settings(), full_text=False)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        source = session.get(Source, source_id)
    assert len(article.text) == MAX_TEXT_CHARS
    assert article.text_note.startswith(f"text cut to the first {MAX_TEXT_CHARS:,} of ")
    assert source.last_warning == "warning: cut the text of 1 article at the length cap"
    assert source.status == "ok"


def test_over_long_article_page_is_cut_at_the_cap_with_a_note(
    store: Store, feed_server: FeedServer
) -> None:
    paragraph = "<p>In week {n} the drone maker said it would hire {n} more engineers again.</p>"
    page = (
        "<html><head><title>Story 1</title></head><body><article><h1>Story 1</h1>"
        + "".join(paragraph.format(n=n) for n in range(3_500))
        + "</article></body></html>"
    ).encode()
    base = feed_server.url("").rstrip("/")
    feed_server.route("/story/1", page, headers={"Content-Type": "text/html; charset=utf-8"})
    _add(store, feed_server.route("/feed.xml", rss([1], base=base, full=False)))
    fetch_sources(store, load_settings(), full_text=True)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert article.text_origin == "extracted"
    assert len(article.text) == MAX_TEXT_CHARS
    assert article.text_note.startswith(f"text cut to the first {MAX_TEXT_CHARS:,} of ")

"""The fetch stage end to end: real HTTP server, real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.store import Article, Fetch, Source, Store
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer


def _add(store: Store, *urls: str) -> list[int]:
    with store.session() as session:
        return [add_source(session, url)[0].id for url in urls]


def _count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0


def _source(store: Store, source_id: int) -> Source:
    with store.session() as session:
        return session.get(Source, source_id)


def test_fetch_stores_every_item_once_and_uses_conditional_get(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed.xml", rss(range(20)), etag='"v1"')
    (source_id,) = _add(store, url)
    first = fetch_sources(store, load_settings(), full_text=False)
    second = fetch_sources(store, load_settings(), force=True, full_text=False)
    assert first.new_articles == 20 and _count(store) == 20
    assert second.outcomes[0].not_modified and second.new_articles == 0
    assert feed_server.requests_for("/feed.xml")[1].headers.get("if-none-match") == '"v1"'
    health = _source(store, source_id)
    assert (health.status, health.last_error, health.feed_kind) == ("ok", None, "rss20")


def test_articles_are_normalised(store: Store, feed_server: FeedServer) -> None:
    _add(store, feed_server.route("/feed.xml", rss([1])))
    fetch_sources(store, load_settings(), full_text=False)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert article.url == "https://news.example/story/1"  # tracking parameter stripped
    assert article.title == "Story 1"
    assert article.language == "en"
    assert article.published_at.isoformat() == "2026-11-01T09:00:00+00:00"
    assert article.text.startswith("Full text of story 1.")
    assert article.text_origin == "feed"
    assert article.raw  # the original entry is kept for re-processing


def test_one_broken_source_never_stops_the_others(store: Store, feed_server: FeedServer) -> None:
    good = feed_server.route("/good.xml", rss(range(5)))
    broken = {
        "/404": feed_server.route("/404", b"gone", status=404),
        "/410": feed_server.route("/410", b"gone", status=410),
        "/500": feed_server.route("/500", b"oops", status=500),
        "/html": feed_server.route(
            "/html",
            b"<!doctype html><html><body>Hello</body></html>",
            headers={"Content-Type": "text/html"},
        ),
        "/garbage": feed_server.route("/garbage", b"\x00\x01 not xml at all {"),
        "/json": feed_server.route(
            "/json",
            b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1"',
            headers={"Content-Type": "application/feed+json"},
        ),
    }
    dead = "http://127.0.0.1:9/feed.xml"
    ids = _add(store, good, *broken.values(), dead)
    report = fetch_sources(store, load_settings(), full_text=False)
    assert report.new_articles == 5
    errors = {o.url: o.error for o in report.outcomes}
    assert errors[good] is None
    assert "404" in errors[broken["/404"]] and "410" in errors[broken["/410"]]
    assert "500" in errors[broken["/500"]]
    assert "html" in errors[broken["/html"]].lower()
    assert errors[broken["/json"]] and errors[broken["/garbage"]]
    assert "refused" in errors[dead].lower()
    for source_id in ids[1:]:
        source = _source(store, source_id)
        assert source.status == "failing" and source.last_error and source.consecutive_failures == 1
        assert source.next_due_at > source.last_fetched_at


def test_a_fault_that_clears_picks_up_exactly_the_missing_items(
    store: Store, feed_server: FeedServer
) -> None:
    url = feed_server.route("/feed.xml", rss(range(10)))
    _add(store, url)
    fetch_sources(store, load_settings(), full_text=False)
    feed_server.route("/feed.xml", b"<rss><channel><item><title>trunc", status=500)
    failed = fetch_sources(store, load_settings(), force=True, full_text=False)
    assert failed.failed and _count(store) == 10
    feed_server.route("/feed.xml", rss(range(5, 25)))
    again = fetch_sources(store, load_settings(), force=True, full_text=False)
    assert again.new_articles == 15 and _count(store) == 25


def test_timeouts_and_oversized_bodies_are_recorded(store: Store, feed_server: FeedServer) -> None:
    slow = feed_server.route("/slow", rss([1]), delay=3)
    endless = feed_server.route("/endless", b"<rss>" + b"x" * 4096, endless=True)
    settings = load_settings()
    limits = replace(settings.fetch, read_timeout=1, total_timeout=2, max_body_bytes=64 * 1024)
    _add(store, slow, endless)
    report = fetch_sources(store, replace(settings, fetch=limits), full_text=False)
    errors = {o.url: o.error for o in report.outcomes}
    assert "timed out" in errors[slow]
    assert "larger than" in errors[endless]


def test_fetch_history_is_kept(store: Store, feed_server: FeedServer) -> None:
    _add(store, feed_server.route("/feed.xml", rss(range(3))))
    fetch_sources(store, load_settings(), full_text=False)
    fetch_sources(store, load_settings(), force=True, full_text=False)
    with store.session() as session:
        history = session.scalars(select(Fetch).order_by(Fetch.id)).all()
    assert [(h.items_seen, h.items_new) for h in history] == [(3, 3), (3, 0)]


def test_summary_only_items_get_their_page_text_extracted(
    store: Store, feed_server: FeedServer
) -> None:
    page = (
        "<html><head><title>Story 1</title></head><body><article><h1>Story 1</h1>"
        + "".join(
            f"<p>Paragraph {i} of the full article, with enough words to count as text.</p>"
            for i in range(12)
        )
        + "</article></body></html>"
    ).encode()
    base = feed_server.url("").rstrip("/")
    feed_server.route("/story/1", page, headers={"Content-Type": "text/html; charset=utf-8"})
    _add(store, feed_server.route("/feed.xml", rss([1], base=base, full=False)))
    report = fetch_sources(store, load_settings(), full_text=True)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert report.extracted == 1
    assert article.text_origin == "extracted"
    assert "Paragraph 11 of the full article" in article.text


def test_many_sources_are_stored_in_groups_with_each_outcome_kept(
    store: Store, feed_server: FeedServer
) -> None:
    urls = [feed_server.route(f"/feed{n}.xml", rss(range(n, n + 4))) for n in range(30)]
    broken = feed_server.route("/broken.xml", b"<!doctype html><html><body>no</body></html>")
    _add(store, *urls, broken)
    report = fetch_sources(store, load_settings(), full_text=False)
    assert len(report.outcomes) == 31
    assert [o.url for o in report.failed] == [broken]
    assert report.new_articles == _count(store) == 120  # identity is per source
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Fetch)) == 31

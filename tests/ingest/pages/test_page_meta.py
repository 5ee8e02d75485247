"""What a page says it is (section, schema.org types) and what a source is called, from a
real HTTP server into the real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from sqlalchemy import select

from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.ingest.pages.page_meta import MAX_SCRIPT_CHARS, page_meta
from newsdesk.store import Article, Source, Store
from newsdesk.store.sources import add_source, is_placeholder_title
from tests.feedfactory import rss
from tests.feedserver import FeedServer

COLUMN_LD = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebPage", "name": "Why the court got it right"},
    {"@type": ["OpinionNewsArticle"], "articleSection": "Columnists",
     "author": {"@type": "Person", "name": "Jane Doe"}}]}


def _page(head: str) -> bytes:
    paragraphs = "".join(f"<p>Paragraph {i} of the column, with enough words to count as text.</p>"
                         for i in range(12))
    return (f"<html><head><title>Story 1</title>{head}</head><body><article>"
            f"<h1>Story 1</h1>{paragraphs}</article></body></html>").encode()


def test_the_section_and_the_article_types_are_read_from_meta_tags_and_json_ld() -> None:
    head = (f'<meta content="Opinion &amp; Analysis" property="article:section">'
            f'<script type="application/ld+json">{json.dumps(COLUMN_LD)}</script>')
    assert page_meta(head) == {"section": "Opinion & Analysis", "types": ["OpinionNewsArticle"]}
    ld_only = f'<script type="application/ld+json">{json.dumps(COLUMN_LD)}</script>'
    assert page_meta(ld_only) == {"section": "Columnists", "types": ["OpinionNewsArticle"]}


def test_pages_that_say_nothing_or_nonsense_give_no_metadata() -> None:
    assert page_meta("<html><head><title>A page</title></head></html>") is None
    broken = '<script type="application/ld+json">{"@type": "OpinionNewsArticle",</script>'
    assert page_meta(broken) is None
    people_only = '<script type="application/ld+json">{"@type": "Person", "name": "X"}</script>'
    assert page_meta(people_only) is None
    huge = ('<script type="application/ld+json">{"@type": "OpinionNewsArticle", "x": "'
            + "a" * MAX_SCRIPT_CHARS + '"}</script>')
    assert page_meta(huge) is None  # not parsed at all
    deep = '<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>"
    assert page_meta(deep) is None


def test_an_extracted_page_stores_what_it_says_it_is(store: Store, feed_server: FeedServer) -> None:
    head = ('<meta property="article:section" content="Opinion">'
            f'<script type="application/ld+json">{json.dumps(COLUMN_LD)}</script>')
    base = feed_server.url("").rstrip("/")
    feed_server.route("/story/1", _page(head), headers={"Content-Type": "text/html; charset=utf-8"})
    with store.session() as session:
        add_source(session, feed_server.route("/feed.xml", rss([1], base=base, full=False)))
    assert fetch_sources(store, load_settings(), full_text=True).extracted == 1
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        assert article.page_meta == {"section": "Opinion", "types": ["OpinionNewsArticle"]}


def test_a_placeholder_title_from_an_opml_file_gives_way_to_the_channel_title(
    store: Store, feed_server: FeedServer
) -> None:
    named = feed_server.route("/named.xml", rss([1], title="The Daily Ledger"))
    kept = feed_server.route("/kept.xml", rss([2], title="Channel Name"))
    with store.session() as session:
        placeholder = add_source(session, named, title="feed 12")[0].id
        chosen = add_source(session, kept, title="Ledger Politics")[0].id
    fetch_sources(store, load_settings(), full_text=False)
    with store.session() as session:
        assert session.get(Source, placeholder).title == "The Daily Ledger"
        assert session.get(Source, chosen).title == "Ledger Politics"  # the user's name stays


def test_placeholder_titles_are_told_from_outlet_names() -> None:
    for title in (None, "", "feed 12", "Feed", "RSS", "untitled", "Source #3", "New feed 2"):
        assert is_placeholder_title(title), title
    for title in ("Feedback Weekly", "Reuters", "RSS Daily News", "12 News Now", "Atom Bomb Blog"):
        assert not is_placeholder_title(title), title

"""parse_feed on our own small fixtures: every format, its fields, and the quirks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsdesk.ingest.feeds.parse import (
    Enclosure,
    FeedEntry,
    FeedError,
    entry_identity,
    is_summary_only,
    parse_feed,
)

FEED_URL = "https://fixture.example/feed"
Read = Callable[[str], bytes]


def test_rss20_entry_fields_are_normalised(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss20.xml"), url=FEED_URL)
    assert (feed.kind, feed.title, feed.language) == ("rss20", "Desk Wire", "en-gb")
    assert feed.link == "https://news.example.com/"
    assert feed.self_url == "https://news.example.com/feed.xml"
    first = feed.entries[0]
    assert first.guid == "desk-wire-1001"
    assert first.link == "https://fixture.example/2024/05/plant?id=7"
    assert first.authors == ["Ada Lovelace"]
    assert first.categories == ["Tech", "Industry"]
    assert first.summary == "A short teaser…"
    assert first.content == "<p>The full story of the plant.</p>"
    assert first.published == datetime(2024, 5, 7, 7, 30, tzinfo=UTC)
    assert first.published_raw == "Tue, 07 May 2024 09:30:00 +0200"
    assert first.enclosures == [Enclosure("https://cdn.example.com/plant.jpg", "image/jpeg",
                                          12345)]
    assert first.raw["title"] == "Chip maker opens plant"


def test_rss20_entry_without_seconds_in_its_date_is_read(feed_bytes: Read) -> None:
    second = parse_feed(feed_bytes("rss20.xml")).entries[1]
    assert second.published == datetime(2024, 5, 7, 10, 0, tzinfo=UTC)
    assert second.guid is None


def test_rss091_is_kind_rss09x_and_decoded_as_latin1(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss091.xml"))
    assert (feed.kind, feed.encoding, feed.title) == ("rss09x", "iso8859-1", "Old School")
    assert feed.entries[0].summary == "Hello from 1999."
    assert feed.entries[0].language == "en-us"


def test_rss10_rdf_reads_dublin_core_fields(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss10.rdf"))
    entry = feed.entries[0]
    assert (feed.kind, feed.language) == ("rss10", "de")
    assert (entry.title, entry.authors, entry.categories) == ("Erster Artikel", ["Grete"],
                                                              ["Politik"])
    assert entry.published == datetime(2024, 5, 7, 6, 0, tzinfo=UTC)


def test_atom10_resolves_xml_base_and_keeps_summary_and_content_apart(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("atom10.xml"))
    first, second = feed.entries
    assert (feed.kind, feed.language, feed.self_url) == (
        "atom10", "fr", "https://atom.example.net/feed.atom")
    assert first.link == "https://atom.example.net/blog/posts/1"
    assert first.authors == ["Marie", "Pierre"]
    assert (first.summary, first.content) == ("Résumé court.", "<p>Texte complet.</p>")
    assert first.published == datetime(2024, 5, 7, 8, 0, tzinfo=UTC)
    assert first.updated == datetime(2024, 5, 7, 9, 0, tzinfo=UTC)
    assert first.enclosures == [Enclosure("https://atom.example.net/a.mp3", "audio/mpeg", 999)]
    assert first.language == "fr"
    assert second.language == "en"


def test_atom_entry_with_only_updated_uses_it_as_published(feed_bytes: Read) -> None:
    second = parse_feed(feed_bytes("atom10.xml")).entries[1]
    assert second.published_raw == "2024-05-08T09:00:00Z"
    assert second.published == second.updated == datetime(2024, 5, 8, 9, tzinfo=UTC)
    assert second.summary is None


def test_atom03_is_read(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("atom03.xml"))
    assert (feed.kind, feed.title) == ("atom03", "Atom Zero Three")
    assert feed.entries[0].published == datetime(2004, 6, 2, 23, 7, 55, tzinfo=UTC)


def test_json_feed_11_items_are_normalised(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("json11.json"))
    first, second = feed.entries
    assert (feed.kind, feed.language, feed.self_url) == (
        "json11", "zh-CN", "https://json.example.com/feed.json")
    assert first.guid == "42"
    assert first.link == "https://json.example.com/posts/42?page=2"
    assert first.content == "全文 &lt;不是HTML&gt; 内容"
    assert first.summary == "摘要"
    assert first.authors == ["编辑部"]
    assert first.categories == ["科技", "产业"]
    assert first.published == datetime(2024, 5, 7, 1, 30, tzinfo=UTC)  # zoneless: UTC+8
    assert first.enclosures == [Enclosure("https://json.example.com/a.png", "image/png", 2048)]
    assert second.link is None
    assert second.published == datetime(2024, 5, 7, 1, 0, tzinfo=UTC)


def test_json_feed_10_reads_the_singular_author(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("json10.json"))
    assert feed.kind == "json10"
    assert feed.entries[0].authors == ["Solo Writer"]
    assert feed.entries[0].published == datetime(2017, 5, 17, 15, 2, 12, tzinfo=UTC)


def test_atom_served_as_rss_is_detected_by_content(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("atom10.xml"), content_type="application/rss+xml")
    assert feed.kind == "atom10"


def test_junk_before_the_root_is_dropped_with_a_warning(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("junk-before-root.xml"))
    assert feed.entries[0].title == "Still read"
    assert any("junk before the root" in warning for warning in feed.warnings)


def test_phpxml_prolog_is_repaired(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("phpxml.xml"))
    assert feed.title == "PHP XML"
    assert feed.warnings == ["repaired a malformed XML declaration"]


def test_broken_xml_is_read_leniently_with_a_warning(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss-broken.xml"))
    assert [entry.title for entry in feed.entries] == ["Unescaped & ampersand", "Second"]
    assert feed.warnings[0].startswith("XML not well-formed, read leniently")


def test_max_items_truncates_with_a_warning(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss20.xml"), max_items=1)
    assert len(feed.entries) == 1
    assert "kept the first 1 of 2 items" in feed.warnings


@pytest.mark.parametrize(("body", "message"), [
    (b"", "not a feed: empty body"),
    (b"  \r\n ", "not a feed: empty body"),
    (b"just some words", "not a feed: no XML root element found"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "truncated or invalid JSON"),
    (b'{"hello": "world"}', "not a feed: JSON document has no JSON Feed version"),
    (b"[1, 2]", "not a feed: JSON document is not an object"),
    (b"<catalog><book/></catalog>", "not a feed: unexpected root element <catalog>"),
    (b"<opml version='2.0'><body/></opml>", "not a feed: got an OPML subscription list"),
])
def test_bodies_that_are_not_feeds_raise_one_line_feed_errors(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message) as caught:
        parse_feed(body)
    assert "\n" not in str(caught.value)


def test_html_page_is_refused_as_not_a_feed(feed_bytes: Read) -> None:
    with pytest.raises(FeedError, match=r"^not a feed: got an HTML page \(<html>\)$"):
        parse_feed(feed_bytes("html-page.html"))


def make_entry(**fields: object) -> FeedEntry:
    """A FeedEntry with empty defaults for the fields a test does not care about."""
    values: dict = dict(guid=None, link=None, title=None, authors=[], categories=[],
                        summary=None, content=None, published=None, published_raw=None,
                        updated=None, language=None, enclosures=[], raw={})
    values.update(fields)
    return FeedEntry(**values)


def test_entry_identity_prefers_guid_then_link_then_content_hash() -> None:
    assert entry_identity(make_entry(guid="g1", link="https://a.example/1")) == "g1"
    assert entry_identity(make_entry(link="https://a.example/1")) == "https://a.example/1"
    hashed = entry_identity(make_entry(title="T", summary="S"))
    assert hashed.startswith("sha1:") and len(hashed) == 45
    assert hashed == entry_identity(make_entry(title="T", summary="S"))
    assert hashed != entry_identity(make_entry(title="T", summary="S2"))


def test_entry_identity_is_stable_across_two_parses(feed_bytes: Read) -> None:
    first = [entry_identity(entry) for entry in parse_feed(feed_bytes("rss20.xml")).entries]
    again = [entry_identity(entry) for entry in parse_feed(feed_bytes("rss20.xml")).entries]
    assert first == again == ["desk-wire-1001", "https://news.example.com/2024/05/no-guid"]


def test_summary_only_entries_are_recognised() -> None:
    long_text = "<p>" + "word " * 200 + "</p>"
    assert is_summary_only(make_entry())
    assert is_summary_only(make_entry(summary="A short teaser"))
    assert is_summary_only(make_entry(summary=long_text + "<a href='x'>Read more</a>"))
    assert is_summary_only(make_entry(summary="第一段" * 200 + "阅读全文"))
    assert not is_summary_only(make_entry(summary=long_text))
    assert not is_summary_only(make_entry(summary="teaser", content=long_text))


def test_non_positive_max_items_keeps_no_entries(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("json11.json"), max_items=-1)
    assert feed.entries == []
    assert "kept the first 0 of 2 items" in feed.warnings


def test_tag_soup_that_crashes_feedparser_is_repaired_and_read() -> None:
    # found by the fuzz tests: feedparser's lenient parser raises KeyError('links') here
    body = (b'<rss version="2.0"><channel><title>Soup</title><item><title>Item</title>'
            b"<link>L</title><item><title>Item</title><link>https://soup.example.com/1</link>"
            b"</item>https://soup.example.com/1</link></item></channel></rss>")
    feed = parse_feed(body)
    assert feed.title == "Soup"
    assert any(warning.startswith("feedparser failed (KeyError)") for warning in feed.warnings)

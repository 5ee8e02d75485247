"""The plain-RSS fast path: identical results to feedparser, and feedparser for the rest."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from newsdesk.ingest.feeds import xmlfeed
from newsdesk.ingest.feeds.charset import decode_feed_bytes
from newsdesk.ingest.feeds.parse import FeedError, parse_feed
from newsdesk.ingest.feeds.plainrss import read_plain_rss
from newsdesk.ingest.feeds.prolog import clean_prolog
from tests.conftest import shared_data_dir
from tests.feedfactory import rss
from tests.ingest.conftest import FEED_FIXTURES

FEED_URL = "https://fixture.example/feed"
CORPORA = ("feed-rs", "feedparser", "miniflux", "netnewswire")
Read = Callable[[str], bytes]


def cleaned(body: bytes) -> str:
    """The cleaned XML text read_xml_feed hands its readers."""
    return clean_prolog(decode_feed_bytes(body, None).text.lstrip("\ufeff \t\r\n")).text


def both_readings(body: bytes, url: str | None, monkeypatch: pytest.MonkeyPatch
                  ) -> tuple[object, object]:
    """parse_feed's result (as plain data, raw copies included) with and without the fast
    path; a FeedError counts as its message."""
    def reading() -> object:
        try:
            return dataclasses.asdict(parse_feed(body, url=url))
        except FeedError as error:
            return str(error)
    with_fast_path = reading()
    with monkeypatch.context() as patch:
        patch.setattr(xmlfeed, "read_plain_rss", lambda text, url: None)
        feedparser_only = reading()
    return with_fast_path, feedparser_only


def test_the_benchmark_feed_takes_the_fast_path_and_reads_as_feedparser_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    body = rss(range(5), base="https://site.example")
    assert read_plain_rss(cleaned(body), FEED_URL) is not None
    fast, slow = both_readings(body, FEED_URL, monkeypatch)
    assert fast == slow
    assert len(fast["entries"]) == 5 and fast["entries"][0]["raw"]["title"] == "Story 0"


def test_a_fixture_with_every_plain_element_takes_the_fast_path(
        feed_bytes: Read, monkeypatch: pytest.MonkeyPatch) -> None:
    body = feed_bytes("rss20.xml")
    assert read_plain_rss(cleaned(body), FEED_URL) is not None
    fast, slow = both_readings(body, FEED_URL, monkeypatch)
    assert fast == slow


def test_a_malformed_feed_falls_back_to_feedparser_and_keeps_its_entries(
        feed_bytes: Read) -> None:
    body = feed_bytes("rss-broken.xml")
    assert read_plain_rss(cleaned(body), FEED_URL) is None
    feed = parse_feed(body, url=FEED_URL)
    assert [entry.title for entry in feed.entries] == ["Unescaped & ampersand", "Second"]
    assert any("not well-formed" in warning for warning in feed.warnings)


ITEM = "<title>T</title><link>https://a.example/1</link>"
NOT_PLAIN = {
    "xml:base": f'<item xml:base="https://b.example/">{ITEM}</item>',
    "xml:lang": '<item><title xml:lang="fr">T</title><link>https://a.example/1</link></item>',
    "unknown element": f"<item>{ITEM}<source url='https://s.example/'>S</source></item>",
    "media namespace": f"<item>{ITEM}<media:content url='https://m.example/a.jpg'/></item>",
    "nested markup": "<item><title>T</title><description><p>x</p></description></item>",
    "author address": f"<item>{ITEM}<dc:creator>ann@a.example (Ann)</dc:creator></item>",
    "repeated title": f"<item>{ITEM}<title>Again</title></item>",
    "empty element": f"<item>{ITEM}<description></description></item>",
    "second description": f"<item>{ITEM}<description>a</description>"
                          "<description>b</description></item>",
    "C1 character reference": f"<item>{ITEM}<description>don&#x92;t</description></item>",
    "atom alternate link": f"<atom:link rel='alternate' href='https://a.example/'/><item>{ITEM}</item>",
}


@pytest.mark.parametrize("case", sorted(NOT_PLAIN))
def test_anything_outside_the_plain_subset_is_left_to_feedparser(
        case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>F</title>'
        f"{NOT_PLAIN[case]}</channel></rss>"
    ).encode()
    assert read_plain_rss(cleaned(body), FEED_URL) is None
    fast, slow = both_readings(body, FEED_URL, monkeypatch)
    assert fast == slow
    assert fast["entries"]


def corpus_files(root: Path) -> list[Path]:
    """Every file of the shared feed corpora, and our own feed fixtures."""
    files = [path for corpus in CORPORA for path in sorted((root / "feeds" / corpus).rglob("*"))
             if path.is_file()]
    return files + sorted(FEED_FIXTURES.glob("*"))


@pytest.mark.shared
@pytest.mark.parametrize("url", [FEED_URL, None])
def test_every_corpus_feed_reads_the_same_with_and_without_the_fast_path(
        shared_data: Path, url: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    taken, differing = 0, []
    for path in corpus_files(shared_data_dir()):
        body = path.read_bytes()
        try:
            taken += read_plain_rss(cleaned(body), url) is not None
        except FeedError:
            pass  # not a feed at all: parse_feed refuses it either way
        fast, slow = both_readings(body, url, monkeypatch)
        if fast != slow:
            differing.append(str(path))
    assert differing == []
    assert taken > 0  # the comparison above covered the fast path

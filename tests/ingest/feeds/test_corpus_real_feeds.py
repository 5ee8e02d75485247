"""Real feeds from NetNewsWire and miniflux: all parse cleanly; each known quirk is handled."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.ingest.feeds.parse import FeedError, ParsedFeed, parse_feed
from tests.ingest.conftest import shared_feed_files

pytestmark = pytest.mark.shared

NOT_FEEDS = (".html", ".txt", ".opml", "-result", "LICENSE")
NETNEWSWIRE = shared_feed_files("netnewswire", "*")
MINIFLUX = shared_feed_files("miniflux", "*")
# Documents in these folders that are not feeds, and what parse_feed says about them.
NOT_A_FEED = {
    "RSParser/allthis-partial.json": "truncated or invalid JSON Feed",
    "xml/iso88591.xml": "unexpected root element <note>",
    "xml/iso88591_utf8_mismatch.xml": "unexpected root element <note>",
}


def read_shared(shared_data: Path, corpus: str, relative: str) -> bytes:
    """The bytes of one shared feed file."""
    return (shared_data / "feeds" / corpus / relative).read_bytes()


def assert_parses_or_refuses(body: bytes, relative: str) -> None:
    """A feed parses with entries; an HTML page or other non-feed raises FeedError."""
    if relative in NOT_A_FEED:
        with pytest.raises(FeedError, match=NOT_A_FEED[relative]):
            parse_feed(body)
    elif relative.endswith(NOT_FEEDS):
        with pytest.raises(FeedError, match="not a feed"):
            parse_feed(body)
    else:
        feed = parse_feed(body, url="https://example.org/feed")
        assert isinstance(feed, ParsedFeed)
        assert feed.title or feed.entries
        for entry in feed.entries:
            json.dumps(entry.raw)  # raw copies must be storable as JSON
            assert entry.published is None or entry.published.utcoffset() == timedelta(0)


@pytest.mark.parametrize("relative", NETNEWSWIRE)
def test_netnewswire_file_parses_or_is_refused_as_not_a_feed(shared_data: Path,
                                                            relative: str) -> None:
    assert_parses_or_refuses(read_shared(shared_data, "netnewswire", relative), relative)


@pytest.mark.parametrize("relative", MINIFLUX)
def test_miniflux_file_parses_or_is_refused_as_not_a_feed(shared_data: Path,
                                                         relative: str) -> None:
    assert_parses_or_refuses(read_shared(shared_data, "miniflux", relative), relative)


def rsparser(shared_data: Path, name: str) -> ParsedFeed:
    """Parse one NetNewsWire RSParser test feed."""
    return parse_feed(read_shared(shared_data, "netnewswire", f"RSParser/{name}"))


def test_daring_fireball_rss_file_is_read_as_atom(shared_data: Path) -> None:
    feed = rsparser(shared_data, "DaringFireball.rss")
    assert feed.kind == "atom10"
    assert feed.title == "Daring Fireball"
    assert len(feed.entries) == 47


def test_allthis_atom_file_is_read_as_rss(shared_data: Path) -> None:
    feed = rsparser(shared_data, "allthis.atom")
    assert feed.kind == "rss20"
    assert feed.title == "And now it’s all this"
    assert len(feed.entries) == 12


def test_phpxml_declaration_is_repaired(shared_data: Path) -> None:
    feed = rsparser(shared_data, "phpxml.rss")
    assert feed.kind == "rss20"
    assert len(feed.entries) == 20
    assert "repaired a malformed XML declaration" in feed.warnings


def test_macworld_whitespace_before_root_is_ignored(shared_data: Path) -> None:
    body = read_shared(shared_data, "netnewswire", "RSParser/macworld.rss")
    assert body[:1].isspace()
    feed = parse_feed(body)
    assert feed.title == "Macworld"
    assert len(feed.entries) == 30


def test_donthitsave_byte_order_mark_is_skipped(shared_data: Path) -> None:
    body = read_shared(shared_data, "netnewswire", "RSParser/donthitsave.xml")
    assert body.startswith(b"\xef\xbb\xbf")
    feed = parse_feed(body)
    assert feed.title == "Don't Hit Save"
    assert feed.encoding == "utf-8"
    assert len(feed.entries) == 10


def test_truncated_json_feed_raises_feed_error(shared_data: Path) -> None:
    with pytest.raises(FeedError, match="^truncated or invalid JSON Feed: "):
        rsparser(shared_data, "allthis-partial.json")


def test_rss_in_json_is_read_with_rss_element_names(shared_data: Path) -> None:
    feed = rsparser(shared_data, "ScriptingNews.json")
    assert feed.kind == "rss-json"
    assert feed.title == "Scripting News"
    assert len(feed.entries) == 50
    first = feed.entries[0]
    assert first.guid == "http://scripting.com/2017/06/26.html#a080605"
    assert first.link == "http://scripting.com/2017/06/26.html"
    assert first.published == datetime(2017, 6, 26, 12, 20, 5, tzinfo=UTC)


def test_kc0011_gb2312_feed_dates_are_read_as_china_time(shared_data: Path) -> None:
    feed = rsparser(shared_data, "kc0011.rss")
    assert feed.encoding == "gb18030"
    assert feed.language == "zh-cn"
    assert feed.title == "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文"
    first = feed.entries[0]
    assert first.published_raw == "2020/1/10 14:33:00"
    assert first.published == datetime(2020, 1, 10, 6, 33, tzinfo=UTC)
    assert all(entry.published is not None for entry in feed.entries)


def test_miniflux_windows_1251_feed_is_decoded(shared_data: Path) -> None:
    feed = parse_feed(read_shared(shared_data, "miniflux", "parser/encoding_WINDOWS-1251.xml"))
    assert feed.encoding == "cp1251"
    assert feed.title == "iBash.Org.Ru"
    assert any("Ы" in (entry.content or entry.summary or "") or
               "а" in (entry.content or entry.summary or "") for entry in feed.entries)


def test_miniflux_koi8r_feed_is_decoded(shared_data: Path) -> None:
    feed = parse_feed(read_shared(shared_data, "miniflux", "xml/koi8r.xml"))
    assert feed.encoding == "koi8-r"
    assert feed.title == "Пример RSS ленты"


def test_miniflux_utf8_bytes_under_a_latin1_declaration_are_read_as_utf8(
        shared_data: Path) -> None:
    feed = parse_feed(read_shared(shared_data, "miniflux", "encoding/utf8-incorrect-prolog.xml"))
    assert feed.encoding == "utf-8"
    assert feed.title == "테스트 피드"
    assert any("but the bytes are UTF-8" in warning for warning in feed.warnings)

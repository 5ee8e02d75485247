"""parse_feed decodes legacy and Unicode encodings and settles charset conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsdesk.ingest.feeds.parse import parse_feed

Read = Callable[[str], bytes]


@pytest.mark.parametrize(("name", "encoding", "title", "item"), [
    ("gb2312.xml", "gb18030", "中文新闻", "芯片工厂开工"),
    ("big5.xml", "big5hkscs", "中文新聞", "晶片工廠開工"),
    ("windows-1251.xml", "cp1251", "Новости", "Завод открыт"),
    ("koi8-r.xml", "koi8-r", "Новости", "Завод открыт"),
    ("iso-8859-1.xml", "iso8859-1", "Café Nachrichten", "Übergröße"),
    ("utf16le-bom.xml", "utf-16-le", "UTF-16 feed", "Grüße"),
    ("utf32be.xml", "utf-32-be", "UTF-32 feed", "Grüße"),
    ("utf8-bom.xml", "utf-8", "BOM feed", "Grüße"),
])
def test_feed_in_each_encoding_is_decoded(feed_bytes: Read, name: str, encoding: str,
                                          title: str, item: str) -> None:
    feed = parse_feed(feed_bytes(name))
    assert (feed.encoding, feed.title, feed.entries[0].title) == (encoding, title, item)
    assert feed.warnings == []


def test_chinese_feed_zoneless_dates_are_china_time(feed_bytes: Read) -> None:
    entry = parse_feed(feed_bytes("gb2312.xml")).entries[0]
    assert entry.published_raw == "2020/1/10 14:33:00"
    assert entry.published == datetime(2020, 1, 10, 6, 33, tzinfo=UTC)


def test_english_feed_zoneless_dates_are_utc(feed_bytes: Read) -> None:
    entry = parse_feed(feed_bytes("koi8-r.xml")).entries[0]
    assert entry.published == datetime(2020, 1, 10, 14, 33, tzinfo=UTC)


def test_utf8_bytes_declared_latin1_are_read_as_utf8(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("utf8-declared-latin1.xml"))
    assert (feed.encoding, feed.title) == ("utf-8", "Déclaré faux")
    assert feed.warnings == ["declared encoding iso8859-1 but the bytes are UTF-8"]


def test_windows_1252_bytes_declared_utf8_are_recovered(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("cp1252-declared-utf8.xml"))
    assert (feed.encoding, feed.title) == ("cp1252", "Smart “quotes”")
    assert feed.entries[0].title == "It’s here"
    assert "declared encoding utf-8 does not fit the bytes" in feed.warnings


def test_http_charset_overrides_the_xml_declaration(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("http-charset-koi8r.xml"),
                      content_type="application/rss+xml; charset=KOI8-R")
    assert (feed.encoding, feed.title) == ("koi8-r", "Новости")


def test_unknown_declared_encoding_is_a_warning_not_an_error() -> None:
    body = b'<?xml version="1.0" encoding="bogus"?><rss version="2.0"><channel>' \
           b"<title>Plain</title></channel></rss>"
    feed = parse_feed(body)
    assert feed.title == "Plain"
    assert feed.warnings == ["unknown encoding 'bogus' declared"]


def test_feed_served_as_text_plain_is_read_with_a_warning(feed_bytes: Read) -> None:
    feed = parse_feed(feed_bytes("rss20.xml"), url="https://fixture.example/feed",
                      content_type="text/plain; charset=utf-8")
    assert feed.title == "Desk Wire"
    assert feed.warnings == ["served as text/plain, not a feed media type"]

"""canonical_url gives one spelling per article URL; non-http URLs are refused."""

from __future__ import annotations

import pytest

from newsdesk.ingest.urls import InvalidURLError, canonical_url, url_host


@pytest.mark.parametrize(("url", "expected"), [
    ("HTTP://Example.COM:80/a", "http://example.com/a"),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("https://example.com/a#section", "https://example.com/a"),
    ("https://x.com/#!/user/status/1", "https://x.com/#!/user/status/1"),
    ("https://example.com/a/./b/../c", "https://example.com/a/c"),
    ("https://user:pw@example.com/a", "https://example.com/a"),
    ("https://münchen.de/über uns", "https://xn--mnchen-3ya.de/%C3%BCber%20uns"),
    ("https://example.com/a?utm_source=rss&id=3&utm_medium=feed&fbclid=x&b=2",
     "https://example.com/a?id=3&b=2"),
    ("https://example.com/a?gclid=1&mc_cid=2&mc_eid=3&igshid=4&spm=5&ref_src=twsrc",
     "https://example.com/a"),
    ("https://example.com/a?from=timeline&ref=rss", "https://example.com/a"),
    ("https://github.com/o/r/blob/x?ref=main&from=2020", "https://github.com/o/r/blob/x?ref=main&from=2020"),
    ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
    ("  https://example.com/a\n", "https://example.com/a"),
    ("//cdn.example.com/x.png", "https://cdn.example.com/x.png"),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
])
def test_urls_are_canonicalised(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_relative_urls_are_resolved_against_the_base() -> None:
    base = "https://news.example.com/section/page.html"
    assert canonical_url("../other?utm_campaign=x", base) == "https://news.example.com/other"
    assert canonical_url("item/2", base) == "https://news.example.com/section/item/2"


@pytest.mark.parametrize("url", ["mailto:desk@example.com", "javascript:alert(1)",
                                 "ftp://example.com/f", "tag:example.com,2024:1", "/relative",
                                 "", "http://", "http://exa mple.com/", "http://example.com:99999/"])
def test_non_article_urls_raise_invalid_url_error(url: str) -> None:
    with pytest.raises(InvalidURLError):
        canonical_url(url)


def test_invalid_url_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an http"):
        canonical_url("mailto:x@example.com")


def test_url_host_is_the_publisher_host() -> None:
    assert url_host("https://WWW.Example.co.uk:443/a?b=1") == "example.co.uk"
    assert url_host("http://news.example.com/") == "news.example.com"

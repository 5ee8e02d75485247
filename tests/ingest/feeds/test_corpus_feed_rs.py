"""feed-rs fixtures: our titles, links and dates agree with feed-rs's expected output."""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path

import pytest

from newsdesk.ingest.feeds.parse import FeedError, ParsedFeed, parse_feed
from newsdesk.ingest.urls import InvalidURLError, canonical_url
from tests.ingest.conftest import shared_feed_files

pytestmark = pytest.mark.shared

EXPECTATIONS = shared_feed_files("feed-rs", "*.serde.json")
# feed-rs sources that have no expectation file: what they must do instead.
NO_EXPECTATION = {
    "rss2/rss_2.0_invalid_1.xml": "entries",  # truncated Reuters feed: read leniently
    "xml/xml_iso8859.xml": "entries",
    "xml/xml_sample_1.xml": "error",  # a <catalog> document, not a feed
    "xml/xml_sample_2.xml": "error",
}


def source_for(expectation: Path) -> Path:
    """The feed file an expectation file describes."""
    stem = expectation.name.removesuffix(".serde.json")
    candidates = [path for path in expectation.parent.glob(stem + ".*")
                  if not path.name.endswith(".serde.json")]
    assert len(candidates) == 1, candidates
    return candidates[0]


def text_of(field: dict | None) -> str | None:
    """The plain content of a feed-rs text construct."""
    if not field or field.get("content") is None:
        return None
    return " ".join(html.unescape(field["content"]).split()) or None


def first_link(links: list[dict]) -> str | None:
    """The first alternate (or untyped) link feed-rs found, canonicalised like ours."""
    for link in links:
        if link.get("rel") in (None, "alternate"):
            try:
                return canonical_url(link["href"])
            except InvalidURLError:
                return None
    return None


def same_text(ours: str | None, theirs: str | None) -> bool:
    """Titles agree once entities and whitespace are normalised."""
    normal = " ".join(html.unescape(ours).split()) if ours else None
    return normal == theirs


def feed_rs_date(entry: dict) -> datetime | None:
    """The entry date feed-rs found: published, else updated."""
    value = entry.get("published") or entry.get("updated")
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


@pytest.mark.parametrize("relative", EXPECTATIONS)
def test_feed_rs_titles_links_and_dates_match_expectations(shared_data: Path,
                                                           relative: str) -> None:
    expectation_path = shared_data / "feeds" / "feed-rs" / relative
    expected = json.loads(expectation_path.read_text(encoding="utf-8"))
    feed = parse_feed(source_for(expectation_path).read_bytes())
    assert same_text(feed.title, text_of(expected["title"])), (feed.title, expected["title"])
    assert len(feed.entries) == len(expected["entries"])
    for ours, theirs in zip(feed.entries, expected["entries"], strict=True):
        assert same_text(ours.title, text_of(theirs["title"])), (ours.title, theirs["title"])
        assert_links_agree(ours.link, first_link(theirs["links"]))
        assert_dates_agree(ours.published, feed_rs_date(theirs), ours.published_raw)


def assert_dates_agree(ours: datetime | None, theirs: datetime | None, raw: str | None) -> None:
    """Dates agree where feed-rs read one; we also read some it rejects (``+00:0``)."""
    if theirs is None:
        return
    assert ours == theirs, raw


def assert_links_agree(ours: str | None, theirs: str | None) -> None:
    """Links agree; feed-rs keeps relative links it cannot resolve, which we drop."""
    if theirs is None:
        return
    assert ours == theirs


@pytest.mark.parametrize("relative", sorted(NO_EXPECTATION))
def test_feed_rs_sources_without_expectations_parse_or_fail_cleanly(shared_data: Path,
                                                                    relative: str) -> None:
    body = (shared_data / "feeds" / "feed-rs" / relative).read_bytes()
    if NO_EXPECTATION[relative] == "error":
        with pytest.raises(FeedError, match="not a feed"):
            parse_feed(body)
    else:
        assert isinstance(parse_feed(body), ParsedFeed)

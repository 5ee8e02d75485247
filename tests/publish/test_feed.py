"""The Atom feed of editions re-parses cleanly and carries safe HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from newsdesk.publish.feed import ATOM_NS, render_atom, write_atom
from newsdesk.write.edition import Edition
from tests.publish.xss_vectors import executable_constructs

FEED_URL = "https://news.example/china/feed.xml"
SITE_URL = "https://news.example/china/"


def _feed(editions: list[Edition]) -> bytes:
    return render_atom(editions, feed_url=FEED_URL, site_url=SITE_URL, title="China Tech Weekly")


def test_feed_reparses_without_errors(editions: list[Edition]) -> None:
    parsed = feedparser.parse(_feed(editions))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "China Tech Weekly"
    assert parsed.feed.id == FEED_URL


def test_entries_are_newest_first_with_titles_links_and_dates(editions: list[Edition]) -> None:
    entries = feedparser.parse(_feed(editions)).entries
    assert [e.title for e in entries] == [editions[1].title, editions[0].title]
    assert entries[0].link == SITE_URL + "editions/china-tech-2025-w11/index.html"
    published = editions[1].published_at
    assert published is not None
    assert entries[0].updated == published.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entries[0].id.startswith("tag:news.example,2025-03-14:china-tech:")


def test_entry_ids_are_stable_across_renders(editions: list[Edition]) -> None:
    first = [e.id for e in feedparser.parse(_feed(editions)).entries]
    second = [e.id for e in feedparser.parse(_feed(editions[1:])).entries]
    assert first[0] == second[0]


def test_entry_content_is_sanitised_html_of_the_edition(editions: list[Edition]) -> None:
    root = ET.fromstring(_feed(editions))
    content = root.find(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}content")
    assert content is not None and content.get("type") == "html"
    html = content.text or ""
    assert executable_constructs(html) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Also worth your attention" in html
    assert 'href="https://technode.example/news/deepseek-r2"' in html


def test_control_characters_in_titles_keep_the_feed_valid(edition: Edition) -> None:
    edition.title = "Bad\x00 title\x0b with\x1f controls\r\n"
    parsed = feedparser.parse(_feed([edition]))
    assert parsed.bozo == 0
    assert parsed.entries[0].title == "Bad title with controls"


def test_empty_feed_is_still_valid() -> None:
    parsed = feedparser.parse(_feed([]))
    assert parsed.bozo == 0 and parsed.entries == []


def test_write_atom_writes_a_parseable_feed(editions: list[Edition], tmp_path: Path) -> None:
    path = write_atom(editions, tmp_path / "feed.xml", feed_url=FEED_URL, site_url=SITE_URL,
                      title="China Tech Weekly")
    assert feedparser.parse(path.read_bytes()).entries[0].title == editions[1].title

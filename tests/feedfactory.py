"""Small, exact feeds written by the tests themselves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape


def rss(
    items: range | list[int],
    *,
    title: str = "Test feed",
    base: str = "https://news.example",
    full: bool = True,
) -> bytes:
    """An RSS 2.0 feed with items numbered as given; `full=False` gives summary-only items."""
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    entries = []
    for n in items:
        published = format_datetime(start + timedelta(hours=n))
        body = (
            f"<p>Full text of story {n}. " + "It has several sentences of detail. " * 20 + "</p>"
            if full
            else f"Summary {n}."
        )
        entries.append(
            f"<item><title>Story {n}</title><link>{base}/story/{n}?utm_source=rss</link>"
            f"<guid isPermaLink='false'>{base}/id/{n}</guid><pubDate>{published}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base}/</link><language>en</language>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()

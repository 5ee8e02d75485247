"""The shapes a parsed feed takes: entries, enclosures, the feed, and its error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.errors import NewsdeskError


class FeedError(NewsdeskError):
    """A body that is not a feed at all, or unsafe XML; the message is one clear line."""


@dataclass(frozen=True)
class Enclosure:
    """A media file attached to an entry (podcast audio, image, video)."""

    url: str
    type: str | None
    length: int | None


@dataclass
class FeedEntry:
    """One item of a feed, normalised; ``raw`` keeps the original for re-processing."""

    guid: str | None
    link: str | None
    title: str | None
    authors: list[str]
    categories: list[str]
    summary: str | None
    content: str | None
    published: datetime | None
    published_raw: str | None
    updated: datetime | None
    language: str | None
    enclosures: list[Enclosure]
    raw: dict = field(default_factory=dict)


@dataclass
class ParsedFeed:
    """A whole feed: what kind it was, its channel data, entries and what went wrong."""

    kind: str
    title: str | None
    link: str | None
    self_url: str | None
    language: str | None
    encoding: str | None
    entries: list[FeedEntry]
    warnings: list[str]

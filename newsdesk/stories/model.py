"""What the story stage reads and returns: articles in, assignments out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass
class StoryArticle:
    """One article as the story engine sees it; only `id` and `text` are required."""

    id: str
    title: str | None
    text: str
    lang: str | None = None
    published: datetime | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class CopyOf:
    """An article found to repeat an earlier one: exact (same URL or text) or near."""

    original_id: str
    kind: Literal["exact", "near"]
    similarity: float


@dataclass
class Assignment:
    """Where one article went: its story, whether it opened it, and why.

    `copy_of` names the original when the article is a copy; `reason` records any
    special handling (empty text, implausible date, ...); `merged` lists story ids that
    this article's arrival folded into `story_id`.
    """

    story_id: str
    is_new: bool
    copy_of: str | None = None
    reason: str | None = None
    merged: list[str] = field(default_factory=list)
    probability: float | None = None

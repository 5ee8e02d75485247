"""What the story stage reads and returns: articles in, assignments out, ranked stories
for a desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import numpy as np


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


@dataclass(frozen=True)
class RankedStory:
    """A story's score for a desk: each signal's contribution, the raw measures behind them,
    whether it returns as an update, and why it is left out (`excluded`) if it is."""

    story_id: str
    score: float
    signals: dict[str, float]
    raw: dict[str, Any]
    is_update: bool = False
    excluded: str | None = None
    title: str = ""
    entities: tuple[str, ...] = ()
    centroid: np.ndarray | None = field(default=None, repr=False, compare=False)

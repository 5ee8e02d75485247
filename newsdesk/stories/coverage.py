"""A story's coverage up to a moment: its original articles, copies, outlets and vectors.

This is what ranking measures. Copies (articles with `copy_of_id`) are counted apart and
never add an outlet, a language or an article to the story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, ArticleVector, Story
from newsdesk.text.language_codes import normalise_language

CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class CoveredArticle:
    """The parts of an article that ranking looks at."""

    id: int
    source_id: int
    is_copy: bool
    language: str | None
    title: str
    text: str
    time: datetime


@dataclass
class StoryCoverage:
    """One story's articles up to the window's end, originals and copies apart."""

    story_id: str
    title: str
    originals: list[CoveredArticle] = field(default_factory=list)
    copies: list[CoveredArticle] = field(default_factory=list)
    centroid: np.ndarray | None = None

    @property
    def outlet_ids(self) -> set[int]:
        """Distinct sources of the originals."""
        return {a.source_id for a in self.originals}

    @property
    def languages(self) -> set[str]:
        """Distinct languages (primary subtag, e.g. `zh` for `zh-Hans`) of the originals."""
        return {normalise_language(a.language) for a in self.originals} - {None}

    @property
    def last_seen(self) -> datetime:
        return max(a.time for a in self.originals)

    def titles(self) -> list[str]:
        """Titles of the originals, oldest first."""
        return [a.title for a in self.originals if a.title]


def _chunks(ids: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _article_time() -> ColumnElement[datetime]:
    return func.coalesce(Article.published_at, Article.fetched_at)


def stories_in_window(session: Session, start: datetime, end: datetime) -> list[str]:
    """Ids of the stories with at least one original article published in [start, end]."""
    query = (
        select(Article.story_id)
        .where(
            Article.story_id.is_not(None),
            Article.copy_of_id.is_(None),
            _article_time() >= start,
            _article_time() <= end,
        )
        .distinct()
    )
    candidates = sorted(session.scalars(query))
    merged: set[str] = set()
    for chunk in _chunks(candidates):
        merged |= set(
            session.scalars(
                select(Story.id).where(Story.id.in_(chunk), Story.merged_into.is_not(None))
            )
        )
    return [story_id for story_id in candidates if story_id not in merged]


def _covered_articles(
    session: Session, story_ids: Sequence[str], end: datetime
) -> Iterator[tuple[str, CoveredArticle]]:
    time = _article_time().label("time")
    for chunk in _chunks(story_ids):
        rows = session.execute(
            select(
                Article.story_id, Article.id, Article.source_id, Article.copy_of_id,
                Article.language, Article.title, Article.text, time,
            )
            .where(Article.story_id.in_(chunk), _article_time() <= end)
            .order_by(time, Article.id)
        )
        for story_id, article_id, source_id, copy_of, language, title, text, moment in rows:
            yield story_id, CoveredArticle(
                id=article_id,
                source_id=source_id,
                is_copy=copy_of is not None,
                language=language,
                title=title or "",
                text=text or "",
                time=moment,
            )


def _story_titles(session: Session, story_ids: Sequence[str]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for chunk in _chunks(story_ids):
        titles |= {
            story_id: title
            for story_id, title in session.execute(
                select(Story.id, Story.title).where(Story.id.in_(chunk))
            )
            if title
        }
    return titles


def load_coverage(
    session: Session, story_ids: Sequence[str], end: datetime
) -> dict[str, StoryCoverage]:
    """Each story's articles published up to `end` (so a past window ranks as it was then)."""
    titles = _story_titles(session, story_ids)
    coverage: dict[str, StoryCoverage] = {}
    for story_id, article in _covered_articles(session, story_ids, end):
        story = coverage.setdefault(story_id, StoryCoverage(story_id, titles.get(story_id, "")))
        (story.copies if article.is_copy else story.originals).append(article)
    for story in coverage.values():
        if not story.title and story.titles():
            story.title = story.titles()[0]
    return {k: v for k, v in coverage.items() if v.originals}


def _article_vectors(
    session: Session, article_ids: Sequence[int], dim: int, model: str | None
) -> dict[int, tuple[str, np.ndarray]]:
    vectors: dict[int, tuple[str, np.ndarray]] = {}
    for chunk in _chunks(article_ids):
        query = select(ArticleVector.article_id, ArticleVector.model, ArticleVector.vector).where(
            ArticleVector.article_id.in_(chunk), ArticleVector.dim == dim
        )
        if model is not None:
            query = query.where(ArticleVector.model == model)
        for article_id, name, blob in session.execute(query):
            vector = np.frombuffer(blob, dtype=np.float32)
            if vector.shape == (dim,):
                vectors[article_id] = (name, vector)
    return vectors


def attach_centroids(
    session: Session, coverage: dict[str, StoryCoverage], dim: int, model: str | None = None
) -> None:
    """Set each story's centroid: the mean vector of its originals.

    Only vectors of `dim` dimensions count; of those, only `model`'s, or when no model is
    named, the model most of the vectors come from (vectors of two models never mix).
    """
    ids = [a.id for story in coverage.values() for a in story.originals]
    vectors = _article_vectors(session, ids, dim, model)
    if not vectors:
        return
    chosen = model or Counter(name for name, _ in vectors.values()).most_common(1)[0][0]
    for story in coverage.values():
        rows = [vectors[a.id][1] for a in story.originals
                if a.id in vectors and vectors[a.id][0] == chosen]
        if rows:
            story.centroid = np.mean(np.stack(rows), axis=0)

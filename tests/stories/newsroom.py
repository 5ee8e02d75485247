"""A small newsroom built directly in the store: sources, stories, originals, copies, vectors."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.desks.config import Desk, DeskFilters, DeskLayout, DeskSchedule
from newsdesk.store import Store
from newsdesk.store.models import Article, ArticleVector, Source, Story

WINDOW_END = datetime.now(UTC).replace(microsecond=0)


def make_desk(**filters: object) -> Desk:
    """A weekly test desk with the given filters and no keywords unless asked."""
    return Desk(
        name="test-desk",
        title="Test Desk",
        description="Tests.",
        language="en",
        path=Path("test-desk.toml"),
        filters=DeskFilters(**filters),  # type: ignore[arg-type]
        schedule=DeskSchedule(window=timedelta(days=7)),
        layout=DeskLayout(leads=3, also=8, max_leads_per_entity=2),
    )


class Newsroom:
    """Writes stories straight into the store, as the story stages would have left them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sources: dict[str, int] = {}
        self._uids = itertools.count(1)

    def _source(self, session: Session, outlet: str) -> int:
        if outlet not in self._sources:
            source = Source(url=f"https://{outlet}.example/feed", title=outlet)
            session.add(source)
            session.flush()
            self._sources[outlet] = source.id
        return self._sources[outlet]

    def add_story(
        self,
        story_id: str,
        outlets: Sequence[str],
        *,
        title: str = "",
        hours_ago: float | Sequence[float] = 1.0,
        language: str = "en",
        text: str = "",
        vector: Sequence[float] | None = None,
        model: str = "test-model",
    ) -> list[int]:
        """One original article per outlet in `story_id`; returns their ids."""
        ages = [hours_ago] * len(outlets) if isinstance(hours_ago, int | float) else hours_ago
        title = title or f"Story {story_id}"
        ids = []
        with self.store.session() as session:
            if session.get(Story, story_id) is None:
                session.add(Story(id=story_id, title=title))
            for outlet, age in zip(outlets, ages, strict=True):
                article = Article(
                    source_id=self._source(session, outlet),
                    uid=f"uid-{next(self._uids)}",
                    url=f"https://{outlet}.example/{story_id}/{len(ids)}",
                    title=title,
                    text=text,
                    language=language,
                    published_at=WINDOW_END - timedelta(hours=age),
                    story_id=story_id,
                )
                session.add(article)
                session.flush()
                ids.append(article.id)
                if vector is not None:
                    session.add(_vector(article.id, vector, model))
        return ids

    def add_copy(self, story_id: str, of_article: int, outlet: str, hours_ago: float = 1.0) -> int:
        """A copy of `of_article` republished by `outlet`, kept in the same story."""
        with self.store.session() as session:
            original = session.get(Article, of_article)
            assert original is not None
            copy = Article(
                source_id=self._source(session, outlet),
                uid=f"uid-{next(self._uids)}",
                title=original.title,
                text=original.text,
                language=original.language,
                published_at=WINDOW_END - timedelta(hours=hours_ago),
                story_id=story_id,
                copy_of_id=of_article,
                copy_kind="exact",
            )
            session.add(copy)
            session.flush()
            return copy.id


def _vector(article_id: int, values: Sequence[float], model: str) -> ArticleVector:
    array = np.asarray(values, dtype=np.float32)
    return ArticleVector(
        article_id=article_id, model=model, version="1", dim=array.shape[0], vector=array.tobytes()
    )

"""The story stages over the store: stories persist, grow across runs, and agree with articles."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from newsdesk.options import EngineSettings
from newsdesk.store import Article, Store
from newsdesk.store.articles import store_articles
from newsdesk.store.models import ArticleVector, EngineState, Story
from newsdesk.store.sources import add_source
from newsdesk.stories.process import ENGINE, cluster_new_articles
from newsdesk.text.embed import UseMultilingualEmbedder
from tests.newsroom_feeds import BODIES, EVENTS

START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def embedder() -> UseMultilingualEmbedder:
    return UseMultilingualEmbedder()


def _store_event(store: Store, event: str, outlets: range, *, hours: int = 0) -> None:
    with store.session() as session:
        for outlet in outlets:
            source, _ = add_source(session, f"https://outlet{outlet}.example/feed")
            store_articles(
                session,
                [
                    {
                        "source_id": source.id,
                        "uid": f"{event}-{outlet}",
                        "url": f"https://outlet{outlet}.example/{event}",
                        "title": EVENTS[event][outlet],
                        "text": BODIES[event][outlet],
                        "language": "en",
                        "published_at": START + timedelta(hours=hours + outlet),
                    }
                ],
            )


def _story_of(store: Store, uid: str) -> str | None:
    with store.session() as session:
        return session.scalar(select(Article.story_id).where(Article.uid == uid))


def test_reports_of_one_event_form_one_story_and_others_stay_apart(
    store: Store, embedder: UseMultilingualEmbedder
) -> None:
    for n, event in enumerate(EVENTS):
        _store_event(store, event, range(3), hours=n * 5)
    report = cluster_new_articles(store, embedder)
    assert report.articles == 9
    chips = {_story_of(store, f"chips-{o}") for o in range(3)}
    ev = {_story_of(store, f"ev-{o}") for o in range(3)}
    assert len(chips) == 1 and len(ev) == 1 and chips != ev
    with store.session() as session:
        story = session.get(Story, chips.pop())
    assert (story.size, story.outlets, story.languages) == (3, 3, ["en"])
    assert story.title == EVENTS["chips"][0]


def test_a_later_run_extends_the_same_story_and_nothing_is_redone(
    store: Store, embedder: UseMultilingualEmbedder
) -> None:
    _store_event(store, "chips", range(2))
    cluster_new_articles(store, embedder)
    first = _story_of(store, "chips-0")
    assert cluster_new_articles(store, embedder).articles == 0
    _store_event(store, "chips", range(2, 3), hours=30)
    later = cluster_new_articles(store, embedder)
    assert later.articles == 1
    assert _story_of(store, "chips-2") == first
    with store.session() as session:
        assert session.get(Story, first).size == 3
        saved = session.get(EngineState, "default")
    assert saved.articles_processed == 3


def test_a_republished_copy_joins_its_original_and_adds_no_outlet(
    store: Store, embedder: UseMultilingualEmbedder
) -> None:
    _store_event(store, "ev", range(2))
    with store.session() as session:
        mirror, _ = add_source(session, "https://mirror.example/feed")
        store_articles(
            session,
            [
                {
                    "source_id": mirror.id,
                    "uid": "ev-copy",
                    "url": "https://mirror.example/byd",
                    "title": EVENTS["ev"][0],
                    "text": BODIES["ev"][0],
                    "language": "en",
                    "published_at": START + timedelta(hours=5),
                }
            ],
        )
    cluster_new_articles(store, embedder)
    with store.session() as session:
        copy = session.scalars(select(Article).where(Article.uid == "ev-copy")).one()
        original = session.scalars(select(Article).where(Article.uid == "ev-0")).one()
        story = session.get(Story, original.story_id)
    assert copy.copy_of_id == original.id and copy.story_id == original.story_id
    assert (story.size, story.outlets) == (2, 2)


def test_every_article_gets_a_vector_of_the_current_model(
    store: Store, embedder: UseMultilingualEmbedder
) -> None:
    _store_event(store, "games", range(3))
    cluster_new_articles(store, embedder)
    with store.session() as session:
        models = session.execute(
            select(ArticleVector.model, ArticleVector.dim, func.count()).group_by(
                ArticleVector.model, ArticleVector.dim
            )
        ).all()
    assert models == [(embedder.name, 512, 3)]


@pytest.mark.parametrize(("window_days", "same_story"), [(14, True), (1, False)])
def test_the_configured_engine_settings_reach_the_engine(
    store: Store, embedder: UseMultilingualEmbedder, window_days: int, same_story: bool
) -> None:
    settings = EngineSettings(window_days=window_days)
    _store_event(store, "chips", range(2))
    cluster_new_articles(store, embedder, settings=settings)
    _store_event(store, "chips", range(2, 3), hours=60)
    cluster_new_articles(store, embedder, settings=settings)
    assert (_story_of(store, "chips-2") == _story_of(store, "chips-0")) is same_story
    with store.session() as session:
        saved = json.loads(gzip.decompress(session.get(EngineState, ENGINE).state))
    assert saved["settings"]["window_days"] == window_days

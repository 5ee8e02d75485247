"""Stories: understand and cluster new articles; list the stored stories or a desk's
ranking of them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.app.listener import Listener
from newsdesk.app.subscriptions import desk_source_ids
from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.desks.config import Desk
from newsdesk.store import Store
from newsdesk.store.articles import iso_utc
from newsdesk.store.models import Story
from newsdesk.stories.process import ClusterReport, cluster_new_articles
from newsdesk.stories.rank import explain, titles_in_language
from newsdesk.text.embed import Embedder
from newsdesk.text.language_codes import normalise_language
from newsdesk.text.understand import embedder_named, understand_articles
from newsdesk.write.compose import rank_desk

__all__ = ["cluster", "desk_ranking", "latest_stories"]


def cluster(settings: Settings, store: Store, listener: Listener, *,
            embedder: Embedder | None = None, wait: bool = True) -> ClusterReport | None:
    """Understand, de-duplicate and cluster new articles with `embedder` (default: the
    configured one). The stream is ordered, so one process clusters at a time: this waits
    while a worker (or another command) clusters, or with `wait=False` returns None then.

    A listener may end the job between two batches by raising from the cluster step's
    `advance`: each batch has committed by then (the worker bounds its units so)."""
    from newsdesk.worker.coordination import CLUSTER_LOCK, exclusive

    embedder = embedder or embedder_named(settings.embedder)
    with exclusive(store, CLUSTER_LOCK, wait=wait) as held:
        if not held:
            return None
        with listener.step("understand") as advance:
            understand_articles(store, embedder, progress=lambda done, _: advance(done, None))
        with listener.step("cluster") as advance:
            report = cluster_new_articles(store, embedder, progress=advance,
                                          settings=settings.engine)
    listener.clustered(report)
    return report


def desk_ranking(settings: Settings, store: Store, desk: Desk) -> list[dict]:
    """The desk's ranking of the stories in its window ending now, each signal's share
    explained (see `newsdesk.stories.rank.explain`)."""
    embedder = embedder_named(settings.embedder)
    with store.session() as session:
        ranked = rank_desk(session, desk, embedder=embedder,
                           source_ids=desk_source_ids(session, desk), window_end=utcnow())
        return explain(ranked)


def latest_stories(store: Store, limit: int, language: str) -> list[dict[str, object]]:
    """The `limit` stories seen last (merged ones left out), titled in `language` where a
    translation is stored."""
    with store.session() as session:
        latest = _latest(session, limit)
        titles = titles_in_language(session, [(s.id, s.title) for s in latest], language)
        return [_story_json(s, titles[s.id]) for s in latest]


def _latest(session: Session, limit: int) -> list[Story]:
    query = (
        select(Story)
        .where(Story.merged_into.is_(None))
        .order_by(func.coalesce(Story.last_seen, Story.updated_at).desc(), Story.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _story_json(story: Story, title: str | None) -> dict[str, object]:
    return {
        "id": story.id,
        "title": title or story.title,
        "size": story.size,
        "outlets": story.outlets,
        "languages": sorted({normalise_language(c) or c for c in story.languages or []}),
        "first_seen": iso_utc(story.first_seen),
        "last_seen": iso_utc(story.last_seen),
        "top_terms": story.top_terms,
    }

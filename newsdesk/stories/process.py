"""The dedup and cluster stages over the store: new articles join stories, run after run.

Articles not yet clustered are streamed through the story engine in publication order.
Each batch's assignments and the engine's saved state are committed in one transaction,
so a crash re-does at most one batch, from the state that batch started with.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.options import EngineSettings
from newsdesk.store import Article, Store
from newsdesk.store.models import EngineState, Story, StoryMerge
from newsdesk.stories.cluster import StoryEngine
from newsdesk.stories.model import Assignment, StoryArticle
from newsdesk.text.embed import Embedder
from newsdesk.text.language_codes import normalise_language
from newsdesk.text.tokens import tokenize
from newsdesk.text.understand import load_vectors, understand_articles

ENGINE = "default"
BATCH = 500
TOP_TERMS = 8

Progress = Callable[[int, int], None]


@dataclass
class ClusterReport:
    """What a clustering run did."""

    articles: int = 0
    copies: int = 0
    new_stories: int = 0
    merges: int = 0


def cluster_new_articles(
    store: Store, embedder: Embedder, *, progress: Progress | None = None,
    settings: EngineSettings = EngineSettings(),
) -> ClusterReport:
    """Understand, de-duplicate and cluster every article not yet in a story; a story
    engine started afresh uses `settings`, a saved one the settings it was saved with."""
    understand_articles(store, embedder)
    report = ClusterReport()
    with store.session() as session:
        total = session.scalar(
            select(func.count()).select_from(Article).where(Article.clustered_at.is_(None))
        )
    while True:
        with store.session() as session:
            batch = _pending(session)
            if not batch:
                return report
            engine = _load_engine(session, settings)
            vectors = load_vectors(session, [a.id for a in batch], embedder)
            if len(vectors) < len(batch):  # some were stored (by a fetch) since understanding
                understand_articles(store, embedder)
                vectors = load_vectors(session, [a.id for a in batch], embedder)
            assignments = [
                (article, engine.add(_story_article(article), vectors[article.id]))
                for article in batch
            ]
            _record(session, engine, assignments, report)
            _save_engine(session, engine, len(batch))
        if progress:
            progress(report.articles, total or report.articles)


def _pending(session: Session) -> list[Article]:
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = (
        select(Article)
        .where(Article.clustered_at.is_(None))
        .order_by(when, Article.id)
        .limit(BATCH)
    )
    return list(session.scalars(query))


def _story_article(article: Article) -> StoryArticle:
    return StoryArticle(
        id=str(article.id),
        title=article.title,
        text=article.text or "",
        lang=normalise_language(article.language),
        published=article.published_at,
        source=str(article.source_id),
        url=article.url,
    )


def _load_engine(session: Session, settings: EngineSettings) -> StoryEngine:
    saved = session.get(EngineState, ENGINE)
    if saved is None:
        return StoryEngine(settings, today=date.today())
    engine = StoryEngine.from_state(json.loads(gzip.decompress(saved.state)))
    engine.today = date.today()
    return engine


def _save_engine(session: Session, engine: StoryEngine, processed: int) -> None:
    blob = gzip.compress(json.dumps(engine.state(), separators=(",", ":")).encode("utf-8"))
    saved = session.get(EngineState, ENGINE)
    if saved is None:
        session.add(EngineState(name=ENGINE, state=blob, articles_processed=processed))
        return
    saved.state = blob
    saved.updated_at = utcnow()
    saved.articles_processed += processed


def _record(
    session: Session,
    engine: StoryEngine,
    assignments: list[tuple[Article, Assignment]],
    report: ClusterReport,
) -> None:
    now = utcnow()
    touched: set[str] = set()
    for article, assignment in assignments:
        story_id = engine.resolve(assignment.story_id) or assignment.story_id
        article.story_id = story_id
        article.clustered_at = now
        article.cluster_note = assignment.reason
        if assignment.copy_of:
            article.copy_of_id = int(assignment.copy_of)
            article.copy_kind = "copy"
            report.copies += 1
        if assignment.is_new:
            report.new_stories += 1
        for old in assignment.merged:
            _merge_story(session, old, story_id, now)
            report.merges += 1
        touched.add(story_id)
    session.flush()
    # A story that took an article early in the batch may have been merged later in it:
    # refresh only the stories still standing, so a merged one keeps its `merged_into`.
    live = {engine.resolve(story_id) or story_id for story_id in touched}
    for story_id in sorted(live):
        refresh_story(session, story_id)
    report.articles += len(assignments)


def _merge_story(session: Session, old: str, into: str, now: object) -> None:
    session.execute(update(Article).where(Article.story_id == old).values(story_id=into))
    story = session.get(Story, old)
    if story is not None:
        story.merged_into = into
        story.updated_at = now
    session.add(StoryMerge(story_id=old, into_story_id=into, reason="one event, found twice"))


def refresh_story(session: Session, story_id: str) -> Story:
    """Recompute a story's summary row (size, outlets, languages, times, title, terms)."""
    articles = session.scalars(
        select(Article)
        .where(Article.story_id == story_id)
        .order_by(func.coalesce(Article.published_at, Article.fetched_at), Article.id)
    ).all()
    originals = [a for a in articles if a.copy_of_id is None]
    story = session.get(Story, story_id) or Story(id=story_id)
    session.add(story)
    times = [a.published_at or a.fetched_at for a in articles]
    story.size = len(originals)
    story.outlets = len({a.source_id for a in originals})
    story.languages = sorted({normalise_language(a.language) for a in articles} - {None})
    story.first_seen = min(times) if times else None
    story.last_seen = max(times) if times else None
    story.title = next((a.title for a in originals if a.title), None)
    story.top_terms = top_terms(a.title or "" for a in originals)
    story.updated_at = utcnow()
    story.merged_into = None
    return story


def top_terms(titles: Iterable[str], limit: int = TOP_TERMS) -> list[str]:
    """The words the story's headlines use most (three letters or more, or CJK words)."""
    counts: Counter[str] = Counter()
    for title in titles:
        words = {w.casefold() for w in tokenize(title, None) if len(w) >= 3 or not w.isascii()}
        counts.update(words)
    return [word for word, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

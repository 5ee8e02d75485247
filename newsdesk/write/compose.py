"""The compose stage: rank a desk's stories, write them up, and store the edition as a draft."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.desks.config import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.urls import url_host
from newsdesk.store import Article, Source, Store
from newsdesk.store.sources import is_placeholder_title
from newsdesk.stories.diversity import select_edition
from newsdesk.stories.model import RankedStory
from newsdesk.stories.rank import rank_stories
from newsdesk.text.embed import Embedder
from newsdesk.text.language_codes import normalise_language
from newsdesk.write.edition import Citation, Edition, StoryWriteUp
from newsdesk.write.editions import save_draft
from newsdesk.write.events import (
    TOPIC_CANDIDATES,
    arrange_edition,
    common_title_words,
    fold_topics,
    load_event_marks,
    refill_candidates,
)
from newsdesk.write.intro import write_intro
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import Writer

MAX_ARTICLES_PER_STORY = 12
MAX_ARTICLES_PER_ITEM = 2 * MAX_ARTICLES_PER_STORY  # a story with others folded into it
SAVE_ATTEMPTS = 3  # a draft saved at the same moment by another process: try again

WriteProgress = Callable[[int, int], None]


@dataclass
class Composition:
    """A freshly composed edition, with the ranking behind it."""

    edition: Edition
    ranked: list[RankedStory]


def profile_vector(desk: Desk, embedder: Embedder | None) -> np.ndarray | None:
    """The desk's relevance profile: the embedding of its description."""
    if embedder is None or not desk.description.strip():
        return None
    return embedder.embed([desk.description.strip()])[0]


def rank_desk(session: Session, desk: Desk, *, embedder: Embedder | None,
              source_ids: Collection[int] | None, window_end: datetime,
              now: datetime | None = None) -> list[RankedStory]:
    """`rank_stories` for a desk: relevance to its description as `embedder` embeds it
    (None: no relevance signal), only stories from `source_ids` (its sources' store ids;
    None: every source counts)."""
    return rank_stories(
        session,
        desk,
        window_end=window_end,
        now=now,
        profile_vector=profile_vector(desk, embedder),
        vector_model=embedder.name if embedder else None,
        source_ids=source_ids,
    )


def compose_edition(
    store: Store,
    desk: Desk,
    writer: Writer,
    *,
    embedder: Embedder | None,
    source_ids: Collection[int] | None = None,
    window_end: datetime | None = None,
    progress: WriteProgress | None = None,
) -> Composition:
    """Rank the desk's window, write up the chosen stories, and save the edition as a draft.

    The window ends at `window_end` (default: now): the edition's id, title and date follow
    it, and only editions of the desk that ended before it count as already published; a
    window end given (`run --until`) also keeps later articles out of the write-ups.
    `source_ids` are the store ids of the desk's sources (None: every source counts; see
    `newsdesk.app.subscriptions.desk_source_ids`).
    `progress(written, total)` hears of each story written.

    The stories are read in one transaction and the draft saved in another; in between,
    while they are written, no transaction is open: a model may take minutes, and a
    database session left idle in a transaction that long holds back the server's
    clean-up (PostgreSQL servers are often set to end such sessions, which would lose the
    written edition)."""
    replayed, window_end = window_end, window_end or utcnow()
    with store.session() as session:
        ranked = rank_desk(session, desk, embedder=embedder, source_ids=source_ids,
                           window_end=window_end,
                           now=window_end)  # novelty: only the editions before this one count
        leads, also, folds = final_layout(session, ranked, desk, writer, window_end)
        jobs = [(r, item_sources(session, r.story_id, folds.get(r.story_id, []), replayed),
                 place < len(leads))
                for place, r in enumerate([*leads, *also])]
    ups = write_stories(writer, desk, jobs, progress)
    for up in ups:
        up.folded = list(folds.get(up.story_id, []))
    lead_ups, also_ups = ups[: len(leads)], ups[len(leads):]
    edition = Edition(
        id="",
        desk=desk.name,
        desk_title=desk.title,
        title=f"{desk.title}: {window_end:%B} {window_end.day}, {window_end:%Y}",
        created_at=utcnow(),
        window_start=window_end - desk.schedule.window,
        window_end=window_end,
        intro=write_intro(desk.title, lead_ups, also_ups),
        leads=lead_ups,
        also=also_ups,
        language=desk.language,
    )
    for attempt in range(SAVE_ATTEMPTS):
        try:
            with store.session() as session:
                record = save_draft(session, edition, ranked)
                edition.id, edition.version = record.id, record.version
                edition.status = record.status
            break
        except IntegrityError:
            # Another process saved a draft of this desk and day between our reading
            # and our writing (the same id or version): read again and save after it.
            if attempt == SAVE_ATTEMPTS - 1:
                raise NewsdeskError(f"could not save the {desk.name} draft: other drafts "
                                    "of it kept being saved at the same time") from None
    return Composition(edition, ranked)


def final_layout(session: Session, ranked: Sequence[RankedStory], desk: Desk,
                 writer: Writer, window_end: datetime
                 ) -> tuple[list[RankedStory], list[RankedStory], dict[str, list[str]]]:
    """The edition's leads and list: the stories of one developing story folded into one
    item (`fold_topics`, over the best-ranked stories), ranking's choice of leads and list
    from what remains, then one item per event and leads the desk's readers can read (see
    `newsdesk.write.events`). Also returns each item's folded story ids."""
    items = desk.layout.leads + desk.layout.also
    eligible = [story for story in ranked if story.excluded is None]
    marks = load_event_marks(session, eligible[:TOPIC_CANDIDATES * items])
    folded_ranking, folds = fold_topics(ranked, marks, common_title_words(session, window_end))
    chosen = select_edition(folded_ranking, desk.layout, desk.diversity)
    needed = [story for story in refill_candidates(folded_ranking, chosen, desk.layout)
              if story.story_id not in marks]
    marks |= load_event_marks(session, needed) if needed else {}
    leads, also = arrange_edition(folded_ranking, chosen, desk.layout, marks,
                                  language=desk.language,
                                  translates=bool(getattr(writer, "translates", False)))
    return leads, also, {story.story_id: folds[story.story_id]
                         for story in [*leads, *also] if story.story_id in folds}


def item_sources(session: Session, story_id: str, folded: Sequence[str],
                 until: datetime | None = None) -> list[SourceArticle]:
    """An item's articles, earliest first: its story's (`story_sources`), then those of
    the stories folded into it, newest first, up to `MAX_ARTICLES_PER_ITEM` in all; an
    article (by URL) once."""
    articles = story_sources(session, story_id, until)
    seen = {article.url for article in articles}
    extra = [article for other in folded for article in story_sources(session, other, until)]
    extra.sort(key=lambda a: a.published.timestamp() if a.published else 0.0, reverse=True)
    for article in extra:
        if len(articles) >= MAX_ARTICLES_PER_ITEM:
            break
        if article.url not in seen:
            articles.append(article)
            seen.add(article.url)
    return sorted(articles, key=lambda a: (a.published is None,
                                           a.published.timestamp() if a.published else 0.0))


def write_stories(writer: Writer, desk: Desk,
                  jobs: Sequence[tuple[RankedStory, list[SourceArticle], bool]],
                  progress: WriteProgress | None = None) -> list[StoryWriteUp]:
    """Write up each (story, its sources, is it a lead) in order, up to the writer's
    `concurrency` stories at a time (a model behind an API answers several at once)."""
    tally = _Tally(len(jobs), progress)

    def write(job: tuple[RankedStory, list[SourceArticle], bool]) -> StoryWriteUp:
        ranked, articles, lead = job
        if lead:
            up = writer.write(ranked.story_id, articles, language=desk.language,
                              paragraphs=desk.writer.lead_paragraphs)
        else:
            up = writer.one_liner(ranked.story_id, articles, language=desk.language)
        up.is_update = ranked.is_update
        up.sources = language_first(up.sources, desk.language)
        tally.tick()
        return up

    workers = max(1, getattr(writer, "concurrency", 1))
    if workers == 1 or len(jobs) < 2:
        return [write(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(write, jobs))


class _Tally:
    """Counts stories written (from any thread) for a progress callback."""

    def __init__(self, total: int, progress: WriteProgress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress
        self.lock = threading.Lock()
        if progress:
            progress(0, total)

    def tick(self) -> None:
        if self.progress:
            with self.lock:
                self.done += 1
                self.progress(self.done, self.total)


def language_first(sources: Sequence[Citation], language: str) -> list[Citation]:
    """Sources in `language` first, each group in its given order."""
    wanted = normalise_language(language)
    return sorted(sources, key=lambda c: normalise_language(c.language) != wanted)


def story_sources(session: Session, story_id: str,
                  until: datetime | None = None) -> list[SourceArticle]:
    """A story's original articles as the writer reads them, earliest first: those
    published (else fetched) by `until` when given, so an edition of a past window tells
    nothing that came after it. Each carries its feed categories with its page's section,
    its first author and its page's schema.org types (`opinion.kind_of` reads them)."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    query = (select(Article, Source)
             .join(Source, Source.id == Article.source_id)
             .where(Article.story_id == story_id, Article.copy_of_id.is_(None)))
    if until is not None:
        query = query.where(when <= until)
    rows = session.execute(
        query.order_by(when, Article.id).limit(MAX_ARTICLES_PER_STORY)).all()
    return [source_article(article, source) for article, source in rows]


def source_article(article: Article, source: Source) -> SourceArticle:
    """One stored article as the writer reads it."""
    page = article.page_meta or {}
    section = [page["section"]] if isinstance(page.get("section"), str) else []
    types = [t for t in page.get("types") or [] if isinstance(t, str)]
    return SourceArticle(
        id=str(article.id),
        outlet=outlet_name(source, article.url),
        title=article.title,
        url=article.url or source.site_url or source.url,
        text=article.text or "",
        language=article.language,
        published=article.published_at,
        categories=[*(c for c in article.categories or [] if isinstance(c, str)), *section],
        author=next((a for a in article.authors or [] if isinstance(a, str) and a.strip()),
                    None),
        page_types=types,
    )


def outlet_name(source: Source, article_url: str | None) -> str:
    """How an outlet is credited: its feed's title (unless a placeholder such as "feed
    12"), else the article's host."""
    if not is_placeholder_title(source.title):
        return source.title.strip()
    return url_host(article_url or source.site_url or source.url) or source.url

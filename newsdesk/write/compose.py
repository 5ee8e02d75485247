"""The compose stage: rank a desk's stories, write them up, and store the edition as a draft."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
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
from newsdesk.ingest.subscriptions.desk_sources import desk_feeds
from newsdesk.ingest.urls import canonical_url, url_host
from newsdesk.store import Article, Source, Store
from newsdesk.stories.diversity import select_edition
from newsdesk.stories.model import RankedStory
from newsdesk.stories.rank import rank_stories
from newsdesk.text.embed import Embedder
from newsdesk.text.language_codes import normalise_language
from newsdesk.write.edition import Citation, Edition, StoryWriteUp
from newsdesk.write.editions import save_draft
from newsdesk.write.events import arrange_edition, load_event_marks, refill_candidates
from newsdesk.write.intro import write_intro
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import Writer

MAX_ARTICLES_PER_STORY = 12
SAVE_ATTEMPTS = 3  # a draft saved at the same moment by another process: try again

WriteProgress = Callable[[int, int], None]


@dataclass
class Composition:
    """A freshly composed edition, with the ranking behind it."""

    edition: Edition
    ranked: list[RankedStory]


def desk_source_ids(session: Session, desk: Desk) -> list[int] | None:
    """Store ids of the desk's sources (None when the desk names none: every source counts)."""
    urls = [feed.url for feed in desk_feeds(desk)]
    if not urls:
        return None
    wanted = {_canonical(u) for u in urls}
    rows = session.execute(select(Source.id, Source.url)).all()
    return [source_id for source_id, url in rows if _canonical(url) in wanted]


def _canonical(url: str) -> str:
    try:
        return canonical_url(url) or url
    except ValueError:
        return url


def profile_vector(desk: Desk, embedder: Embedder | None) -> np.ndarray | None:
    """The desk's relevance profile: the embedding of its description."""
    if embedder is None or not desk.description.strip():
        return None
    return embedder.embed([desk.description.strip()])[0]


def compose_edition(
    store: Store,
    desk: Desk,
    writer: Writer,
    *,
    embedder: Embedder | None,
    window_end: datetime | None = None,
    progress: WriteProgress | None = None,
) -> Composition:
    """Rank the desk's window, write up the chosen stories, and save the edition as a draft.

    The window ends at `window_end` (default: now): the edition's id, title and date follow
    it, and only editions of the desk that ended before it count as already published.
    `progress(written, total)` hears of each story written.

    The stories are read in one transaction and the draft saved in another; in between,
    while they are written, no transaction is open: a model may take minutes, and a
    database session left idle in a transaction that long holds back the server's
    clean-up (PostgreSQL servers are often set to end such sessions, which would lose the
    written edition)."""
    window_end = window_end or utcnow()
    with store.session() as session:
        ranked = rank_stories(
            session,
            desk,
            window_end=window_end,
            now=window_end,  # novelty: only the editions before this one count
            profile_vector=profile_vector(desk, embedder),
            vector_model=embedder.name if embedder else None,
            source_ids=desk_source_ids(session, desk),
        )
        leads, also = final_layout(session, ranked, desk, writer)
        jobs = [(r, story_sources(session, r.story_id), place < len(leads))
                for place, r in enumerate([*leads, *also])]
    ups = write_stories(writer, desk, jobs, progress)
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
                 writer: Writer) -> tuple[list[RankedStory], list[RankedStory]]:
    """Ranking's choice of leads and list, then one item per event and leads the desk's
    readers can read (see `newsdesk.write.events`)."""
    chosen = select_edition(ranked, desk.layout, desk.diversity)
    marks = load_event_marks(session, refill_candidates(ranked, chosen, desk.layout))
    return arrange_edition(ranked, chosen, desk.layout, marks, language=desk.language,
                           translates=bool(getattr(writer, "translates", False)))


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


def story_sources(session: Session, story_id: str) -> list[SourceArticle]:
    """A story's original articles as the writer reads them, earliest first."""
    when = func.coalesce(Article.published_at, Article.fetched_at)
    rows = session.execute(
        select(Article, Source)
        .join(Source, Source.id == Article.source_id)
        .where(Article.story_id == story_id, Article.copy_of_id.is_(None))
        .order_by(when, Article.id)
        .limit(MAX_ARTICLES_PER_STORY)
    ).all()
    return [
        SourceArticle(
            id=str(article.id),
            outlet=outlet_name(source, article.url),
            title=article.title,
            url=article.url or source.site_url or source.url,
            text=article.text or "",
            language=article.language,
            published=article.published_at,
        )
        for article, source in rows
    ]


def outlet_name(source: Source, article_url: str | None) -> str:
    """How an outlet is credited: its feed's title, else the article's host."""
    if source.title:
        return source.title.strip()
    return url_host(article_url or source.site_url or source.url) or source.url


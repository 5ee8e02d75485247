"""One event, one item: the edition's final layout after ranking chose its stories.

Stories are the engine's clusters, and a cluster can split an event in two (a late
article, a follow-up that started its own story, another language). Ranking then sees two
stories where readers see one event: a lead and an "Also" item about the same thing, or
two items. Here two stories are one event when they share an article (the same URL or the
same content, a copy in another feed), the same title, or centroids closer than
`EVENT_COSINE`; of such stories the edition keeps the best-ranked one.

Readers read the desk's language: without a writer that translates, a story with no source
in it is never a lead; it stays in the list, with its original title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.desks.config import DeskLayout
from newsdesk.store import Article
from newsdesk.store.models import ArticleVector
from newsdesk.stories.model import RankedStory
from newsdesk.text.language_codes import normalise_language

# Two stories are one event at a centroid cosine of EVENT_COSINE, or of NAMED_COSINE when
# they also share SHARED_NAMES of the names and numbers of the smaller one. Chosen on gold
# story labels (allsides-dev, googlenews-ts): bench/event_threshold.py, BENCHMARKS.md.
EVENT_COSINE = 0.85
NAMED_COSINE = 0.60
SHARED_NAMES = 0.5
FEWEST_NAMES = 3  # fewer names than this say nothing about the event
LEAD_CHARS = 600  # names are read from the title and the start of the text
CHUNK = 500
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z]+|\b\d[\d,.%]*\d%?|\b\d%?")
_NOT_NAMES = frozenset("The A An In On At For And But Of To It He She They We This That "
                       "Mr Ms Mrs Dr".split())


@dataclass(frozen=True)
class EventMarks:
    """What tells a story's event apart: its articles' URLs, content hashes and titles,
    and its centroid (None without vectors)."""

    urls: frozenset[str]
    hashes: frozenset[str]
    titles: frozenset[str]
    centroid: np.ndarray | None = None
    names: frozenset[str] = frozenset()


def same_event(a: EventMarks, b: EventMarks) -> bool:
    """True when two stories share an article or a title, or their centroids are close
    (`EVENT_COSINE`), or close enough (`NAMED_COSINE`) and they share names and numbers."""
    if a.urls & b.urls or a.hashes & b.hashes or a.titles & b.titles:
        return True
    cosine = centroid_cosine(a.centroid, b.centroid)
    return cosine >= EVENT_COSINE or (
        cosine >= NAMED_COSINE and shared_names(a.names, b.names) >= SHARED_NAMES)


def event_names(title: str | None, text: str | None) -> set[str]:
    """Capitalised words inside sentences, and numbers, of a title and the text's start."""
    lead = f"{title or ''}. {(text or '')[:LEAD_CHARS]}"
    return {name for name in _NAME.findall(lead) if name not in _NOT_NAMES}


def shared_names(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """The share of the smaller set's names the other has; 0 when either has too few."""
    if min(len(a), len(b)) < FEWEST_NAMES:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def centroid_cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two centroids; -1 when either is missing or empty."""
    if a is None or b is None:
        return -1.0
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b)) / norms if norms else -1.0


def _title_key(title: str | None) -> str | None:
    words = "".join(c if c.isalnum() else " " for c in (title or "").casefold()).split()
    return " ".join(words) if len(words) >= 3 or len("".join(words)) >= 8 else None


def load_event_marks(session: Session, stories: Sequence[RankedStory]) -> dict[str, EventMarks]:
    """Each story's marks, from all its articles (copies included: a copy shared by two
    stories is the plainest sign they are one event)."""
    ids = [story.story_id for story in stories]
    found: dict[str, tuple[set[str], ...]] = {i: (set(), set(), set(), set()) for i in ids}
    lead = func.substr(Article.text, 1, LEAD_CHARS)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Article.story_id, Article.url, Article.content_hash, Article.title, lead)
            .where(Article.story_id.in_(ids[start:start + CHUNK])))
        for story_id, url, digest, title, text in rows:
            urls, hashes, titles, names = found[story_id]
            urls.update([url] if url else [])
            hashes.update([digest] if digest else [])
            titles.update(t for t in [_title_key(title)] if t)
            names.update(event_names(title, text))
    missing = [story.story_id for story in stories if story.centroid is None]
    centroids = story_centroids(session, missing) if missing else {}
    return {story.story_id: _marks(found[story.story_id], story.centroid
                                   if story.centroid is not None
                                   else centroids.get(story.story_id)) for story in stories}


def _marks(found: tuple[set[str], ...], centroid: np.ndarray | None) -> EventMarks:
    urls, hashes, titles, names = map(frozenset, found)
    return EventMarks(urls, hashes, titles, centroid, names)


def story_centroids(session: Session, story_ids: Sequence[str]) -> dict[str, np.ndarray]:
    """The mean vector of each story's originals, from the model and size most vectors
    have (a desk without a profile ranks without centroids; events still need them)."""
    rows: list[tuple[str, str, int, bytes]] = []
    for start in range(0, len(story_ids), CHUNK):
        rows += session.execute(
            select(Article.story_id, ArticleVector.model, ArticleVector.dim, ArticleVector.vector)
            .join(ArticleVector, ArticleVector.article_id == Article.id)
            .where(Article.story_id.in_(story_ids[start:start + CHUNK]),
                   Article.copy_of_id.is_(None))).all()
    if not rows:
        return {}
    model, dim = Counter((m, d) for _, m, d, _ in rows).most_common(1)[0][0]
    vectors: dict[str, list[np.ndarray]] = {}
    for story_id, name, size, blob in rows:
        if (name, size) == (model, dim):
            vectors.setdefault(story_id, []).append(np.frombuffer(blob, dtype=np.float32))
    return {story_id: np.mean(np.stack(members), axis=0)
            for story_id, members in vectors.items()}


def refill_candidates(ranked: Sequence[RankedStory],
                      chosen: tuple[Sequence[RankedStory], Sequence[RankedStory]],
                      layout: DeskLayout) -> list[RankedStory]:
    """The chosen stories and, in rank order, as many again eligible ones ranked below
    them as the list is long: the stories whose event marks the layout needs."""
    placed = [*chosen[0], *chosen[1]]
    ids = {story.story_id for story in placed}
    last = max((i for i, s in enumerate(ranked) if s.story_id in ids), default=-1)
    later = [s for s in ranked[last + 1:] if s.excluded is None][:layout.leads + layout.also]
    return placed + later


def readable(story: RankedStory, language: str) -> bool:
    """True when the story has a source in `language` (or its languages are unknown)."""
    languages = {normalise_language(code) for code in story.raw.get("languages", [])} - {None}
    return not languages or normalise_language(language) in languages


def arrange_edition(
    ranked: Sequence[RankedStory],
    chosen: tuple[Sequence[RankedStory], Sequence[RankedStory]],
    layout: DeskLayout,
    marks: dict[str, EventMarks],
    *,
    language: str,
    translates: bool = False,
) -> tuple[list[RankedStory], list[RankedStory]]:
    """The final leads and "Also" list from ranking's choice `chosen` (leads, list).

    Each event appears once, as its best-ranked story. A lead without a source in the
    desk's `language` (unless the writer `translates`) moves to the list; a free lead
    place goes to the best readable list story. The list is refilled, in rank order, from
    the stories ranked below everything chosen that have `marks` (see `refill_candidates`),
    so it keeps its length when it can.
    """
    leads, also = list(chosen[0]), list(chosen[1])
    fits = (lambda story: True) if translates else (lambda story: readable(story, language))
    kept: list[RankedStory] = []
    for story in [*leads, *also]:  # as many leads as ranking chose (its entity rule holds)
        if len(kept) < len(leads) and fits(story) and _new_event(story, kept, marks):
            kept.append(story)
    lead_ids = {story.story_id for story in kept}
    placed = {story.story_id for story in [*leads, *also]}
    last = max((i for i, s in enumerate(ranked) if s.story_id in placed), default=-1)
    later = [s for s in ranked[last + 1:] if s.excluded is None and s.story_id in marks]
    items: list[RankedStory] = []
    for story in _in_rank_order(ranked, [*leads, *also]) + later:
        if len(items) == layout.also:
            break
        if story.story_id not in lead_ids and _new_event(story, kept + items, marks):
            items.append(story)
    return kept, items


def _new_event(story: RankedStory, placed: Sequence[RankedStory],
               marks: dict[str, EventMarks]) -> bool:
    mine = marks.get(story.story_id)
    if mine is None:
        return True
    return not any(other.story_id in marks and same_event(mine, marks[other.story_id])
                   for other in placed)


def _in_rank_order(ranked: Sequence[RankedStory],
                   stories: Sequence[RankedStory]) -> list[RankedStory]:
    order = {story.story_id: place for place, story in enumerate(ranked)}
    return sorted(stories, key=lambda story: order.get(story.story_id, len(order)))

"""One event, one item: the edition's final layout after ranking chose its stories.

Stories are the engine's clusters, and a cluster can split an event in two (a late
article, a follow-up that started its own story, another language). Ranking then sees two
stories where readers see one event: a lead and an "Also" item about the same thing, or
two items. Here two stories are one event when they share an article (the same URL or the
same content, a copy in another feed), the same title, or centroids closer than
`EVENT_COSINE`; of such stories the edition keeps the best-ranked one.

A week's big story is often several of the engine's stories: the fall of a city, the
president's speech about it, the evacuation, each reported by its own outlets. Readers see
one development of one story, so an edition folds such stories into one item
(`fold_topics`): stories whose centroids are close (`TOPIC_COSINE`) and whose titles share a
name that is not everyday for the desk (in at most `COMMON_TITLE_SHARE` of its recent
stories' titles: "Afghanistan" in the week Kabul fell, not "Biden"). The item is written
from all their articles and ranks with their combined weight.

Readers read the desk's language: without a writer that translates, a story with no source
in it is never a lead; it stays in the list, with its original title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.desks.config import DeskLayout
from newsdesk.store import Article
from newsdesk.store.models import ArticleVector, Story
from newsdesk.stories.model import RankedStory
from newsdesk.text.language_codes import normalise_language

# Two stories are one event at a centroid cosine of EVENT_COSINE, or of NAMED_COSINE when
# they also share SHARED_NAMES of the names and numbers of the smaller one. Chosen on gold
# story labels (allsides-dev, googlenews-ts): bench/event_threshold.py, BENCHMARKS.md.
EVENT_COSINE = 0.85
NAMED_COSINE = 0.60
SHARED_NAMES = 0.5
FEWEST_NAMES = 3  # fewer names than this say nothing about the event
# Stories of one developing story fold into one item at a centroid cosine of TOPIC_COSINE
# when their titles share a name in at most COMMON_TITLE_SHARE of the desk's stories of the
# last COMMON_DAYS days; a folded story adds FOLDED_WEIGHT of its score to the item's.
# Chosen on allsides-dev's weekly replay (bench/replay_editions.py, BENCHMARKS.md).
TOPIC_COSINE = 0.75
COMMON_TITLE_SHARE = 0.04
COMMON_DAYS = 180
FOLDED_WEIGHT = 0.5
TOPIC_CANDIDATES = 3  # times the edition's items: the ranked stories considered for folding
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
    title_names: frozenset[str] = frozenset()


def same_event(a: EventMarks, b: EventMarks) -> bool:
    """True when two stories share an article or a title, or their centroids are close
    (`EVENT_COSINE`), or close enough (`NAMED_COSINE`) and they share names and numbers."""
    if a.urls & b.urls or a.hashes & b.hashes or a.titles & b.titles:
        return True
    cosine = centroid_cosine(a.centroid, b.centroid)
    return cosine >= EVENT_COSINE or (
        cosine >= NAMED_COSINE and shared_names(a.names, b.names) >= SHARED_NAMES)


def same_topic(a: EventMarks, b: EventMarks, common: frozenset[str] | set[str]) -> bool:
    """True when two stories are one developing story: one event (`same_event`), or
    centroids close (`TOPIC_COSINE`) and a name in both titles that is not `common`."""
    if same_event(a, b):
        return True
    return (centroid_cosine(a.centroid, b.centroid) >= TOPIC_COSINE
            and bool((a.title_names & b.title_names) - common))


def title_names(titles: Sequence[str | None], names: set[str] | frozenset[str]) -> set[str]:
    """The names that the titles use, folded to lower case: `names` are those the text
    writes with a capital inside its sentences (`event_names` of the text alone, so a
    title's own capitals, "Biden Wanted to Leave", do not count)."""
    folded = {name.casefold() for name in names}
    return {word for title in titles for word in _title_words(title) if word in folded}


def _title_words(title: str | None) -> set[str]:
    return {word.casefold() for word in _TITLE_WORD.findall(title or "")}


_TITLE_WORD = re.compile(r"[^\W\d_]+")


def common_title_words(session: Session, until: datetime, *,
                       days: int = COMMON_DAYS) -> frozenset[str]:
    """Words in more than `COMMON_TITLE_SHARE` of the titles of the stories seen in the
    `days` before `until` (at least 20 stories, else none are common): the desk's everyday
    names, which tell no story apart."""
    titles = session.scalars(select(Story.title).where(
        Story.last_seen >= until - timedelta(days=days), Story.last_seen <= until,
        Story.merged_into.is_(None))).all()
    if len(titles) < 20:
        return frozenset()
    counts = Counter(word for title in titles for word in _title_words(title))
    return frozenset(word for word, n in counts.items() if n > COMMON_TITLE_SHARE * len(titles))


def fold_topics(ranked: Sequence[RankedStory], marks: dict[str, EventMarks],
                common: frozenset[str] | set[str]
                ) -> tuple[list[RankedStory], dict[str, list[str]]]:
    """The ranking with each developing story folded into its best-ranked story.

    In rank order, an eligible story with marks joins the first earlier item (a head
    and the stories folded into it so far) one of whose stories it is `same_topic` with;
    else it heads its own item. A head's score gains
    `FOLDED_WEIGHT` of each folded story's score, and the ranking is re-sorted. Returns
    the new ranking (folded stories left out) and each head's folded story ids.
    """
    heads: list[RankedStory] = []
    folded: dict[str, list[str]] = {}
    gained: dict[str, float] = {}
    for story in ranked:
        mine = marks.get(story.story_id)
        head = None
        if mine is not None and story.excluded is None:
            head = next((h for h in heads if any(
                member in marks and same_topic(marks[member], mine, common)
                for member in [h.story_id, *folded.get(h.story_id, [])])), None)
        if head is None:
            heads.append(story)
            continue
        folded.setdefault(head.story_id, []).append(story.story_id)
        gained[head.story_id] = gained.get(head.story_id, 0.0) + FOLDED_WEIGHT * story.score
    if not folded:
        return list(ranked), {}
    rescored = [replace(story, score=story.score + gained[story.story_id])
                if story.story_id in gained else story for story in heads]
    order = {id(story): place for place, story in enumerate(rescored)}
    return sorted(rescored, key=lambda s: (s.excluded is not None, -s.score,
                                           order[id(s)])), folded


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
    found: dict[str, tuple[set[str], ...]] = {i: (set(), set(), set(), set(), set(), set())
                                              for i in ids}
    lead = func.substr(Article.text, 1, LEAD_CHARS)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(Article.story_id, Article.url, Article.content_hash, Article.title, lead)
            .where(Article.story_id.in_(ids[start:start + CHUNK])))
        for story_id, url, digest, title, text in rows:
            urls, hashes, titles, names, raw_titles, text_names = found[story_id]
            urls.update([url] if url else [])
            hashes.update([digest] if digest else [])
            titles.update(t for t in [_title_key(title)] if t)
            names.update(event_names(title, text))
            raw_titles.update([title] if title else [])
            text_names.update(event_names(None, text))
    missing = [story.story_id for story in stories if story.centroid is None]
    centroids = story_centroids(session, missing) if missing else {}
    return {story.story_id: _marks(found[story.story_id], story.centroid
                                   if story.centroid is not None
                                   else centroids.get(story.story_id)) for story in stories}


def _marks(found: tuple[set[str], ...], centroid: np.ndarray | None) -> EventMarks:
    urls, hashes, titles, names, raw_titles, text_names = map(frozenset, found)
    return EventMarks(urls, hashes, titles, centroid, names,
                      frozenset(title_names(sorted(raw_titles), text_names)))


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

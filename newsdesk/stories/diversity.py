"""Keep an edition diverse: not too many leads about one company, no near-duplicate items.

A story's entities are the companies it names (the desk's known names and their aliases:
the china-tech desk's list 华为 with Huawei, TikTok with ByteDance) plus the capitalised
names its titles share (a Title Case headline gives its known names only: there capitals
mark no names). Headline words and the desk's `not_entities` are not entities: on a China
desk every story would otherwise be "about China".
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.desks.config import DeskLayout
from newsdesk.options import DiversitySettings
from newsdesk.stories.model import RankedStory

_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][A-Za-z0-9]+(?:[.&-][A-Za-z0-9]+)*")
# Headline words, and places and trades any English desk's stories name, that say nothing
# about which company a story is about; a desk adds its own (`not_entities`).
GENERIC_NOT_ENTITIES = frozenset(
    """a an and as at after amid about for from how in into is it its of on or over the
    to up us with why what who will new says say said report reports more most first
    usa u.s america american europe european eu uk japan india global world asia
    state states government ceo ipo company firm firms market markets
    week year today update live exclusive analysis opinion""".split()
)
_WORD = re.compile(r"[a-z0-9]{3,}")
_HAN = re.compile(r"[\u2e80-\u9fff]+")


@dataclass(frozen=True)
class _Entities:
    """A desk's entity table ready for matching: its aliases and one pattern for them."""

    aliases: dict[str, str]
    pattern: re.Pattern[str] | None
    not_entities: frozenset[str]


@functools.lru_cache(maxsize=16)
def _entities(known: tuple[tuple[str, tuple[str, ...]], ...],
              not_entities: frozenset[str]) -> _Entities:
    aliases = {alias.casefold(): name for name, names in known for alias in names}
    pattern = re.compile(
        "|".join(
            re.escape(a) if not a.isascii() else rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])"
            for a in sorted(aliases, key=len, reverse=True)
        ),
        re.IGNORECASE,
    ) if aliases else None
    return _Entities(aliases, pattern, GENERIC_NOT_ENTITIES | not_entities)


def _known_names(titles: Sequence[str], table: _Entities) -> set[str]:
    if table.pattern is None:
        return set()
    return {table.aliases[m.group().casefold()] for t in titles
            for m in table.pattern.finditer(t)}


def _is_title_case(title: str) -> bool:
    """True for "Huawei Unveils New Phone" headlines, where capitals mark no names."""
    words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _capitalised_names(title: str, table: _Entities) -> set[str]:
    if _is_title_case(title):
        return set()
    names = {m.group() for m in _CAPITALISED.finditer(title)}
    return {n for n in names
            if n.casefold() not in table.not_entities and n.casefold() not in table.aliases}


def story_entities(titles: Sequence[str],
                   diversity: DiversitySettings = DiversitySettings()) -> tuple[str, ...]:
    """The companies and names a story is about, from its articles' titles, sorted: the
    desk's known entities (`diversity.entities`) by any of their aliases, and other
    capitalised names that are not headline words or the desk's `not_entities`.

    With several titles, a capitalised name counts when at least two of them share it, so
    one outlet's headline wording does not make an entity.
    """
    table = _entities(diversity.entities, diversity.not_entities)
    titles = [t for t in titles if t]
    per_title = Counter(name for t in titles for name in _capitalised_names(t, table))
    needed = 1 if len(titles) == 1 else 2
    shared = {name for name, count in per_title.items() if count >= needed}
    return tuple(sorted(_known_names(titles, table) | shared))


def _title_tokens(title: str) -> set[str]:
    folded = title.casefold()
    words = set(_WORD.findall(folded))
    bigrams = {run[i : i + 2] for run in _HAN.findall(folded) for i in range(len(run) - 1)}
    return words | bigrams


def _near_duplicates(a: RankedStory, b: RankedStory, diversity: DiversitySettings) -> bool:
    if a.centroid is not None and b.centroid is not None:
        norms = float(np.linalg.norm(a.centroid) * np.linalg.norm(b.centroid))
        if norms and (float(np.dot(a.centroid, b.centroid)) / norms
                      >= diversity.near_duplicate_cosine):
            return True
    tokens_a, tokens_b = _title_tokens(a.title), _title_tokens(b.title)
    if not tokens_a or not tokens_b:
        return False
    return (len(tokens_a & tokens_b) / len(tokens_a | tokens_b)
            >= diversity.near_duplicate_titles)


def _repeats(story: RankedStory, chosen: Sequence[RankedStory],
             diversity: DiversitySettings) -> bool:
    return any(_near_duplicates(story, other, diversity) for other in chosen)


def select_edition(
    ranked: Sequence[RankedStory], layout: DeskLayout,
    diversity: DiversitySettings = DiversitySettings(),
) -> tuple[list[RankedStory], list[RankedStory]]:
    """Choose the lead stories and the "Also worth your attention" list from ranked stories.

    Stories left out by ranking are skipped. Leads are taken in rank order, but a story
    about an entity that already has `max_leads_per_entity` leads goes to the list instead
    (at its place in rank order). Neither leads nor list repeat a near-duplicate story
    (by `diversity`'s thresholds).
    """
    eligible = [story for story in ranked if story.excluded is None]
    leads: list[RankedStory] = []
    per_entity: Counter[str] = Counter()
    for story in eligible:
        if len(leads) == layout.leads:
            break
        if _repeats(story, leads, diversity):
            continue
        if any(per_entity[e] >= layout.max_leads_per_entity for e in story.entities):
            continue
        leads.append(story)
        per_entity.update(story.entities)
    also: list[RankedStory] = []
    lead_ids = {story.story_id for story in leads}
    for story in eligible:
        if len(also) == layout.also:
            break
        if story.story_id not in lead_ids and not _repeats(story, leads + also, diversity):
            also.append(story)
    return leads, also

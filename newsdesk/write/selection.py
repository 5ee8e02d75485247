"""Which sentences of a story's sources make its write-up, and in what order.

Sentences are picked greedily for the word pairs they add that several sources use (what
the outlets agree on is the story, and an outlet's headline is its own one-line summary of
it), early and attributed sentences first ("..., the minister said"), within a word
budget and without repeating what is chosen, then put back in reading order. A single
best sentence (for list items) is scored by centrality, position and length.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WORDS_PER_PARAGRAPH = 62
"""A short news paragraph: about three sentences of 20 words (wire-style copy)."""

SINGLE_SOURCE_PAIR = 0.1
"""Worth of a word pair only one source uses, against 1 for each further source using it:
enough to fill the budget with the likeliest single-source copy, never to outbid what
outlets agree on."""

TITLE_VOTE = 2.0
"""Votes a word pair gets from each source title using it: a headline is its outlet's own
summary of the story, so what it names counts like two more sources reporting it."""

ATTRIBUTED_WEIGHT = 2.0
"""How much more a sentence that says who said or announced it (see `words.is_attributed`)
is worth per word than one that does not: a roundup reports who did and said what, in the
words of the outlets, and the attribution carries the speaker's name and role. Measured
on allsides-dev (BENCHMARKS.md): weights of 1.6-4.5 all raise R-2 on both halves, 2 most."""

REPEATED_SHARE = 0.5
"""A candidate with fewer than this share of its word pairs new says the same thing again
and is left out."""

_CENTRALITY, _POSITION, _LENGTH = 0.55, 0.35, 0.10
_SHORTEST, _LONGEST = 8, 45  # words; outside this a sentence reads as a fragment or a wall


@dataclass(frozen=True)
class Candidate:
    """A sentence of one source that could go into the write-up."""

    text: str
    article: int
    position: int
    words: Counter[str]
    length: int
    usable: bool = True
    pairs: frozenset[tuple[str, str]] = frozenset()
    attributed: bool = False


def story_weights(word_bags: Sequence[Counter[str]]) -> dict[str, float]:
    """Weight of each word for the story: in how many sources it appears. What several
    outlets report is the story; what one alone says is colour."""
    weights: Counter[str] = Counter()
    for bag in word_bags:
        weights.update(bag.keys())
    return dict(weights)


def score_candidates(candidates: Sequence[Candidate], weights: dict[str, float]) -> list[float]:
    """Score each candidate in 0..1 from centrality, position in its article and length."""
    centrality = [_centrality(candidate, weights) for candidate in candidates]
    top = max(centrality, default=0.0) or 1.0
    return [
        _CENTRALITY * central / top
        + _POSITION * _position_score(candidate.position)
        + _LENGTH * _length_score(candidate.length)
        for candidate, central in zip(candidates, centrality, strict=True)
    ]


def _centrality(candidate: Candidate, weights: dict[str, float]) -> float:
    """Cosine-like similarity of the sentence's words to the story's weighted words."""
    if not candidate.words:
        return 0.0
    total = sum(weights.get(word, 0.0) for word in candidate.words)
    return total / math.sqrt(len(candidate.words))


def _position_score(position: int) -> float:
    """News puts what matters first: the lead scores 1, later sentences decay."""
    return 1.0 / (1.0 + 0.5 * position)


def _length_score(length: int) -> float:
    """1 for a readable sentence length, less for fragments and very long sentences."""
    if length < _SHORTEST:
        return length / _SHORTEST
    if length > _LONGEST:
        return _LONGEST / length
    return 1.0


def select_sentences(candidates: Sequence[Candidate], budget: int,
                     titles: Sequence[frozenset[tuple[str, str]]] = (),
                     restates: Callable[[Candidate, Sequence[Candidate]], bool] | None = None,
                     ) -> list[Candidate]:
    """Pick sentences that cover what the sources agree on, until the word budget is met.

    A word pair that several outlets use is the story; one outlet's own phrasing is
    colour. `titles` are the word pairs of the sources' titles. Each pair is worth
    `votes - 1 + SINGLE_SOURCE_PAIR`, where the votes are the sources whose text uses it
    plus `TITLE_VOTE` for each title that names it, counted once however many chosen
    sentences repeat it; a sentence is worth the pairs it adds per
    word, raised for a sentence early in its article and `ATTRIBUTED_WEIGHT` times for
    one that attributes what it reports. A sentence is taken only when most
    of its pairs are new (else it says the same thing again), it does not restate a chosen
    sentence in other words (`restates(candidate, chosen)`, when given) and it brings the
    write-up closer to `budget` words. Truncated sentences are never taken; the best
    candidate is always taken, so a story with any usable sentence gets at least one.
    """
    worth = _pair_worth(candidates, titles)
    pool = [i for i, candidate in enumerate(candidates) if candidate.usable]
    chosen: list[Candidate] = []
    covered: set[tuple[str, str]] = set()
    total = 0
    while pool:
        best = max(pool, key=lambda i: _gain(candidates[i], worth, covered))
        pool.remove(best)
        candidate = candidates[best]
        if chosen and _repeats(candidate, covered):
            continue
        if chosen and total + candidate.length / 2 > budget:
            continue
        if restates is not None and restates(candidate, chosen):
            continue
        chosen.append(candidate)
        covered |= candidate.pairs
        total += candidate.length
    return chosen


def _pair_worth(candidates: Sequence[Candidate], titles: Sequence[frozenset[tuple[str, str]]]
                ) -> dict[tuple[str, str], float]:
    """What each word pair of the story's sentences is worth: its votes (sources using it,
    `TITLE_VOTE` per title naming it) beyond the one of the sentence's own source."""
    by_article: dict[int, set[tuple[str, str]]] = {}
    for candidate in candidates:
        by_article.setdefault(candidate.article, set()).update(candidate.pairs)
    sources: Counter[tuple[str, str]] = Counter()
    for pairs in by_article.values():
        sources.update(pairs)
    in_titles: Counter[tuple[str, str]] = Counter()
    for pairs in titles:
        in_titles.update(pairs)
    return {pair: count + TITLE_VOTE * in_titles[pair] - 1 + SINGLE_SOURCE_PAIR
            for pair, count in sources.items()}


def _gain(candidate: Candidate, worth: dict[tuple[str, str], float],
          covered: set[tuple[str, str]]) -> float:
    """Worth of the pairs a candidate adds, per word, raised for an early sentence and for
    an attributed one."""
    added = sum(worth[pair] for pair in candidate.pairs - covered)
    attribution = ATTRIBUTED_WEIGHT if candidate.attributed else 1.0
    return (added / max(candidate.length, 1) * (1.0 + _position_score(candidate.position))
            * attribution)


def _repeats(candidate: Candidate, covered: set[tuple[str, str]]) -> bool:
    """True when most of the candidate's word pairs are already in the write-up."""
    if not candidate.pairs:
        return True
    return len(candidate.pairs - covered) < REPEATED_SHARE * len(candidate.pairs)


def order_sentences(chosen: Sequence[Candidate], article_rank: Sequence[int]) -> list[Candidate]:
    """Reading order: by position in their articles (leads first), then by source rank
    (`article_rank[i]` is article i's place in the story, earliest published first)."""
    return sorted(chosen, key=lambda c: (c.position, article_rank[c.article]))


def split_paragraphs(ordered: Sequence[Candidate], paragraphs: int) -> list[list[Candidate]]:
    """Cut the ordered sentences into at most `paragraphs` runs of similar word counts."""
    count = max(1, min(paragraphs, len(ordered)))
    total = sum(candidate.length for candidate in ordered)
    runs: list[list[Candidate]] = [[] for _ in range(count)]
    written = 0
    for candidate in ordered:
        run = min(count - 1, int(count * written / total)) if total else 0
        runs[run].append(candidate)
        written += candidate.length
    return [run for run in runs if run]

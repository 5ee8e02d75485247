"""Which sentences of a story's sources make its write-up, and in what order.

Sentences are scored by what an editor looks for (early in its article, about what the
sources agree on, a readable length), picked greedily with redundancy against what is
already chosen (maximal marginal relevance), within a word budget, then put back in
reading order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

WORDS_PER_PARAGRAPH = 55
"""A short news paragraph: two or three sentences of 20-25 words (wire-style copy)."""

REDUNDANT_OVERLAP = 0.5
"""A candidate sharing more than this share of its content words with a chosen sentence
says the same thing again and is left out."""

_CENTRALITY, _POSITION, _LENGTH = 0.55, 0.35, 0.10
_NOVELTY = 0.5  # how much MMR discounts a candidate for what chosen sentences already say
_SHORTEST, _LONGEST = 8, 45  # words; outside this a sentence reads as a fragment or a wall


@dataclass(frozen=True)
class Candidate:
    """A sentence of one source that could go into the write-up."""

    text: str
    article: int
    position: int
    words: Counter[str]
    length: int
    truncated: bool = False


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


def select_sentences(
    candidates: Sequence[Candidate], scores: Sequence[float], budget: int
) -> list[Candidate]:
    """Pick sentences by maximal marginal relevance until the word budget is met.

    A sentence is taken only when it brings the write-up closer to `budget` words (so the
    result ends near the budget) and does not repeat a chosen sentence. Truncated
    sentences (cut off by the source's excerpt) are never taken. The best candidate is
    always taken, so a story with any usable sentence gets at least one.
    """
    pool = [i for i, candidate in enumerate(candidates) if not candidate.truncated]
    chosen: list[int] = []
    total = 0
    while pool:
        best = max(pool, key=lambda i: _marginal(i, candidates, scores, chosen))
        pool.remove(best)
        candidate = candidates[best]
        if _repeats(candidate, [candidates[i] for i in chosen]):
            continue
        if chosen and total + candidate.length / 2 > budget:
            continue
        chosen.append(best)
        total += candidate.length
    return [candidates[i] for i in chosen]


def _marginal(index: int, candidates: Sequence[Candidate], scores: Sequence[float],
              chosen: list[int]) -> float:
    """MMR: the candidate's score minus its similarity to the closest chosen sentence."""
    overlap = max((_overlap(candidates[index], candidates[i]) for i in chosen), default=0.0)
    return scores[index] - _NOVELTY * overlap


def _repeats(candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
    """True when the candidate mostly says what a chosen sentence says."""
    return any(_overlap(candidate, other) > REDUNDANT_OVERLAP for other in chosen)


def _overlap(a: Candidate, b: Candidate) -> float:
    """Share of the shorter sentence's content words found in the other."""
    if not a.words or not b.words:
        return 0.0
    shared = len(a.words.keys() & b.words.keys())
    return shared / min(len(a.words), len(b.words))


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

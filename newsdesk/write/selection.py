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
from datetime import date

from newsdesk.options import COPY_RULES, WriterSettings
from newsdesk.write.novelty import MIN_NOVELTY, Fact, novelty, same_fact
from newsdesk.write.opinion import REPORT

# The rules' values and where they come from: newsdesk.options (CopyRules, WriterSettings).
WORDS_PER_PARAGRAPH = WriterSettings.words_per_paragraph
SINGLE_SOURCE_PAIR = COPY_RULES.single_source_pair
TITLE_VOTE = COPY_RULES.title_vote
ATTRIBUTED_WEIGHT = COPY_RULES.attributed_weight  # per word, for an attributed sentence
REPEATED_SHARE = COPY_RULES.repeated_share

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
    fact: Fact = Fact(frozenset(), frozenset(), frozenset())
    opener: bool = False
    kind: str = REPORT
    day: date | None = None

    def follows(self, other: Candidate) -> bool:
        """True when `other` is the sentence right before this one in its article."""
        return other.article == self.article and other.position == self.position - 1


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
                     first: Candidate | None = None) -> list[Candidate]:
    """Pick sentences that cover what the sources agree on, until the word budget is met.

    A word pair that several outlets use is the story; one outlet's own phrasing is
    colour. `titles` are the word pairs of the sources' titles. Each pair is worth
    `votes - 1 + SINGLE_SOURCE_PAIR`, where the votes are the sources whose text uses it
    plus `TITLE_VOTE` for each title that names it, counted once however many chosen
    sentences repeat it; a sentence is worth the pairs it adds per
    word, raised for a sentence early in its article and `ATTRIBUTED_WEIGHT` times for
    one that attributes what it reports. Agreement decides which fact leads and which
    sentence tells it; it never earns a fact a second sentence: a sentence is taken only
    when it adds (`adds_to`: new word pairs, new content words, no fact already stated),
    it does not restate a chosen sentence in other words (`restates(candidate, chosen)`,
    when given) and it brings the write-up closer to `budget` words. A sentence that
    opens with a pronoun or connective waits until the sentence before it in its article
    is taken. Truncated sentences are never taken; `first` (when given) or else the best
    candidate is always taken, so a story with any usable sentence gets at least one.
    """
    worth = _pair_worth(candidates, titles)
    pool = [c for c in candidates if c.usable and not c.opener and c is not first]
    waiting: dict[tuple[int, int], list[Candidate]] = {}
    for candidate in candidates:
        if candidate.usable and candidate.opener and candidate is not first:
            waiting.setdefault((candidate.article, candidate.position - 1), []).append(candidate)
    chosen: list[Candidate] = []
    covered: set[tuple[str, str]] = set()
    said: set[str] = set()
    total = 0
    if first is not None:
        pool.insert(0, first)
    while pool:
        candidate = pool[0] if chosen == [] and first is not None else max(
            pool, key=lambda c: _gain(c, worth, covered))
        pool.remove(candidate)
        if chosen and not adds_to(candidate, chosen, covered, said):
            continue
        if chosen and total + candidate.length / 2 > budget:
            continue
        if restates is not None and restates(candidate, chosen):
            continue
        chosen.append(candidate)
        covered |= candidate.pairs
        said |= candidate.fact.stems
        total += candidate.length
        pool.extend(waiting.pop((candidate.article, candidate.position), []))
    return chosen


def adds_to(candidate: Candidate, chosen: Sequence[Candidate],
            covered: set[tuple[str, str]], said: set[str]) -> bool:
    """True when the candidate tells the write-up something new: most of its word pairs
    and `MIN_NOVELTY` of its content words are not in it yet, and no chosen sentence
    states the same fact (`novelty.same_fact`)."""
    if _repeats(candidate, covered) or novelty(candidate.fact, said) < MIN_NOVELTY:
        return False
    return not any(same_fact(candidate.fact, other.fact) for other in chosen)


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


def order_sentences(chosen: Sequence[Candidate], article_rank: Sequence[int],
                    latest: date | None = None, lead: Candidate | None = None
                    ) -> list[Candidate]:
    """Reading order. `lead` (when chosen) opens the write-up. When the story runs over
    several days (`latest` is its newest), the newest day's sentences first and earlier
    days' after, newest first; within a day by position in their articles (leads first),
    then by source rank (`article_rank[i]` is article i's place in the story, earliest
    published first). A sentence that opens with a pronoun or connective comes right
    after its predecessor when that is chosen."""
    def key(candidate: Candidate) -> tuple[int, int, int, int]:
        age = (latest - candidate.day).days if latest and candidate.day else 0
        return (candidate is not lead, age, candidate.position, article_rank[candidate.article])

    attached = [c for c in chosen if c.opener and any(c.follows(o) for o in chosen)]
    ordered = sorted((c for c in chosen if c not in attached), key=key)
    for candidate in sorted(attached, key=lambda c: c.position):
        place = next(i for i, o in enumerate(ordered) if candidate.follows(o))
        ordered.insert(place + 1, candidate)
    return ordered


def news_lead(chosen: Sequence[Candidate], titles: Sequence[Counter[str]]) -> Candidate | None:
    """The chosen sentence that tells the news: of those that stand alone, the one whose
    words the sources' titles use most (each title votes once for each of its words), per
    word, raised for a sentence early in its article. Titles are each outlet's one-line
    summary of what happened: a reaction or a background sentence uses fewer of their
    words than the sentence that reports the event."""
    votes: Counter[str] = Counter()
    for title in titles:
        votes.update(title.keys())
    alone = [c for c in chosen if not c.opener and c.words]
    if not alone or not votes:
        return None

    def support(candidate: Candidate) -> float:
        words = candidate.words.keys()
        density = sum(votes[word] for word in words) / math.sqrt(len(words))
        return density * (1.0 + _position_score(candidate.position))

    return max(alone, key=lambda c: (support(c), -c.position))


def split_paragraphs(ordered: Sequence[Candidate], paragraphs: int) -> list[list[Candidate]]:
    """Cut the ordered sentences into at most `paragraphs` runs of similar word counts,
    never between a sentence and the one that follows on from it."""
    count = max(1, min(paragraphs, len(ordered)))
    total = sum(candidate.length for candidate in ordered)
    runs: list[list[Candidate]] = [[] for _ in range(count)]
    written, run = 0, 0
    for index, candidate in enumerate(ordered):
        follows_on = index > 0 and candidate.opener and candidate.follows(ordered[index - 1])
        if not follows_on:
            run = min(count - 1, int(count * written / total)) if total else 0
        runs[run].append(candidate)
        written += candidate.length
    return [run for run in runs if run]

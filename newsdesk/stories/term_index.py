"""Term ids, document frequencies and an article's tf-idf weights as arrays.

The vectorised path's mirror of `TermStatistics` (evidence.py): the same numbers, computed
the same way (every logarithm `math`'s, tabulated; every sum left to right), over ids.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newsdesk.stories.evidence import ArticleEvidence, TermStatistics, numbers_of
from newsdesk.stories.story import member_marks
from newsdesk.stories.story_arrays import PROFILES


@dataclass(frozen=True)
class WeighedArrays:
    """An article's evidence weighed at the moment it arrives, as `WeighedArticle` weighs
    it: terms, headline and names (ids and unit tf-idf weights, one after the other),
    idf-weighted marks, numbers (all, and those among the marks, in the marks' order),
    and the columns of its three leading names."""

    evidence: ArticleEvidence
    ids: np.ndarray
    weights: np.ndarray
    lengths: tuple[int, int, int]
    mark_ids: np.ndarray
    mark_weights: list[float]
    number_ids: np.ndarray
    mark_number_ids: np.ndarray
    lead: list[int]

    @property
    def entity_ids(self) -> np.ndarray:
        """Ids of the article's names and numbers."""
        return self.ids[self.lengths[0] + self.lengths[1] :]

    @property
    def counted_ids(self) -> np.ndarray:
        """Distinct ids of its terms and names: what `TermStatistics.add` counts."""
        terms = self.ids[: self.lengths[0]]
        return np.unique(np.concatenate([terms, self.entity_ids]))


class TermIndex:
    """Term ids with document frequencies in an array: the `TermStatistics` of the engine,
    mirrored (`add` after each of its additions; `sync` rebuilds after a restore).

    Arrays indexed by term id keep one more slot, always empty, for the padding id -1.
    `position` and `weight` are scratch tables for looking an article's terms up: set
    for one article, read, and cleared again.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self.ids: dict[str, int] = {}
        self.documents = 0
        self.frequency = np.zeros(capacity + 1, dtype=np.int64)
        self.position = np.zeros((PROFILES, capacity + 1), dtype=np.int64)
        self.weight = np.zeros(capacity + 1)
        self._log_table = np.zeros(0)

    def ids_of(self, terms: Iterable[str]) -> np.ndarray:
        """The ids of `terms` in their order; unseen terms get new ids (frequency 0)."""
        found = list(map(self.ids.get, terms))
        if None in found:
            found = [self._new_id(t) if i is None else i for t, i in zip(terms, found, strict=True)]
        return np.array(found, dtype=np.int64)

    def _new_id(self, term: str) -> int:
        known = self.ids.get(term)
        if known is not None:
            return known
        new = self.ids[term] = len(self.ids)
        if new >= len(self.frequency) - 1:
            self._grow(2 * new)
        return new

    def _grow(self, capacity: int) -> None:
        used = len(self.frequency) - 1
        frequency = np.zeros(capacity + 1, dtype=np.int64)
        frequency[:used] = self.frequency[:used]
        self.frequency = frequency
        self.position = np.zeros((PROFILES, capacity + 1), dtype=np.int64)
        self.weight = np.zeros(capacity + 1)

    def add(self, evidence: ArticleEvidence) -> None:
        """Count one more article, as `TermStatistics.add` does."""
        self.add_ids(self.ids_of(list(set(evidence.terms) | set(evidence.entities))))

    def add_ids(self, ids: np.ndarray) -> None:
        """Count one more article with these distinct term ids."""
        self.frequency[ids] += 1
        self.documents += 1

    def sync(self, statistics: TermStatistics) -> bool:
        """Rebuild from `statistics` unless already in step with it; True if rebuilt (ids
        handed out before are then void)."""
        if statistics.documents == self.documents:
            return False
        self.__init__(max(1024, 2 * len(statistics.frequencies)))
        self.documents = statistics.documents
        terms = list(statistics.frequencies)
        ids = self.ids_of(terms)
        self.frequency[ids] = [statistics.frequencies[t] for t in terms]
        return True

    def log_frequency(self, ids: np.ndarray) -> np.ndarray:
        """math.log(frequency + 1) of each id, as `TermStatistics.weigh` computes it."""
        counts = self.frequency[ids]
        needed = int(counts.max(initial=0)) + 1
        if needed > len(self._log_table):
            size = max(needed, 2 * len(self._log_table), 1024)
            self._log_table = np.array([math.log(n + 1) for n in range(size)])
        return self._log_table[counts]

    def idf(self, ids: np.ndarray) -> np.ndarray:
        """`TermStatistics.idf` of each id (one math.log per distinct frequency)."""
        documents, log = self.documents + 1, math.log
        if ids.size < 64:
            frequency = self.frequency[ids].ravel().tolist()
            return np.array([log(documents / (f + 1)) + 1.0 for f in frequency]).reshape(ids.shape)
        values, inverse = np.unique(self.frequency[ids], return_inverse=True)
        table = np.array([log(documents / (v + 1)) + 1.0 for v in values.tolist()])
        return table[inverse].reshape(ids.shape)

    def weigh(self, evidence: ArticleEvidence) -> WeighedArrays:
        """`WeighedArticle.of(evidence, statistics)` as arrays (`sync` first)."""
        profiles = (evidence.terms, evidence.headline, evidence.entities)
        lengths = (len(evidence.terms), len(evidence.headline), len(evidence.entities))
        ids = self.ids_of([t for profile in profiles for t in profile])
        counts = np.fromiter((c for p in profiles for c in p.values()), np.float64, len(ids))
        raw = counts * (math.log(self.documents + 1) + 1.0 - self.log_frequency(ids))
        weights = np.zeros(len(ids))
        end = 0
        for length in lengths:
            part = raw[end : end + length]
            norm = math.sqrt(float(np.cumsum(part * part)[-1])) if length else 0.0
            if norm:
                weights[end : end + length] = part / norm
            end += length
        names = list(evidence.entities)
        name_ids = dict(zip(names, ids[lengths[0] + lengths[1] :].tolist(), strict=True))
        marks = member_marks(evidence.entities)
        mark_ids = np.array([name_ids[m] for m in marks], dtype=np.int64)
        numbers = numbers_of(evidence.entities)
        number_set = {name_ids[n] for n in numbers}
        name_weights = weights[lengths[0] + lengths[1] :].tolist()
        ranked = sorted(range(len(names)), key=lambda i: (-name_weights[i], names[i]))
        return WeighedArrays(
            evidence=evidence,
            ids=ids,
            weights=weights,
            lengths=lengths,
            mark_ids=mark_ids,
            mark_weights=self.idf(mark_ids).tolist(),
            number_ids=np.array([name_ids[n] for n in numbers], dtype=np.int64),
            mark_number_ids=np.array([i for i in mark_ids.tolist() if i in number_set], np.int64),
            lead=ranked[:3],
        )

"""The join model's feature rows for all candidate stories of an article at once, in numpy.

`describe_pair` (join_model.py) is the reference: one candidate at a time, in Python. This
module computes the same rows bit for bit over arrays kept per active story (its profiles
as term ids and counts, its recent members' marks, its core), so the model decides exactly
as it would. Two rules keep the arithmetic identical: sums run left to right in the
reference's order (a row-wise cumulative sum adds as Python's `sum` does; padding adds
zeros, which change nothing), and every logarithm is `math`'s, tabulated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from newsdesk.stories.evidence import ArticleEvidence, TermStatistics
from newsdesk.stories.join_model import Candidate, WeighedArticle, years_conflict, years_of
from newsdesk.stories.story import Story
from newsdesk.stories.story_arrays import PROFILES, StoryArrays, build_arrays

# How far a float32 dot product of n terms may stray, per unit of the vectors' norms: twice
# the classic bound n * 2**-24 covers two differently ordered sums (BLAS gemv and dot).
_DOT_SLACK = 2.0 * 2.0**-24


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
        ids = self.ids
        found = [ids.get(t) for t in terms]
        if None in found:
            found = [self._new_id(t) if i is None else i for t, i in zip(terms, found)]
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
        ids = self.ids_of(list(set(evidence.terms) | set(evidence.entities)))
        self.frequency[ids] += 1
        self.documents += 1

    def sync(self, statistics: TermStatistics) -> None:
        """Rebuild from `statistics` unless already in step with it."""
        if statistics.documents == self.documents:
            return
        self.__init__(max(1024, 2 * len(statistics.frequencies)))
        self.documents = statistics.documents
        terms = list(statistics.frequencies)
        ids = self.ids_of(terms)
        self.frequency[ids] = [statistics.frequencies[t] for t in terms]

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
        if not len(ids):
            return np.zeros(0)
        values, inverse = np.unique(self.frequency[ids], return_inverse=True)
        documents = self.documents + 1
        table = np.array([math.log(documents / (v + 1)) + 1.0 for v in values.tolist()])
        return table[inverse]


class PairFeatures:
    """Feature rows of an article against its candidate stories, with per-story arrays
    cached while the story does not change (the engine calls `forget` when it does)."""

    def __init__(self) -> None:
        self.terms = TermIndex()
        self._arrays: dict[str, StoryArrays] = {}
        self._previous: dict[str, StoryArrays] = {}

    def arrays(self, story: Story) -> StoryArrays:
        """The story's arrays, built on first use after a change."""
        arrays = self._arrays.get(story.id)
        if arrays is None:
            previous = self._previous.pop(story.id, None)
            arrays = self._arrays[story.id] = build_arrays(story, self.terms, previous)
        return arrays

    def forget(self, story_id: str, dropped: bool = False) -> None:
        """The story changed (or left the active set when `dropped`)."""
        arrays = self._arrays.pop(story_id, None)
        if dropped:
            self._previous.pop(story_id, None)
        elif arrays is not None:
            self._previous[story_id] = arrays

    def nearest_members(self, stories: Sequence[Story], vector: np.ndarray) -> list[float]:
        """max(v @ vector for v in story.recent) of each story, exactly: one matrix product
        screens all members, and only those that may hold a story's maximum are computed
        again as the reference computes them (the two products differ in the last bits)."""
        arrays = [self.arrays(s) for s in stories]
        lengths = [a.recent.shape[0] for a in arrays]
        best = [0.0] * len(stories)
        if not sum(lengths):
            return best
        approx = np.concatenate([a.recent for a in arrays if len(a.recent)]) @ vector
        owners = np.repeat(np.arange(len(stories)), lengths)
        norm = max(a.recent_norm for a in arrays) * float(np.linalg.norm(vector))
        slack = 2.0 * _DOT_SLACK * vector.shape[0] * norm + 1e-30
        tops = np.full(len(stories), -np.inf)
        np.maximum.at(tops, owners, approx)
        close = np.flatnonzero(approx >= tops[owners] - slack)
        starts = np.cumsum([0, *lengths])
        found = [False] * len(stories)
        for index in close.tolist():
            owner = int(owners[index])
            value = float(stories[owner].recent[index - starts[owner]] @ vector)
            best[owner] = value if not found[owner] else max(best[owner], value)
            found[owner] = True
        return best

    def rows(
        self,
        weighed: WeighedArticle,
        candidates: Sequence[Candidate],
        best_other: np.ndarray,
        statistics: TermStatistics,
    ) -> np.ndarray:
        """The (candidates x FEATURES) matrix that `describe_pair` would give, row by row."""
        self.terms.sync(statistics)
        stories = [self.arrays(c.story) for c in candidates]
        evidence = weighed.evidence
        size_log, share, day_log, undated, cohesion, conflict = _story_scalars(
            evidence, candidates, stories
        )
        dense = np.array([c.dense_centroid for c in candidates])
        nearest = np.array([c.dense_nearest for c in candidates])
        terms, headline, names, coverage, lead = self._profile_features(weighed, stories)
        members = _stack_rows([a.marks for a in stories])
        owners = np.repeat(np.arange(len(stories)), [len(a.marks) for a in stories])
        count = len(candidates)
        return np.column_stack(
            [
                dense,
                nearest,
                dense - best_other,
                terms,
                headline,
                names,
                share,
                dense * (1.0 - share),
                size_log,
                day_log,
                undated,
                np.full(count, math.log1p(len(evidence.terms))),
                nearest * (1.0 - share),
                dense * size_log,
                terms * share,
                coverage,
                conflict,
                np.full(count, 0.0 if evidence.entities else 1.0),
                self._member_coverage(weighed, members, owners, count),
                self._member_numbers(weighed, stories, owners),
                np.full(count, 0.0 if weighed.numbers else 1.0),
                cohesion,
                cohesion - dense,
                self._core_coverage(weighed, stories),
                lead,
            ]
        )

    def _profile_features(
        self, weighed: WeighedArticle, stories: list[StoryArrays]
    ) -> tuple[np.ndarray, ...]:
        """Cosines of the article's terms, headline and names with each story's profiles,
        the share of the article's names each story has, and of its three leading names."""
        index, count = self.terms, len(stories)
        width = max(a.profile_ids.shape[1] for a in stories)
        ids = np.stack([_pad(a.profile_ids, width, -1) for a in stories])
        counts = np.stack([_pad(a.profile_counts, width, 0.0) for a in stories])
        base = math.log(index.documents + 1) + 1.0
        weights = counts * (base - index.log_frequency(ids))
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = weights / np.sqrt(_row_sums(weights * weights))[..., None]
        article = [weighed.terms, weighed.headline, weighed.entities]
        lengths = [len(p) for p in article]
        article_ids = index.ids_of([t for profile in article for t in profile])
        kinds = np.repeat(np.arange(PROFILES), lengths)
        # Where each story term sits in the article (1-based; 0: not in the article).
        index.position[kinds, article_ids] = np.arange(1, len(article_ids) + 1)
        at = index.position[np.arange(PROFILES)[:, None], ids]
        index.position[kinds, article_ids] = 0
        story, kind, slot = np.nonzero(at)
        column = at[story, kind, slot] - 1
        values = np.zeros((count, len(article_ids)))
        values[story, column] = scaled[story, kind, slot]
        found = np.zeros((count, len(article_ids)), dtype=bool)
        found[story, column] = True
        article_weights = np.fromiter(
            (w for profile in article for w in profile.values()), np.float64, len(article_ids)
        )
        products = article_weights * values
        ends = np.cumsum(lengths)
        cosines = [_row_sums(products[:, end - n : end]) for n, end in zip(lengths, ends)]
        names = found[:, ends[1] : ends[2]]
        return (*cosines, _coverage(weighed, names), _lead(weighed, names))

    def _member_coverage(
        self, weighed: WeighedArticle, members: np.ndarray, owners: np.ndarray, count: int
    ) -> np.ndarray:
        """`best_member_coverage` of each story."""
        total = sum(weighed.marks.values())
        if not total:
            return np.zeros(count)
        index = self.terms
        mark_ids = index.ids_of(weighed.marks)
        index.weight[mark_ids] = list(weighed.marks.values())
        values = index.weight[members]
        index.weight[mark_ids] = 0.0
        return _largest(_row_sums(values) / total, owners, count, -np.inf)

    def _member_numbers(
        self, weighed: WeighedArticle, stories: list[StoryArrays], owners: np.ndarray
    ) -> np.ndarray:
        """`best_member_overlap` of each story."""
        if not weighed.numbers:
            return np.zeros(len(stories))
        index = self.terms
        number_ids = index.ids_of(weighed.numbers)
        index.weight[number_ids] = 1.0
        shared = index.weight[_stack_rows([a.numbers for a in stories])].sum(axis=1)
        index.weight[number_ids] = 0.0
        theirs = np.concatenate([a.number_counts for a in stories])
        union = len(number_ids) + theirs - shared
        overlap = np.where(theirs > 0, shared / np.maximum(union, 1), 0.0)
        return _largest(overlap, owners, len(stories), 0.0)

    def _core_coverage(self, weighed: WeighedArticle, stories: list[StoryArrays]) -> np.ndarray:
        """`core_coverage` of each story: idf-weighted share of its core the article names."""
        lengths = [len(a.core) for a in stories]
        if not sum(lengths):
            return np.zeros(len(stories))
        index = self.terms
        core = np.concatenate([a.core for a in stories])
        idf = index.idf(core)
        name_ids = index.ids_of(weighed.evidence.entities)
        index.weight[name_ids] = 1.0
        named = np.where(index.weight[core] > 0.0, idf, 0.0)
        index.weight[name_ids] = 0.0
        total, covered = _row_sums(_ragged(idf, lengths)), _row_sums(_ragged(named, lengths))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total != 0.0, covered / total, 0.0)


def _story_scalars(
    evidence: ArticleEvidence, candidates: Sequence[Candidate], stories: list[StoryArrays]
) -> list[np.ndarray]:
    """Per story: log1p(size), language share, log1p(days apart), undated, cohesion and
    year conflict, each as `describe_pair` computes it."""
    years = years_of(evidence.entities)
    columns: list[list[float]] = [[], [], [], [], [], []]
    for candidate, arrays in zip(candidates, stories):
        story = candidate.story
        days = story.days_apart(evidence.day)
        columns[0].append(arrays.size_log)
        columns[1].append(story.language_share(evidence.lang))
        columns[2].append(math.log1p(days) if days is not None else 0.0)
        columns[3].append(1.0 if days is None else 0.0)
        columns[4].append(arrays.cohesion)
        columns[5].append(years_conflict(years, arrays.years))
    return [np.array(column, dtype=np.float64) for column in columns]


def _coverage(weighed: WeighedArticle, found: np.ndarray) -> np.ndarray:
    """`entity_coverage`: the found names' weights summed in the article's order."""
    weights = np.fromiter(weighed.entities.values(), np.float64, len(weighed.entities))
    total = sum(weighed.entities.values())
    if not total:
        return np.zeros(found.shape[0])
    return _row_sums(np.where(found, weights, 0.0)) / total


def _lead(weighed: WeighedArticle, found: np.ndarray) -> np.ndarray:
    """`lead_names`: share of the article's three heaviest names found in each story."""
    ranked = sorted(
        enumerate(weighed.entities.items()), key=lambda item: (-item[1][1], item[1][0])
    )[:3]
    if not ranked:
        return np.zeros(found.shape[0])
    columns = [position for position, _ in ranked]
    return found[:, columns].sum(axis=1).astype(np.float64) / len(columns)


def best_others(dense: np.ndarray, typical: float | None) -> np.ndarray:
    """For each candidate, the largest dense similarity among the others (and `typical`,
    standing in for missing rivals, when given)."""
    if len(dense) > 1:
        order = np.argsort(-dense, kind="stable")
        first, second = dense[order[0]], dense[order[1]]
        others = np.where(np.arange(len(dense)) == order[0], second, first)
    else:
        others = np.full(len(dense), -np.inf)
    return others if typical is None else np.maximum(others, typical)


def _largest(values: np.ndarray, owners: np.ndarray, count: int, floor: float) -> np.ndarray:
    """The largest of `values` per owner (owners 0..count-1), never below `floor`."""
    out = np.full(count, floor)
    np.maximum.at(out, owners, values)
    return out


def _row_sums(values: np.ndarray) -> np.ndarray:
    """Sums along the last axis, added left to right (as Python's `sum` adds)."""
    if values.shape[-1] == 0:
        return np.zeros(values.shape[:-1])
    return np.cumsum(values, axis=-1)[..., -1]


def _pad(values: np.ndarray, width: int, fill: float) -> np.ndarray:
    if values.shape[-1] == width:
        return values
    padding = [(0, 0)] * (values.ndim - 1) + [(0, width - values.shape[-1])]
    return np.pad(values, padding, constant_values=fill)


def _stack_rows(blocks: list[np.ndarray]) -> np.ndarray:
    """Member rows of several stories, one matrix (narrower blocks padded with -1)."""
    width = max(b.shape[1] for b in blocks)
    return np.concatenate([_pad(b, width, -1) for b in blocks])


def _ragged(values: np.ndarray, lengths: list[int]) -> np.ndarray:
    """Consecutive runs of `values` of the given lengths as zero-padded rows."""
    out = np.zeros((len(lengths), max(lengths)))
    rows = np.repeat(np.arange(len(lengths)), lengths)
    out[rows, np.arange(len(values)) - np.repeat(_starts(lengths), lengths)] = values
    return out


def _starts(lengths: list[int]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)

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
from collections.abc import Sequence

import numpy as np

from newsdesk.stories.evidence import ArticleEvidence, TermStatistics
from newsdesk.stories.join_model import Candidate, years_conflict, years_of
from newsdesk.stories.story import Story
from newsdesk.stories.story_arrays import PROFILES, StoryArrays, build_arrays, grown_arrays
from newsdesk.stories.term_index import TermIndex, WeighedArrays

# How far a float32 dot product of n terms may stray, per unit of the vectors' norms: twice
# the classic bound n * 2**-24 covers two differently ordered sums (BLAS gemv and dot).
_DOT_SLACK = 2.0 * 2.0**-24
# Up to this many recent members, computing each exactly costs less than screening them.
_DIRECT_MEMBERS = 3


class PairFeatures:
    """Feature rows of an article against its candidate stories, with per-story arrays
    cached while the story does not change (the engine calls `forget` when it does)."""

    def __init__(self) -> None:
        self.terms = TermIndex()
        self._arrays: dict[str, StoryArrays] = {}
        self._previous: dict[str, StoryArrays] = {}
        self._weighed: WeighedArrays | None = None

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

    def grown(self, story: Story, evidence: ArticleEvidence) -> None:
        """The story has just gained the article of `evidence`: its arrays follow it
        without a rebuild when they and the article's weighed evidence are at hand."""
        arrays = self._arrays.pop(story.id, None)
        weighed = self._weighed
        if arrays is not None and weighed is not None and weighed.evidence is evidence:
            self._arrays[story.id] = grown_arrays(arrays, story, weighed, self.terms)
        elif arrays is not None:
            self._previous[story.id] = arrays

    def nearest_members(self, stories: Sequence[Story], vector: np.ndarray) -> list[float]:
        """max(v @ vector for v in story.recent) of each story, exactly: a story of a few
        members is computed as the reference computes it; for the others one matrix-vector
        product screens the members, and only those that may hold the maximum are computed
        again as the reference does (the two products differ in the last bits)."""
        # The bound on two dot products' difference, 1% over for the float32 norms.
        slack = 2.02 * _DOT_SLACK * vector.shape[0] * float(np.sqrt(vector @ vector))
        best = []
        for story in stories:
            if len(story.recent) <= _DIRECT_MEMBERS:
                best.append(max((float(v @ vector) for v in story.recent), default=0.0))
                continue
            arrays = self.arrays(story)
            approx = arrays.recent @ vector
            close = np.flatnonzero(approx >= approx.max() - slack * arrays.recent_norm - 1e-30)
            recent = story.recent
            best.append(max(float(recent[index] @ vector) for index in close.tolist()))
        return best

    def sync(self, statistics: TermStatistics) -> None:
        """Bring the term index in step with `statistics` (after a restore); story arrays
        built with ids of the index before are dropped."""
        if self.terms.sync(statistics):
            self._arrays.clear()
            self._previous.clear()

    def weigh(self, evidence: ArticleEvidence, statistics: TermStatistics) -> WeighedArrays:
        """The article's weighed evidence given `statistics` (see `TermIndex.weigh`)."""
        self.sync(statistics)
        self._weighed = self.terms.weigh(evidence)
        return self._weighed

    def count(self, evidence: ArticleEvidence, statistics: TermStatistics) -> None:
        """Count an article in the index, just before `statistics` counts it."""
        self.sync(statistics)
        weighed, self._weighed = self._weighed, None
        if weighed is not None and weighed.evidence is evidence:
            self.terms.add_ids(weighed.counted_ids)
        else:
            self.terms.add(evidence)

    def rows(
        self, weighed: WeighedArrays, candidates: Sequence[Candidate], best_other: np.ndarray
    ) -> np.ndarray:
        """The (candidates x FEATURES) matrix that `describe_pair` would give, row by row."""
        stories = [self.arrays(c.story) for c in candidates]
        evidence, count = weighed.evidence, len(candidates)
        size_log, share, day_log, undated, cohesion, conflict = _story_scalars(
            evidence, candidates, stories
        )
        dense = np.array([c.dense_centroid for c in candidates])
        nearest = np.array([c.dense_nearest for c in candidates])
        terms, headline, names, coverage, lead = self._profile_features(weighed, stories)
        owners = np.repeat(np.arange(count), [len(a.marks) for a in stories])
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
                self._member_coverage(weighed, stories, owners),
                self._member_numbers(weighed, stories, owners),
                np.full(count, 0.0 if len(weighed.number_ids) else 1.0),
                cohesion,
                cohesion - dense,
                self._core_coverage(weighed, stories),
                lead,
            ]
        )

    def _profile_features(
        self, weighed: WeighedArrays, stories: list[StoryArrays]
    ) -> tuple[np.ndarray, ...]:
        """Cosines of the article's terms, headline and names with each story's profiles,
        the share of the article's names each story has, and of its three leading names."""
        index, count = self.terms, len(stories)
        width = max(a.profile_ids.shape[1] for a in stories)
        ids = np.stack([_pad(a.profile_ids, width, -1) for a in stories])
        counts = np.stack([_pad(a.profile_counts, width, 0.0) for a in stories])
        # Where each story term sits in the article (1-based; 0: not in the article), looked
        # up in the flat table: the padding id -1 reads an empty last slot (the previous
        # row's; row 0's wraps round to the table's end).
        kinds = np.repeat(np.arange(PROFILES), weighed.lengths)
        index.position[kinds, weighed.ids] = np.arange(1, len(weighed.ids) + 1)
        rows = np.arange(PROFILES)[:, None] * index.position.shape[1]
        at = index.position.ravel()[ids + rows]
        index.position[kinds, weighed.ids] = 0
        # Only the profiles sharing a term with the article are weighed (the reference's
        # cosine is 0 for the others without weighing them).
        matched = np.flatnonzero(at)
        profile, slot = np.divmod(matched, width)
        column = at.reshape(-1)[matched] - 1
        needed, which = np.unique(profile, return_inverse=True)
        flat_ids, flat_counts = ids.reshape(-1, width)[needed], counts.reshape(-1, width)[needed]
        base = math.log(index.documents + 1) + 1.0
        weights = flat_counts * (base - index.log_frequency(flat_ids))
        norms = np.sqrt(_row_sums(weights * weights))
        story = profile // PROFILES
        values = np.zeros((count, len(weighed.ids)))
        values[story, column] = weights[which, slot] / norms[which]
        found = np.zeros((count, len(weighed.ids)), dtype=bool)
        found[story, column] = True
        products = weighed.weights * values
        ends = np.cumsum(weighed.lengths).tolist()
        cosines = [
            _row_sums(products[:, end - n : end])
            for n, end in zip(weighed.lengths, ends, strict=True)
        ]
        names = found[:, ends[1] :]
        name_weights = weighed.weights[ends[1] :]
        total = sum(name_weights.tolist())
        coverage = (
            _row_sums(np.where(names, name_weights, 0.0)) / total if total else np.zeros(count)
        )
        lead = (
            names[:, weighed.lead].sum(axis=1) / len(weighed.lead)
            if weighed.lead
            else np.zeros(count)
        )
        return (*cosines, coverage, lead)

    def _member_coverage(
        self, weighed: WeighedArrays, stories: list[StoryArrays], owners: np.ndarray
    ) -> np.ndarray:
        """`best_member_coverage` of each story."""
        total = sum(weighed.mark_weights)
        if not total:
            return np.zeros(len(stories))
        weight = self.terms.weight
        weight[weighed.mark_ids] = weighed.mark_weights
        values = weight[_stack_rows([a.marks for a in stories])]
        weight[weighed.mark_ids] = 0.0
        return _largest(_row_sums(values) / total, owners, len(stories), -np.inf)

    def _member_numbers(
        self, weighed: WeighedArrays, stories: list[StoryArrays], owners: np.ndarray
    ) -> np.ndarray:
        """`best_member_overlap` of each story."""
        if not len(weighed.number_ids):
            return np.zeros(len(stories))
        weight = self.terms.weight
        weight[weighed.number_ids] = 1.0
        shared = weight[_stack_rows([a.numbers for a in stories])].sum(axis=1)
        weight[weighed.number_ids] = 0.0
        theirs = np.concatenate([a.number_counts for a in stories])
        union = len(weighed.number_ids) + theirs - shared
        overlap = np.where(theirs > 0, shared / np.maximum(union, 1), 0.0)
        return _largest(overlap, owners, len(stories), 0.0)

    def _core_coverage(self, weighed: WeighedArrays, stories: list[StoryArrays]) -> np.ndarray:
        """`core_coverage` of each story: idf-weighted share of its core the article names."""
        core = _stack_rows([a.core for a in stories])
        if not core.shape[1]:
            return np.zeros(len(stories))
        weight = self.terms.weight
        idf = np.where(core >= 0, self.terms.idf(core), 0.0)
        weight[weighed.entity_ids] = 1.0
        named = np.where(weight[core] > 0.0, idf, 0.0)
        weight[weighed.entity_ids] = 0.0
        total, covered = _row_sums(idf), _row_sums(named)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total != 0.0, covered / total, 0.0)


def _story_scalars(
    evidence: ArticleEvidence, candidates: Sequence[Candidate], stories: list[StoryArrays]
) -> list[np.ndarray]:
    """Per story: log1p(size), language share, log1p(days apart), undated, cohesion and
    year conflict, each as `describe_pair` computes it."""
    years = years_of(evidence.entities)
    columns: list[list[float]] = [[], [], [], [], [], []]
    for candidate, arrays in zip(candidates, stories, strict=True):
        story = candidate.story
        days = story.days_apart(evidence.day)
        columns[0].append(arrays.size_log)
        columns[1].append(story.language_share(evidence.lang))
        columns[2].append(math.log1p(days) if days is not None else 0.0)
        columns[3].append(1.0 if days is None else 0.0)
        columns[4].append(arrays.cohesion)
        columns[5].append(years_conflict(years, arrays.years))
    return [np.array(column, dtype=np.float64) for column in columns]


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
    out = np.full((*values.shape[:-1], width), fill, dtype=values.dtype)
    out[..., : values.shape[-1]] = values
    return out


def _stack_rows(blocks: list[np.ndarray]) -> np.ndarray:
    """Rows of several stories as one matrix (narrower blocks padded with -1)."""
    width = max(b.shape[1] for b in blocks)
    if all(b.shape[1] == width for b in blocks):
        return np.concatenate(blocks)
    out = np.full((sum(len(b) for b in blocks), width), -1, dtype=np.int64)
    row = 0
    for block in blocks:
        out[row : row + len(block), : block.shape[1]] = block
        row += len(block)
    return out

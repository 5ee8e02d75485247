"""A story's evidence as arrays, for comparing an article with many stories at once.

Built from a `Story` when it is a candidate and kept until the story changes; a rebuild
reuses the rows of members it already had, and a story that has just grown by an article
whose evidence is at hand extends its member matrices with it instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.stories.evidence import numbers_of
from newsdesk.stories.join_model import years_of
from newsdesk.stories.story import MEMBER_MARKS, PROFILE_TERMS, RECENT_MEMBERS, Story

if TYPE_CHECKING:
    from newsdesk.stories.term_index import TermIndex, WeighedArrays

# Terms, headline, names: the three profiles compared by cosine.
PROFILES = 3
# Pads id arrays: the term index keeps its last slot empty for it.
PAD = -1


@dataclass
class StoryArrays:
    """One story's profiles (ids and counts, in the profile's order, one row each),
    recent member vectors (with a bound on their norms), member marks and numbers, core,
    years and cohesion."""

    profile_ids: np.ndarray
    profile_counts: np.ndarray
    recent: np.ndarray
    recent_norm: float
    members: list[list[str]]
    member_rows: list[tuple[np.ndarray, np.ndarray]]
    marks: np.ndarray
    numbers: np.ndarray
    number_counts: np.ndarray
    core: np.ndarray
    years: frozenset[str]
    cohesion: float
    size_log: float


def build_arrays(story: Story, terms: TermIndex, previous: StoryArrays | None) -> StoryArrays:
    """The arrays of `story`, term ids from `terms`; rows of `previous` members reused."""
    profiles = (story.terms, story.headline, story.entities)
    ids = [terms.ids_of(profile) for profile in profiles]
    counts = [np.fromiter(profile.values(), np.float64, len(profile)) for profile in profiles]
    rows = _member_rows(story.marks, terms, previous)
    recent = np.stack(story.recent) if story.recent else np.zeros((0, 0), np.float32)
    norm = math.sqrt(np.einsum("ij,ij->i", recent, recent).max(initial=0.0))
    members = (rows, _matrix([r[0] for r in rows]), _matrix([r[1] for r in rows]))
    return _assemble(story, ids, counts, members, (recent, norm))


def grown_arrays(
    arrays: StoryArrays, story: Story, weighed: WeighedArrays, terms: TermIndex
) -> StoryArrays:
    """`build_arrays(story)` for a story that has just gained the article `weighed` and
    had `arrays` before: its new member's marks and vector extend the matrices it had."""
    profiles = (story.terms, story.headline, story.entities)
    ids = [terms.ids_of(profile) for profile in profiles]
    counts = [np.fromiter(profile.values(), np.float64, len(profile)) for profile in profiles]
    member = (_row(weighed.mark_ids), _row(weighed.mark_number_ids))
    rows = ([*arrays.member_rows, member] if arrays.members else [member])[-RECENT_MEMBERS:]
    keep = len(rows) - 1
    widths = (arrays.marks.shape[1], arrays.numbers.shape[1])
    if keep and widths == (member[0].shape[1], member[1].shape[1]):
        marks = np.concatenate((arrays.marks[len(arrays.marks) - keep :], member[0]))
        numbers = np.concatenate((arrays.numbers[len(arrays.numbers) - keep :], member[1]))
    else:
        marks, numbers = _matrix([r[0] for r in rows]), _matrix([r[1] for r in rows])
    vector = story.recent[-1]
    kept = arrays.recent[len(arrays.recent) - len(story.recent) + 1 :]
    recent = np.concatenate((kept, vector[None])) if len(kept) else vector[None].copy()
    # An upper bound on the members' norms (a dropped member may have been the largest).
    norm = max(arrays.recent_norm, math.sqrt(float(vector @ vector)))
    return _assemble(story, ids, counts, (rows, marks, numbers), (recent, norm))


def _assemble(
    story: Story,
    ids: list[np.ndarray],
    counts: list[np.ndarray],
    members: tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray, np.ndarray],
    recent: tuple[np.ndarray, float],
) -> StoryArrays:
    """The arrays of `story` from its profiles as ids and counts, its member rows with
    their marks and numbers as matrices, and its recent vectors with their largest norm."""
    lengths = tuple(len(i) for i in ids)
    width = max(PROFILE_TERMS, *lengths)
    profile_ids = np.full((PROFILES, width), PAD, dtype=np.int64)
    profile_counts = np.zeros((PROFILES, width))
    for row, length in enumerate(lengths):
        profile_ids[row, :length] = ids[row]
        profile_counts[row, :length] = counts[row]
    rows, marks, numbers = members
    return StoryArrays(
        profile_ids=profile_ids,
        profile_counts=profile_counts,
        recent=recent[0],
        recent_norm=recent[1],
        members=list(story.marks),
        member_rows=rows,
        marks=marks,
        numbers=numbers,
        number_counts=(numbers != PAD).sum(axis=1),
        core=_core(marks, len(story.marks)),
        years=frozenset(years_of(story.entities)),
        cohesion=story.cohesion(),
        size_log=math.log1p(story.size),
    )


def _member_rows(
    members: list[list[str]], terms: TermIndex, previous: StoryArrays | None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(mark ids, number ids) of each member as rows padded with -1 to `MEMBER_MARKS`; a
    story without members gets one empty row, which scores as the reference's default."""
    known = {}
    if previous is not None:
        known = {id(m): row for m, row in zip(previous.members, previous.member_rows, strict=False)}
    rows = []
    for member in members:
        row = known.get(id(member))
        if row is None:
            numbers = numbers_of(member)
            row = (
                _row(terms.ids_of(member)),
                _row(terms.ids_of([m for m in member if m in numbers])),
            )
        rows.append(row)
    empty = _row(np.zeros(0, dtype=np.int64))
    return rows or [(empty, empty)]


def _row(ids: np.ndarray) -> np.ndarray:
    """`ids` as one row padded with -1 to at least `MEMBER_MARKS` columns."""
    row = np.full((1, max(MEMBER_MARKS, len(ids))), PAD, dtype=np.int64)
    row[0, : len(ids)] = ids
    return row


def _matrix(rows: list[np.ndarray]) -> np.ndarray:
    """One-row arrays of ids as one matrix padded with -1."""
    width = max(r.shape[1] for r in rows)
    if all(r.shape[1] == width for r in rows):
        return np.concatenate(rows)
    out = np.full((len(rows), width), PAD, dtype=np.int64)
    for index, row in enumerate(rows):
        out[index, : row.shape[1]] = row[0]
    return out


def _core(marks: np.ndarray, members: int) -> np.ndarray:
    """Ids of the marks at least half of the `members` have, in first-seen order (the
    order in which `core_coverage` finds them), as one row."""
    flat = marks[marks != PAD]
    if members <= 2:  # every mark of one member or two is at least half of them
        return np.array([list(dict.fromkeys(flat.tolist()))], dtype=np.int64).reshape(1, -1)
    ids, first, counts = np.unique(flat, return_index=True, return_counts=True)
    keep = 2 * counts >= members
    return ids[keep][np.argsort(first[keep])].reshape(1, -1)


class CentroidRows:
    """The active stories' centroids as the rows of one float32 matrix, in the engine's
    story order. Room grows by doubling, so opening a story copies no other row."""

    def __init__(self, dim: int) -> None:
        self._buffer = np.zeros((64, dim), dtype=np.float32)
        self.count = 0

    @property
    def matrix(self) -> np.ndarray:
        """The rows in use (a contiguous view)."""
        return self._buffer[: self.count]

    def append(self, centroid: np.ndarray) -> None:
        """Add a row at the end."""
        if self.count == len(self._buffer):
            grown = np.zeros((2 * self.count, self._buffer.shape[1]), dtype=np.float32)
            grown[: self.count] = self._buffer
            self._buffer = grown
        self._buffer[self.count] = centroid
        self.count += 1

    def set(self, slot: int, centroid: np.ndarray) -> None:
        """Replace row `slot`."""
        self._buffer[slot] = centroid

    def delete(self, slot: int) -> None:
        """Remove row `slot`; the rows after it move up one."""
        self._buffer[slot : self.count - 1] = self._buffer[slot + 1 : self.count]
        self.count -= 1

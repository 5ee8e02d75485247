"""Choose the centroid cosine at which two edition items are one event, on gold stories.

    NEWSDESK_SHARED_DATA=/work/shared/data .venv/bin/python bench/event_threshold.py

An edition must not write one event up twice, yet must not drop a distinct event as a
"repeat". On each labelled set (USE vectors, as the store keeps them):
- wrong merges: pairs of distinct gold stories an edition could carry together (on
  allsides-dev, stories dated in the same ISO week; googlenews-ts has no dates: all pairs)
  whose centroids reach the threshold, as a share of such pairs and per 45 pairs (the
  pairs of a ten-item edition);
- splits caught: each gold story of at least two articles cut in two, as the engine may
  cut it (allsides-dev: one outlet's article apart from the others'; googlenews-ts: the
  first half of its articles in stream order apart from the second), whose halves'
  centroids reach the threshold.
Cosine alone at several thresholds, then the rule `newsdesk.write.events.same_event` ships
(cosine, or a lower cosine with shared names and numbers).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import StorySet, load_story_set  # noqa: E402

from newsdesk.write.events import (  # noqa: E402
    EVENT_COSINE,
    NAMED_COSINE,
    SHARED_NAMES,
    EventMarks,
    event_names,
    same_event,
)

THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.92)
EDITION_PAIRS = 45  # ten items: 45 pairs that must not be taken for one event


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def marks(data: StorySet, rows: list[int]) -> EventMarks:
    """The event marks of the articles `rows` of a set, as an edition item would have."""
    names = {n for r in rows for n in event_names(data.items[r].article.title,
                                                   data.items[r].article.text)}
    return EventMarks(frozenset(), frozenset(), frozenset(),
                      data.vectors[rows].mean(axis=0), frozenset(names))


def shipped_rule(name: str) -> tuple[float, float, int]:
    """Wrong merges (share of same-week distinct pairs) and splits caught by `same_event`."""
    data = load_story_set(name)
    rows, weeks, _ = gold_groups(name)
    story_marks = {story: marks(data, members) for story, members in rows.items()}
    stories = sorted(rows)
    pairs = [(a, b) for i, a in enumerate(stories) for b in stories[i + 1:]
             if weeks[a] == weeks[b]]
    wrong = sum(same_event(story_marks[a], story_marks[b]) for a, b in pairs)
    cuts = [split(name, members) for members in rows.values() if len(members) > 1]
    caught = sum(same_event(marks(data, first), marks(data, rest)) for first, rest in cuts)
    return wrong / max(1, len(pairs)), caught / max(1, len(cuts)), len(pairs)


def split(name: str, members: list[int]) -> tuple[list[int], list[int]]:
    """A gold story cut as the engine may cut it (see the module docstring)."""
    cut = 1 if name.startswith("allsides") else len(members) // 2
    return members[:cut], members[cut:]


def gold_groups(name: str) -> tuple[dict[str, list[int]], dict[str, str], np.ndarray]:
    """Rows of each gold story, each story's week ('' without dates), the vectors."""
    data = load_story_set(name)
    rows: dict[str, list[int]] = defaultdict(list)
    weeks: dict[str, str] = {}
    for row, item in enumerate(data.items):
        rows[item.gold].append(row)
        when = item.article.published
        weeks.setdefault(item.gold, f"{when.isocalendar()[0]}-{when.isocalendar()[1]}"
                         if when else "")
    return rows, weeks, data.vectors


def distinct_pairs(rows: dict[str, list[int]], weeks: dict[str, str],
                   vectors: np.ndarray) -> np.ndarray:
    """Centroid cosines of every pair of distinct stories of the same week."""
    stories = sorted(rows)
    centroids = np.stack([unit(vectors[rows[s]].mean(axis=0)) for s in stories])
    sims = centroids @ centroids.T
    same_week = np.array([[weeks[a] == weeks[b] for b in stories] for a in stories])
    upper = np.triu(np.ones_like(sims, dtype=bool), k=1)
    return sims[upper & same_week]


def split_cosines(name: str, rows: dict[str, list[int]], vectors: np.ndarray) -> np.ndarray:
    """Cosine between the two parts of each gold story cut as the engine may cut it."""
    cosines = []
    for members in rows.values():
        if len(members) < 2:
            continue
        first, rest = split(name, members)
        cosines.append(float(unit(vectors[first].mean(axis=0)) @ unit(vectors[rest].mean(axis=0))))
    return np.array(cosines)


def report(name: str) -> None:
    rows, weeks, vectors = gold_groups(name)
    pairs = distinct_pairs(rows, weeks, vectors)
    splits = split_cosines(name, rows, vectors)
    print(f"\n{name}: {len(rows)} gold stories, {len(pairs)} distinct pairs that could meet "
          f"in an edition, {len(splits)} stories cut in two")
    print("| rule | wrong merges (share of pairs) | per 45 pairs | splits caught |")
    print("|---|---|---|---|")
    for threshold in THRESHOLDS:
        wrong = float((pairs >= threshold).mean()) if len(pairs) else 0.0
        caught = float((splits >= threshold).mean()) if len(splits) else 0.0
        print(f"| cosine >= {threshold:.2f} | {wrong:.2%} | {wrong * EDITION_PAIRS:.3f} | "
              f"{caught:.1%} |")
    wrong, caught, _ = shipped_rule(name)
    print(f"| **shipped**: cosine >= {EVENT_COSINE:.2f}, or >= {NAMED_COSINE:.2f} sharing "
          f">= {SHARED_NAMES:.0%} of names | {wrong:.2%} | {wrong * EDITION_PAIRS:.3f} | "
          f"{caught:.1%} |")


def main() -> None:
    for name in sys.argv[1:] or ["allsides-dev", "googlenews-ts"]:
        report(name)


if __name__ == "__main__":
    main()

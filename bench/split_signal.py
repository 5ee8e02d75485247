"""Would splitting a story after the fact separate sibling events? An analysis only.

    /work/main/.venv/bin/python bench/split_signal.py [SET ...]   # default: ecbplus-dev

Clusters each set with the shipped engine, then for every story of at least six articles
splits its members' USE vectors in two (principal direction, refined by 2-means) and prints
the gap between the mean cosine within the halves and across them, marking the stories
that mix two gold events (at least three articles of the second). A split rule would need
mixed stories to show a larger gap than pure ones.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import load_story_set  # noqa: E402

from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.stream import cluster_articles  # noqa: E402

SMALLEST = 6


def split_in_two(vectors: np.ndarray, rounds: int = 20) -> np.ndarray:
    """0/1 labels: split along the principal direction, then refined by 2-means."""
    centred = vectors - vectors.mean(axis=0)
    direction = np.linalg.svd(centred, full_matrices=False)[2][0]
    labels = (centred @ direction > 0).astype(int)
    for _ in range(rounds):
        if labels.min() == labels.max():
            break
        centres = np.stack([vectors[labels == k].mean(axis=0) for k in (0, 1)])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        moved = np.argmax(vectors @ centres.T, axis=1)
        if (moved == labels).all():
            break
        labels = moved
    return labels


def within_and_across(vectors: np.ndarray, labels: np.ndarray) -> tuple[float, float] | None:
    """Mean cosine within the two halves (averaged) and across them."""
    sims = vectors @ vectors.T
    halves = [labels == 0, labels == 1]
    if min(h.sum() for h in halves) < 2:
        return None
    within = np.mean([(sims[np.ix_(h, h)].sum() - h.sum()) / (h.sum() * (h.sum() - 1))
                      for h in halves])
    return float(within), float(sims[np.ix_(halves[0], halves[1])].mean())


def main() -> None:
    for name in sys.argv[1:] or ["ecbplus-dev"]:
        story_set = load_story_set(name)
        found = cluster_articles([i.article for i in story_set.items], story_set.vectors,
                                 StoryEngine())
        members: dict[str, list[int]] = defaultdict(list)
        for index, assignment in enumerate(found):
            members[assignment.story_id].append(index)
        rows = []
        for indices in members.values():
            if len(indices) < SMALLEST:
                continue
            golds = Counter(story_set.items[i].gold for i in indices).most_common(2)
            vectors = story_set.vectors[indices]
            measured = within_and_across(vectors, split_in_two(vectors))
            if measured:
                mixed = len(golds) > 1 and golds[1][1] >= 3
                rows.append((measured[0] - measured[1], mixed, *measured, len(indices)))
        rows.sort(reverse=True)
        print(f"{name}: {len(rows)} stories of {SMALLEST}+ articles, "
              f"{sum(r[1] for r in rows)} mixed")
        for label, mixed in (("mixed", True), ("pure", False)):
            gaps = [r[0] for r in rows if r[1] is mixed]
            if gaps:
                print(f"  gap within - across, {label}: mean {np.mean(gaps):.3f}, "
                      f"range {min(gaps):.3f}-{max(gaps):.3f}")
        print("  largest gaps first (M mixed, p pure):",
              " ".join("M" if r[1] else "p" for r in rows[:20]))


if __name__ == "__main__":
    main()

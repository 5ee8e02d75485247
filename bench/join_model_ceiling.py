"""How far the join model can take one set when it need not serve the others.

    /work/main/.venv/bin/python bench/join_model_ceiling.py [SET ...]  # ecbplus-dev ntrex-dev

For each named set (the two whose targets are not met) the model is fitted exactly as
`train_join_model.py` fits it (teacher forcing, `OPENER_WEIGHT`, `HIDDEN_UNITS`, no free
rounds), but on different training sets:

- the set alone, and scored on the same articles: the most the engine's evidence gives
  that set when nothing else pulls on the model (in-sample, so optimistic);
- half of the set's topics alone, scored on the other half, both ways round (an ECB+
  label "12_ecbplus" belongs to topic "12", so a topic's two sibling events stay in one
  half; other sets' labels are their own topic);
- the set with one other development set beside it;
- all six development sets: the shipped recipe.

Each fitted model is scored on the named set at every threshold of THRESHOLDS. Printed:
the score at the threshold that is best over the fitted sets (how one configuration would
choose it) and, beside it, the best score over all thresholds, a ceiling for the set.
Scores are B-cubed F1.

    /work/main/.venv/bin/python bench/join_model_ceiling.py --weighted

fits all six sets with the shares of WEIGHTINGS instead (ecbplus-dev and ntrex-dev given
more of the fit, or the googlenews pair and meantime less) and scores the two sets.
"""

from __future__ import annotations

import hashlib
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import train_join_model as trainer  # noqa: E402
from story_sets import DEV_SETS, StorySet, load_story_set  # noqa: E402

from newsdesk.stories.join_model import JoinModel  # noqa: E402

THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
WHOLE = -1
"""The `half` of a part that is the whole set."""

WEIGHTINGS = (
    {"ecbplus-dev": 2.0, "ntrex-dev": 2.0},
    {"ecbplus-dev": 3.0, "ntrex-dev": 3.0},
    {"googlenews-ts": 0.5, "googlenews-t": 0.5, "meantime-4lang": 0.5},
)
"""`--weighted`: shares of the fit tried for the sets, against 1 each in the trainer."""

Part = tuple[str, int]


def topic(gold: str) -> str:
    """The topic of a gold label: ECB+ names sibling events "<topic>_ecb" and "<topic>_ecbplus"."""
    return gold.split("_", 1)[0]


def part(name: str, half: int) -> StorySet:
    """A set, or the half of its articles whose gold topic hashes to `half`."""
    story_set = load_story_set(name)
    if half == WHOLE:
        return story_set
    keep = [
        i
        for i, item in enumerate(story_set.items)
        if int(hashlib.md5(topic(item.gold or "").encode()).hexdigest(), 16) % 2 == half
    ]
    return StorySet(name, [story_set.items[i] for i in keep], story_set.vectors[keep], None)


def harvest(key: Part) -> tuple[Part, tuple[np.ndarray, ...]]:
    """Teacher-forced pairs of one part (a pool worker)."""
    rows, labels, opens, _ = trainer.harvest_pairs(part(*key))
    return key, (rows, labels, opens)


def score(job: tuple[str, int, JoinModel]) -> float:
    """B-cubed F1 of the engine running freely with the model on one part (a pool worker)."""
    name, half, model = job
    return trainer.engine_bcubed(part(name, half), model)


def fitted_on(
    pairs: dict[Part, tuple[np.ndarray, ...]],
    train: list[Part],
    weights: dict[str, float] | None = None,
) -> JoinModel:
    """The model fitted on the training parts, as the trainer fits it; `weights` scales a
    set's share of the fit (1 each by default, as in the trainer)."""
    gathered = trainer.TrainingPairs()
    for key in train:
        gathered.add(*pairs[key])
        gathered.weights[-1] = gathered.weights[-1] * (weights or {}).get(key[0], 1.0)
    return gathered.fit()


def judge(
    pool: Pool, model: JoinModel, train: list[Part], targets: list[Part]
) -> list[tuple[float, float, float]]:
    """For each target: (its score at the threshold best over the fitted parts, that
    threshold, its best score at any threshold)."""
    parts = list(dict.fromkeys([*targets, *train]))
    by_threshold = []
    for threshold in THRESHOLDS:
        trial = model.with_threshold(threshold)
        scores = dict(zip(parts, pool.map(score, [(*key, trial) for key in parts]), strict=True))
        by_threshold.append((float(np.mean([scores[key] for key in train])), threshold, scores))
    _, chosen, at_chosen = max(by_threshold, key=lambda row: row[:2])
    return [
        (at_chosen[target], chosen, max(row[2][target] for row in by_threshold))
        for target in targets
    ]


def weighted(pool: Pool, pairs: dict[Part, tuple[np.ndarray, ...]]) -> None:
    """The shipped recipe with some sets given a larger or smaller share of the fit."""
    six = [(name, WHOLE) for name in DEV_SETS]
    for weights in WEIGHTINGS:
        model = fitted_on(pairs, six, weights)
        named = ", ".join(f"{name} x{weight:g}" for name, weight in weights.items())
        targets = [("ecbplus-dev", WHOLE), ("ntrex-dev", WHOLE)]
        scores = [
            f"{name} {value:.3f} at {threshold:.2f} (best {ceiling:.3f})"
            for (name, _), (value, threshold, ceiling) in zip(
                targets, judge(pool, model, six, targets), strict=True
            )
        ]
        print(f"all six, {named}: " + "; ".join(scores), flush=True)


def main() -> None:
    if sys.argv[1:] == ["--weighted"]:
        with Pool(2) as pool:
            weighted(pool, dict(pool.imap(harvest, [(name, WHOLE) for name in DEV_SETS])))
        return
    targets = sys.argv[1:] or ["ecbplus-dev", "ntrex-dev"]
    keys = [(name, WHOLE) for name in DEV_SETS] + [(n, h) for n in targets for h in (0, 1)]
    with Pool(2) as pool:
        pairs = dict(pool.imap(harvest, keys))
        for name in targets:
            whole = (name, WHOLE)
            print(
                f"{name} (B3-F1 at the threshold chosen on the fitted sets; best at any threshold)"
            )
            trials: list[tuple[str, list[Part], Part]] = [
                ("alone, scored in-sample", [whole], whole)
            ]
            trials += [
                (
                    f"half its topics, scored on the other half ({h}->{1 - h})",
                    [(name, h)],
                    (name, 1 - h),
                )
                for h in (0, 1)
            ]
            trials += [
                (f"with {other}", [whole, (other, WHOLE)], whole)
                for other in DEV_SETS
                if other != name
            ]
            trials.append(
                ("all six development sets (shipped recipe)", [(n, WHOLE) for n in DEV_SETS], whole)
            )
            for label, train, target in trials:
                [(value, threshold, ceiling)] = judge(
                    pool, fitted_on(pairs, train), train, [target]
                )
                print(f"  {label}: {value:.3f} at {threshold:.2f}; best {ceiling:.3f}", flush=True)


if __name__ == "__main__":
    main()

"""How well the join model generalises: fitted without the stories it is scored on.

    /work/main/.venv/bin/python bench/crossval_join_model.py sets [--free-rounds 0,1]
    /work/main/.venv/bin/python bench/crossval_join_model.py events [--units 8,0,4]

`sets` leaves one development set out at a time (ecbplus-dev, allsides-dev, ntrex-dev):
the model is fitted on the other five, its threshold chosen on them, and the left-out set
is scored, as a kind of data the model has never seen. `events` splits every set in two by
a hash of its gold events, fits on one half of every set and scores the other half (other
events of the kinds the model has seen), both ways round. Both fit exactly as
`train_join_model.py` does (teacher forcing, `OPENER_WEIGHT`, optional free rounds),
with `--units` hidden units (0: a logistic model); each variant listed is run on the same
harvest. Scores are B-cubed F1; googlenews-s,
which nothing is trained on, is scored alongside (its matching half for `events`).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import train_join_model as trainer  # noqa: E402
from story_sets import DEV_SETS, StorySet, load_story_set  # noqa: E402

from newsdesk.stories.join_model import JoinModel  # noqa: E402

LEFT_OUT = ("ecbplus-dev", "allsides-dev", "ntrex-dev")
CHECK_SET = "googlenews-s"
THRESHOLDS = (0.1, 0.15, 0.2, 0.3)
WHOLE = -1
"""The `half` of a job that takes a whole set."""


def part(name: str, half: int) -> StorySet:
    """A set, or the half of its articles whose gold event hashes to `half`."""
    story_set = load_story_set(name)
    if half == WHOLE:
        return story_set
    keep = [i for i, item in enumerate(story_set.items) if _half(item.gold or "") == half]
    return StorySet(name, [story_set.items[i] for i in keep], story_set.vectors[keep], None)


def _half(gold: str) -> int:
    """Which half an event falls in: a stable hash of its label."""
    return int(hashlib.md5(gold.encode()).hexdigest(), 16) % 2


def harvest(job: tuple[str, int]) -> tuple[tuple[str, int], tuple[np.ndarray, ...]]:
    """Teacher-forced pairs of one set or half (a pool worker)."""
    name, half = job
    rows, labels, opens, _ = trainer.harvest_pairs(part(name, half))
    return job, (rows, labels, opens)


def harvest_free(job: tuple[str, int, JoinModel]) -> tuple[np.ndarray, ...]:
    """Pairs met while the model decides freely on one set or half (a pool worker)."""
    name, half, model = job
    loaded = part(name, half)
    whole = trainer.load_story_set
    trainer.load_story_set = lambda _name: loaded
    try:
        return trainer.harvest_free_set((name, model))[1:]
    finally:
        trainer.load_story_set = whole


def score(job: tuple[str, int, JoinModel]) -> float:
    """B-cubed F1 of the engine running freely with the model on one set or half."""
    name, half, model = job
    return trainer.engine_bcubed(part(name, half), model)


def fit(
    pool: Pool, pairs: dict, train: list[tuple[str, int]], units: int, free_rounds: int
) -> JoinModel:
    """The model fitted on the training parts, with `free_rounds` free rounds."""
    gathered = trainer.TrainingPairs()
    for key in train:
        gathered.add(*pairs[key])
    model = gathered.fit(units)
    for _ in range(free_rounds):
        jobs = [
            (name, half, model.with_threshold(trainer.HARVEST_THRESHOLD)) for name, half in train
        ]
        for rows, labels, opens in pool.imap(harvest_free, jobs):
            gathered.add(rows, labels, opens)
        model = gathered.fit(units)
    return model


def evaluate(
    pool: Pool, model: JoinModel, train: list[tuple[str, int]], test: list[tuple[str, int]]
) -> str:
    """Scores of the test parts at the threshold that is best on the training parts."""
    best: tuple[float, float, list[float]] = (-1.0, 0.0, [])
    for threshold in THRESHOLDS:
        trial = model.with_threshold(threshold)
        scores = pool.map(score, [(name, half, trial) for name, half in train + test])
        fitted = float(np.mean(scores[: len(train)]))
        best = max(best, (fitted, threshold, scores[len(train) :]))
    fitted, threshold, held = best
    named = " ".join(f"{name}={value:.3f}" for (name, _), value in zip(test, held, strict=True))
    return f"threshold {threshold:.2f} (fitted parts {fitted:.3f}): {named}"


def main() -> None:
    """Fit without the scored stories, both ways or set by set, and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("sets", "events"))
    parser.add_argument(
        "--free-rounds", type=_numbers, default=[0], help="comma-separated list, one variant each"
    )
    parser.add_argument(
        "--units",
        type=_numbers,
        default=[trainer.HIDDEN_UNITS],
        help="comma-separated list, one variant each (0: logistic)",
    )
    args = parser.parse_args()
    halves = (WHOLE,) if args.mode == "sets" else (0, 1)
    with Pool(2) as pool:
        pairs = dict(pool.imap(harvest, [(name, half) for name in DEV_SETS for half in halves]))
        for units, free_rounds in itertools.product(args.units, args.free_rounds):
            variant = f"{units} units, {free_rounds} free rounds"
            if args.mode == "sets":
                for left_out in LEFT_OUT:
                    train = [(name, WHOLE) for name in DEV_SETS if name != left_out]
                    model = fit(pool, pairs, train, units, free_rounds)
                    test = [(left_out, WHOLE), (CHECK_SET, WHOLE)]
                    print(
                        f"{variant}, without {left_out}: {evaluate(pool, model, train, test)}",
                        flush=True,
                    )
            else:
                for half in halves:
                    train = [(name, half) for name in DEV_SETS]
                    model = fit(pool, pairs, train, units, free_rounds)
                    test = [(name, 1 - half) for name in (*DEV_SETS, CHECK_SET)]
                    print(
                        f"{variant}, fitted on half {half}: {evaluate(pool, model, train, test)}",
                        flush=True,
                    )


def _numbers(text: str) -> list[int]:
    """A comma-separated list of whole numbers."""
    return [int(part) for part in text.split(",")]


if __name__ == "__main__":
    main()

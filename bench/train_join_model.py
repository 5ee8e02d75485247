"""Train the join-or-new model on the development story sets and write join_model.json.

Each set is streamed in order with the gold stories forced (teacher forcing): for every
article that is not a copy, each candidate story the engine retrieves gives one
(features, joins?) pair. A standardised L2 logistic regression is fitted with each set
weighted equally, then one probability threshold is chosen to maximise the mean B-cubed
F1 over the sets when the engine runs freely.

    /work/main/.venv/bin/python bench/train_join_model.py [OUTPUT.json]
"""

from __future__ import annotations

import json
import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import DEV_SETS, StorySet, load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import bcubed  # noqa: E402
from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.join_model import FEATURES, MODEL_PATH, JoinModel  # noqa: E402
from newsdesk.stories.stream import cluster_articles  # noqa: E402

L2_PENALTY = 1.0
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)


def harvest_set(name: str) -> tuple[str, np.ndarray, np.ndarray, float]:
    """Load one development set and harvest its pairs (a worker of the pool)."""
    return (name, *harvest_pairs(load_story_set(name)))


def harvest_pairs(story_set: StorySet) -> tuple[np.ndarray, np.ndarray, float]:
    """(feature rows, labels, share of articles whose gold story was among candidates)."""
    placeholder = JoinModel(
        np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0, 0.5
    )
    engine = StoryEngine(model=placeholder)
    engine_story: dict[str, str] = {}
    rows, labels, reachable, joining = [], [], 0, 0
    for item, vector in zip(story_set.items, story_set.vectors, strict=True):
        deliberation = engine.consider(item.article, vector)
        target = engine.resolve(engine_story.get(item.gold or ""))
        target = target if target in engine.stories else None
        if deliberation.copy is None and target is not None:
            joining += 1
            ids = [c.story.id for c in deliberation.candidates]
            reachable += target in ids
        if deliberation.copy is None:
            for candidate, row in zip(deliberation.candidates, deliberation.rows, strict=True):
                rows.append(row)
                labels.append(candidate.story.id == target)
        assignment = engine.commit(deliberation, target)
        engine_story.setdefault(item.gold or "", assignment.story_id)
    return np.asarray(rows), np.asarray(labels, dtype=np.float64), reachable / max(joining, 1)


def fit_logistic(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> JoinModel:
    """Weighted L2 logistic regression by Newton's method on standardised features."""
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    x = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2_PENALTY)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        gradient = x.T @ (weights * (p - labels)) + penalty * beta
        hessian = (x * (weights * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return JoinModel(mean, scale, beta[:-1], float(beta[-1]), 0.5)


def score_set(job: tuple[str, JoinModel]) -> tuple[str, float]:
    """B-cubed F1 of one set when the engine runs freely with the model (a pool worker)."""
    name, model = job
    story_set = load_story_set(name)
    articles = [i.article for i in story_set.items]
    found = cluster_articles(articles, story_set.vectors, StoryEngine(model=model))
    gold = [i.gold for i in story_set.items]
    return name, bcubed(gold, [a.story_id for a in found]).f1


def main() -> None:
    """Harvest, fit, choose the threshold, write the model file."""
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else MODEL_PATH
    all_rows, all_labels, all_weights = [], [], []
    with Pool(2) as pool:
        for name, rows, labels, reach in pool.imap(harvest_set, DEV_SETS):
            print(
                f"{name}: {len(rows)} pairs, {labels.mean():.3f} positive, "
                f"gold story among candidates {reach:.3f}"
            )
            all_rows.append(rows)
            all_labels.append(labels)
            all_weights.append(np.full(len(rows), 1000.0 / len(rows)))
        model = fit_logistic(
            np.vstack(all_rows), np.concatenate(all_labels), np.concatenate(all_weights)
        )
        for name, weight in zip(FEATURES, model.weights, strict=True):
            print(f"  {name:22s} {weight:+.3f}")
        best = (-1.0, 0.5)
        for threshold in THRESHOLDS:
            trial = JoinModel(model.mean, model.scale, model.weights, model.bias, threshold)
            scores = dict(pool.imap(score_set, [(name, trial) for name in DEV_SETS]))
            mean = float(np.mean(list(scores.values())))
            print(
                f"threshold {threshold:.2f}: mean B3-F1 {mean:.4f} "
                + " ".join(f"{k}={v:.3f}" for k, v in scores.items()),
                flush=True,
            )
            best = max(best, (mean, threshold))
    final = JoinModel(model.mean, model.scale, model.weights, model.bias, best[1])
    output.write_text(json.dumps(final.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {output} (threshold {best[1]:.2f}, mean B3-F1 {best[0]:.4f})")


if __name__ == "__main__":
    main()

"""Story clustering on the labelled sets, against a naive baseline, with throughput and scaling.

    /work/main/.venv/bin/python bench/bench_stories.py            # quality + throughput
    /work/main/.venv/bin/python bench/bench_stories.py --scaling  # also 1k/10k/100k replays

Vectors are cached under $NEWSDESK_VECTOR_CACHE (default /tmp/newsdesk-vectors).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from datetime import timedelta
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import DEV_SETS, load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import score_clustering  # noqa: E402
from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.stream import cluster_articles  # noqa: E402
from newsdesk.text.embed import UseMultilingualEmbedder, model_text  # noqa: E402

NAIVE_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
CHECK_SETS = ("googlenews-s",)
"""Scored beside the training sets but never trained or tuned on: the googlenews stream
with snippets for text, a check that the join model learnt a rule and not the sets."""
REPLAY_SET = "allsides-dev"
REPLAY_SHIFT_DAYS = 150


def naive_clusters(vectors: np.ndarray, threshold: float) -> list[int]:
    """Single pass: join the most similar centroid if cosine >= threshold, else open one."""
    sums = np.zeros_like(vectors, dtype=np.float64)
    centroids = np.zeros_like(vectors, dtype=np.float32)
    labels, count = [], 0
    for vector in vectors:
        best = -1
        if count:
            similarities = centroids[:count] @ vector
            best = int(np.argmax(similarities))
            if similarities[best] < threshold:
                best = -1
        if best < 0:
            best, count = count, count + 1
        sums[best] += vector
        centroids[best] = sums[best] / (np.linalg.norm(sums[best]) or 1.0)
        labels.append(best)
    return labels


def score_engine(name: str) -> tuple[str, dict, float]:
    """Run the engine over one set: its metrics and articles per second (a pool worker)."""
    story_set = load_story_set(name)
    articles = [i.article for i in story_set.items]
    started = time.perf_counter()
    found = cluster_articles(articles, story_set.vectors, StoryEngine())
    rate = len(articles) / (time.perf_counter() - started)
    scores = score_clustering([i.gold for i in story_set.items], [a.story_id for a in found])
    return name, scores, rate


def score_naive(job: tuple[str, float]) -> tuple[str, float, dict]:
    """The naive clusterer's metrics on one set at one threshold (a pool worker)."""
    name, threshold = job
    story_set = load_story_set(name)
    labels = naive_clusters(story_set.vectors, threshold)
    return name, threshold, score_clustering([i.gold for i in story_set.items], labels)


def print_quality(pool: Pool) -> None:
    """The per-set table: engine metrics, then the naive baseline at its best threshold."""
    sets = DEV_SETS + CHECK_SETS
    naive = list(pool.imap(score_naive, [(n, t) for t in NAIVE_THRESHOLDS for n in sets]))
    by_threshold = {
        t: np.mean([s["b3_f1"] for n, th, s in naive if th == t and n in DEV_SETS])
        for t in NAIVE_THRESHOLDS
    }
    best = max(by_threshold, key=lambda t: by_threshold[t])
    naive_at = {name: s for name, th, s in naive if th == best}
    print(f"naive: single-pass USE centroid, one threshold {best} (best mean B3-F1 on dev sets)")
    print(
        "| set | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | NMI | AMI | ARI "
        "| stories found/gold | naive B3 F1 | naive NMI | clustering art/s |"
    )
    print("|---" * 14 + "|")
    for name, s, rate in pool.imap(score_engine, sets):
        n = naive_at[name]
        label = name if name in DEV_SETS else f"{name} (not trained on)"
        print(
            f"| {label} | {s['b3_precision']:.3f} | {s['b3_recall']:.3f} | {s['b3_f1']:.3f} "
            f"| {s['pairwise_precision']:.3f} | {s['pairwise_recall']:.3f} "
            f"| {s['pairwise_f1']:.3f} | {s['nmi']:.3f} | {s['ami']:.3f} | {s['ari']:.3f} "
            f"| {s['stories_found']}/{s['stories_gold']} | {n['b3_f1']:.3f} | {n['nmi']:.3f} "
            f"| {rate:.0f} |",
            flush=True,
        )


def print_embedding_rate() -> None:
    """Articles per second for USE embedding of title+lead, on 256 articles of a set."""
    items = load_story_set(REPLAY_SET).items[:256]
    texts = [model_text(i.article.title, i.article.text) for i in items]
    embedder = UseMultilingualEmbedder()
    embedder.embed(texts[:8])
    started = time.perf_counter()
    embedder.embed(texts)
    rate = len(texts) / (time.perf_counter() - started)
    print(f"embedding (USE multilingual v3, title+lead <= 700 chars): {rate:.1f} articles/s")


def replay_stream(size: int) -> tuple[str, float, float, float]:
    """Cluster `size` articles replayed from a dated set with shifted dates (a pool worker).

    Returns (size, seconds, articles/s, peak RSS MB of this worker process)."""
    story_set = load_story_set(REPLAY_SET)
    items, vectors = story_set.items, story_set.vectors
    engine = StoryEngine()
    started = time.perf_counter()
    for k in range(size):
        cycle, index = divmod(k, len(items))
        article = items[index].article
        shifted = replace(
            article,
            id=f"{article.id}#{cycle}",
            published=article.published + timedelta(days=REPLAY_SHIFT_DAYS * cycle),
        )
        engine.add(shifted, vectors[index])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"{size}", seconds, size / seconds, peak


def print_scaling() -> None:
    """Time and memory for 1k, 10k and 100k replayed articles, each in a fresh process."""
    print(f"scaling: {REPLAY_SET} replayed with dates shifted {REPLAY_SHIFT_DAYS} days a cycle")
    print("| articles | seconds | articles/s | peak RSS MB |")
    print("|---|---|---|---|")
    for size in (1_000, 10_000, 100_000):
        with Pool(1, maxtasksperchild=1) as pool:
            label, seconds, rate, peak = pool.apply(replay_stream, (size,))
        print(f"| {label} | {seconds:.1f} | {rate:.0f} | {peak:.0f} |", flush=True)


def main() -> None:
    """Print the quality table, throughput and (with --scaling) the growth figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scaling", action="store_true", help="also run 1k/10k/100k replays")
    args = parser.parse_args()
    with Pool(2) as pool:
        print_quality(pool)
    print_embedding_rate()
    if args.scaling:
        print_scaling()


if __name__ == "__main__":
    main()

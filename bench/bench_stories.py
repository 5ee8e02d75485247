"""Story clustering on the labelled sets, against a naive baseline, with throughput and scaling.

    /work/main/.venv/bin/python bench/bench_stories.py            # quality + throughput
    /work/main/.venv/bin/python bench/bench_stories.py --scaling  # also 1k/10k/100k replays
    /work/main/.venv/bin/python bench/bench_stories.py --scaling --sets allsides-dev \
        --sizes 1000,10000,100000,1000000                         # one set, replays to 1M

Throughput is timed in two parts: reading each article's facts (intake, copy fingerprint,
evidence: independent of the stream, so a backfill reads them in parallel) and the ordered
pass over cached vectors (copies, candidates, join model). The ordered pass runs twice in
the same process, vectorised (shipped) and scalar (`describe_pair`, the reference), and
the two must agree on every assignment. Vectors are cached under $NEWSDESK_VECTOR_CACHE
(default /tmp/newsdesk-vectors).
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
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import DEV_SETS, load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import score_clustering  # noqa: E402
from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.intake import ArticleFacts, PreparedArticle  # noqa: E402
from newsdesk.stories.model import StoryArticle  # noqa: E402
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


def score_engine(name: str) -> tuple[str, dict, dict[str, float]]:
    """Run the engine over one set: its metrics and articles per CPU second of each part
    (a pool worker; CPU time, as the machine is shared). The vectorised and scalar ordered
    passes must assign alike."""
    story_set = load_story_set(name)
    articles = [i.article for i in story_set.items]
    reader = StoryEngine()
    started = time.process_time()
    facts = [reader.read_facts(a) for a in articles]
    facts_seconds = time.process_time() - started
    found, fast = ordered_pass(facts, story_set.vectors, vectorised=True)
    reference, slow = ordered_pass(facts, story_set.vectors, vectorised=False)
    if [a.story_id for a in found] != [a.story_id for a in reference]:
        raise SystemExit(f"{name}: the vectorised and scalar paths assign differently")
    scores = score_clustering([i.gold for i in story_set.items], [a.story_id for a in found])
    count = len(articles)
    rates = {
        "facts": count / facts_seconds,
        "ordered": count / fast,
        "scalar": count / slow,
        "all": count / (facts_seconds + fast),
    }
    return name, scores, rates


def ordered_pass(facts: list[ArticleFacts], vectors: np.ndarray, *, vectorised: bool) -> tuple:
    """(assignments with merged story ids resolved, CPU seconds) of one engine's ordered
    pass."""
    engine = StoryEngine(vectorised=vectorised)
    started = time.process_time()
    with threadpool_limits(limits=1, user_api="blas"):
        found = [engine.add_facts(f, v) for f, v in zip(facts, vectors, strict=True)]
    seconds = time.process_time() - started
    for assignment in found:
        assignment.story_id = engine.resolve(assignment.story_id) or assignment.story_id
    return found, seconds


def score_naive(job: tuple[str, float]) -> tuple[str, float, dict]:
    """The naive clusterer's metrics on one set at one threshold (a pool worker)."""
    name, threshold = job
    story_set = load_story_set(name)
    labels = naive_clusters(story_set.vectors, threshold)
    return name, threshold, score_clustering([i.gold for i in story_set.items], labels)


def print_quality(pool: Pool, sets: tuple[str, ...], with_naive: bool = True) -> None:
    """The per-set table: engine metrics, then the naive baseline at its best threshold."""
    thresholds = NAIVE_THRESHOLDS if with_naive else ()
    naive = list(pool.imap(score_naive, [(n, t) for t in thresholds for n in sets]))
    by_threshold = {
        t: np.mean([s["b3_f1"] for n, th, s in naive if th == t and n in DEV_SETS] or [0.0])
        for t in NAIVE_THRESHOLDS
    }
    best = max(by_threshold, key=lambda t: by_threshold[t]) if with_naive else None
    naive_at = {name: s for name, th, s in naive if th == best}
    if with_naive:
        print(f"naive: single-pass USE centroid, threshold {best} (best mean B3-F1 on dev sets)")
    print(
        "| set | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | NMI | AMI | ARI "
        "| stories found/gold | naive B3 F1 | naive NMI | facts art/CPU s | ordered art/CPU s "
        "| scalar ordered art/CPU s | ratio | facts + ordered art/CPU s |"
    )
    print("|---" * 18 + "|")
    for name, s, rate in pool.imap(score_engine, sets):
        n = naive_at.get(name, {"b3_f1": float("nan"), "nmi": float("nan")})
        label = name if name in DEV_SETS else f"{name} (not trained on)"
        print(
            f"| {label} | {s['b3_precision']:.3f} | {s['b3_recall']:.3f} | {s['b3_f1']:.3f} "
            f"| {s['pairwise_precision']:.3f} | {s['pairwise_recall']:.3f} "
            f"| {s['pairwise_f1']:.3f} | {s['nmi']:.3f} | {s['ami']:.3f} | {s['ari']:.3f} "
            f"| {s['stories_found']}/{s['stories_gold']} | {n['b3_f1']:.3f} | {n['nmi']:.3f} "
            f"| {rate['facts']:.0f} | {rate['ordered']:.0f} | {rate['scalar']:.0f} "
            f"| {rate['ordered'] / rate['scalar']:.2f} | {rate['all']:.0f} |",
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


def shifted(article: StoryArticle, cycle: int) -> StoryArticle:
    """The article of replay cycle `cycle`: its own id, dates moved on."""
    when = article.published
    return replace(
        article,
        id=f"{article.id}#{cycle}",
        published=when + timedelta(days=REPLAY_SHIFT_DAYS * cycle) if when else None,
    )


def shifted_facts(facts: ArticleFacts, cycle: int) -> ArticleFacts:
    """`read_facts(shifted(article, cycle))` from the facts of the original article: the
    text is the same, so only the id and the dates move (checked in `replay_stream`)."""
    prepared, shift = facts.prepared, timedelta(days=REPLAY_SHIFT_DAYS * cycle)
    day = prepared.day + shift if prepared.day else None
    moved = PreparedArticle(shifted(prepared.article, cycle), day, prepared.reasons)
    return ArticleFacts(moved, facts.fingerprint, replace(facts.evidence, day=day))


def replay_stream(size: int, vectorised: bool) -> tuple[float, float, float, float]:
    """The ordered pass over `size` articles replayed from a dated set with shifted dates,
    facts read once per original article (a pool worker; progress every 100,000).

    Returns (seconds, articles/s, articles per CPU second, peak RSS MB of this process)."""
    story_set = load_story_set(REPLAY_SET)
    items, vectors = story_set.items, story_set.vectors
    reader = StoryEngine()
    facts = [reader.read_facts(i.article) for i in items]
    for k in range(0, 3 * len(items), 7):
        cycle, index = divmod(k, len(items))
        ours = shifted_facts(facts[index], cycle)
        if not _same_facts(ours, reader.read_facts(shifted(items[index].article, cycle))):
            raise SystemExit("replayed facts differ from facts read from the replayed article")
    engine = StoryEngine(vectorised=vectorised)
    started, cpu = time.perf_counter(), time.process_time()
    with threadpool_limits(limits=1, user_api="blas"):
        for k in range(size):
            cycle, index = divmod(k, len(items))
            engine.add_facts(shifted_facts(facts[index], cycle), vectors[index])
            if (k + 1) % 100_000 == 0 and k + 1 < size:
                _progress(k + 1, time.perf_counter() - started, time.process_time() - cpu, engine)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, size / seconds, size / cpu, _peak_rss()


def _same_facts(one: ArticleFacts, other: ArticleFacts) -> bool:
    first, second = one.fingerprint, other.fingerprint
    return (
        one.prepared == other.prepared
        and one.evidence == other.evidence
        and (first is None) == (second is None)
        and (first is None or first.keys == second.keys)
        and (first is None or np.array_equal(first.signature, second.signature))
    )


def _progress(done: int, seconds: float, cpu: float, engine: StoryEngine) -> None:
    print(
        f"  ... {done} articles in {seconds:.0f} s ({done / seconds:.0f} art/s, "
        f"{done / cpu:.0f} per CPU second), "
        f"{len(engine.stories)} active stories, peak RSS {_peak_rss():.0f} MB",
        flush=True,
    )


def _peak_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_scaling(sizes: list[int], scalar_up_to: int) -> None:
    """Time and memory of the ordered pass over replayed articles, each size in a fresh
    process; the scalar reference beside it up to `scalar_up_to` articles."""
    print(f"scaling: {REPLAY_SET} replayed with dates shifted {REPLAY_SHIFT_DAYS} days a cycle")
    print("| articles | path | seconds | articles/s | articles/CPU s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for size in sizes:
        for vectorised in (True, False) if size <= scalar_up_to else (True,):
            with Pool(1, maxtasksperchild=1) as pool:
                seconds, rate, per_cpu, peak = pool.apply(replay_stream, (size, vectorised))
            path = "vectorised" if vectorised else "scalar"
            print(
                f"| {size:,} | {path} | {seconds:.1f} | {rate:.0f} | {per_cpu:.0f} | {peak:.0f} |",
                flush=True,
            )


def main() -> None:
    """Print the quality table, throughput and (with --scaling) the growth figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scaling", action="store_true", help="also run replays")
    parser.add_argument("--sets", default=",".join(DEV_SETS + CHECK_SETS), help="sets to score")
    parser.add_argument("--sizes", default="1000,10000,100000", help="replay sizes")
    parser.add_argument("--scalar-up-to", type=int, default=10_000, help="largest scalar replay")
    parser.add_argument("--no-embedding", action="store_true", help="skip the embedding rate")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    args = parser.parse_args()
    sets = tuple(s for s in args.sets.split(",") if s)
    if sets:
        with Pool(2) as pool:
            print_quality(pool, sets, with_naive=not args.no_naive)
    if not args.no_embedding:
        print_embedding_rate()
    if args.scaling:
        print_scaling([int(s) for s in args.sizes.split(",")], args.scalar_up_to)


if __name__ == "__main__":
    main()

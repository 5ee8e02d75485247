"""Benchmark: time to compose one edition (rank, write up, store) over a 5,000-article window.

Reuses bench_rank's synthetic week (5,000 articles, 60 outlets, English and Chinese, 512-d
vectors) and times `compose_edition` with the extractive writer for the china-tech desk,
counting every source (median of --repeat runs).

    .venv/bin/python bench/bench_edition.py [--articles 5000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from bench_databases import bench_database  # noqa: E402
from bench_rank import WINDOW_END, populate  # noqa: E402

from newsdesk.desks.config import DeskSources, find_desk  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.write.compose import compose_edition  # noqa: E402
from newsdesk.write.summarize import ExtractiveWriter  # noqa: E402


class BenchEmbedder:
    """Profile vectors of the synthetic week's model (random, 512-d)."""

    name = "bench"
    version = "1"
    dim = 512

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.random.default_rng(1).standard_normal((len(texts), self.dim))
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def time_editions(store: Store, repeat: int) -> tuple[float, int, int]:
    desk = find_desk("china-tech", Path(tempfile.gettempdir()) / "no-newsdesk-home")
    desk = replace(desk, sources=DeskSources())
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        composition = compose_edition(
            store, desk, ExtractiveWriter(), embedder=BenchEmbedder(), window_end=WINDOW_END
        )
        timings.append(time.perf_counter() - started)
    edition = composition.edition
    return statistics.median(timings), len(edition.leads), len(edition.also)


def run_backend(backend: str, articles: int, repeat: int) -> None:
    with bench_database(backend) as url:
        store = Store.open(url)
        stories = populate(store, articles)
        seconds, leads, also = time_editions(store, repeat)
        store.close()
    print(
        f"{backend:10s} articles={articles} stories={stories} leads={leads} "
        f"also={also} compose median={seconds:.2f}s over {repeat} runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run_backend(backend.strip(), args.articles, args.repeat)


if __name__ == "__main__":
    main()

"""Benchmark: ranking a desk's window of N articles and choosing the edition's stories.

Builds a synthetic week (default 5,000 articles in ~1,500 stories from 60 outlets, English and
Chinese, 512-d vectors, some copies) in a fresh store, then times `rank_stories` +
`select_edition` for the built-in china-tech desk (median of --repeat runs).

    .venv/bin/python bench/bench_rank.py [--articles 5000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from bench_databases import bench_database  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from newsdesk.desks.config import find_desk  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.store.articles import store_articles  # noqa: E402
from newsdesk.store.models import Article, ArticleVector, Source, Story  # noqa: E402
from newsdesk.stories.diversity import select_edition  # noqa: E402
from newsdesk.stories.rank import rank_stories  # noqa: E402

WINDOW_END = datetime(2026, 3, 9, 12, tzinfo=UTC)
COMPANIES = ["Huawei", "Alibaba", "Tencent", "ByteDance", "Xiaomi", "BYD", "SMIC", "Baidu"]
TOPICS = ["chip", "earnings", "AI model", "export controls", "EV sales", "layoffs", "IPO"]
FILLER = "The company said on Monday that demand was strong across its markets. " * 20


def _stories(articles: int, rng: random.Random) -> list[int]:
    """Story sizes drawn from a long tail, adding up to `articles`."""
    sizes: list[int] = []
    while sum(sizes) < articles:
        sizes.append(min(int(rng.paretovariate(1.6)), 40))
    sizes[-1] -= sum(sizes) - articles
    return [s for s in sizes if s > 0]


def populate(store: Store, articles: int, seed: int = 7) -> int:
    """Fill the store with a synthetic week; returns the number of stories."""
    rng = random.Random(seed)
    vectors = np.random.default_rng(seed)
    with store.session() as session:
        sources = [Source(url=f"https://outlet{i}.example/feed", title=f"Outlet {i}")
                   for i in range(60)]
        session.add_all(sources)
        session.flush()
        source_ids = [s.id for s in sources]
        sizes = _stories(articles, rng)
        rows, story_rows, uid = [], [], 0
        for n, size in enumerate(sizes):
            story_id = f"story-{n:05d}"
            company, topic = rng.choice(COMPANIES), rng.choice(TOPICS)
            title = f"{company} {topic} news {n}"
            story_rows.append({"id": story_id, "title": title})
            for _ in range(size):
                uid += 1
                zh = rng.random() < 0.2
                rows.append({
                    "source_id": rng.choice(source_ids), "uid": f"u{uid}", "title": title,
                    "text": ("华为 芯片 " if zh else f"{company} {topic}. ") + FILLER,
                    "language": "zh" if zh else "en", "story_id": story_id, "raw": {},
                    "published_at": WINDOW_END - timedelta(hours=rng.uniform(0, 24 * 7)),
                })
        session.execute(insert(Story), story_rows)
        store_articles(session, rows)
        ids = session.scalars(Article.__table__.select().with_only_columns(Article.id)).all()
        matrix = vectors.standard_normal((len(ids), 512)).astype(np.float32)
        session.execute(insert(ArticleVector), [
            {"article_id": i, "model": "bench", "version": "1", "dim": 512, "vector": v.tobytes()}
            for i, v in zip(ids, matrix, strict=True)
        ])
    return len(sizes)


def time_ranking(store: Store, repeat: int) -> tuple[float, int, int]:
    """Median seconds to rank the window and choose leads and list; stories ranked; leads."""
    desk = find_desk("china-tech", Path(tempfile.gettempdir()) / "no-newsdesk-home")
    profile = np.random.default_rng(1).standard_normal(512).astype(np.float32)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        with store.session() as session:
            ranked = rank_stories(session, desk, window_end=WINDOW_END, profile_vector=profile,
                                  now=WINDOW_END)
        leads, _ = select_edition(ranked, desk.layout, desk.diversity)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), len(ranked), len(leads)


def run_backend(backend: str, articles: int, repeat: int) -> None:
    with bench_database(backend) as url:
        store = Store.open(url)
        report(backend, store, articles, repeat)
        store.close()


def report(backend: str, store: Store, articles: int, repeat: int) -> None:
    stories = populate(store, articles)
    seconds, ranked, leads = time_ranking(store, repeat)
    print(f"{backend:10s} articles={articles} stories={stories} ranked={ranked} "
          f"leads={leads} rank+select median={seconds:.3f}s over {repeat} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run_backend(backend.strip(), args.articles, args.repeat)


if __name__ == "__main__":
    main()

"""Benchmark: what the parse budget lets a pathological feed cost (issue 20).

Each shape is parsed as the fetch stage parses it (pre-checks, then parse_source in a
worker process under the budget), in a child process of its own so that its worker's CPU
time and peak memory (RUSAGE_CHILDREN) are its alone. A tiny feed gives the worker's
fixed cost (starting Python and importing the parsers).

    .venv/bin/python bench/parse_budget.py [--shapes tiny,attributes,...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.clock import utcnow  # noqa: E402
from newsdesk.ingest.feeds.budget import ParseBudget, ParseWorkers  # noqa: E402
from newsdesk.ingest.feeds.shape import MAX_TAGS  # noqa: E402
from tests.security.pathological_feeds import (  # noqa: E402
    crowded_item,
    many_items,
    unclosed_tags,
)


def big_atom(count: int) -> bytes:
    """A legitimate but large Atom feed: ``count`` entries of 18 kB escaped HTML each."""
    html = ("&lt;p&gt;A paragraph with a &lt;a href='http://x.example/'&gt;link&lt;/a&gt; "
            "in it. " * 200)
    entries = "".join(f"<entry><id>urn:{n}</id><title>t{n}</title>"
                      f"<link href='http://e.example/{n}'/><updated>2026-01-01T00:00:00Z</updated>"
                      f"<content type='html'>{html}</content></entry>" for n in range(count))
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{entries}</feed>").encode()


SHAPES = {
    "tiny": lambda: many_items(1),
    "attributes-100k": lambda: crowded_item(100_000),
    "unclosed-1.6M": lambda: unclosed_tags(1_600_000),
    "unclosed-under-tag-cap": lambda: unclosed_tags(MAX_TAGS - 10),
    "items-70k": lambda: many_items(70_000),
    "atom-1000x18kB": lambda: big_atom(1000),
}


async def parse_once(body: bytes) -> tuple[str, float]:
    """How parsing ``body`` ended, and the wall time it took."""
    async with ParseWorkers(ParseBudget(workers=1)) as workers:
        started = time.perf_counter()
        parsed = await workers.parse(body=body, url="http://e.example/feed", content_type=None,
                                     max_items=1000, source_id=1, fetched_at=utcnow())
        wall = time.perf_counter() - started
    outcome = parsed.error or f"{len(parsed.rows)} rows; {'; '.join(parsed.warnings)[:60]}"
    return outcome, wall


def measure(shape: str) -> dict[str, object]:
    """One shape, measured in this process (run as a child of main)."""
    body = SHAPES[shape]()
    outcome, wall = asyncio.run(parse_once(body))
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"shape": shape, "bytes": len(body), "outcome": outcome, "wall_s": round(wall, 2),
            "worker_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "worker_peak_mb": usage.ru_maxrss // 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    budget = ParseBudget()
    print(f"budget: {budget.cpu_seconds:g} s CPU, {budget.memory_bytes // 2**20} MiB, "
          f"{budget.wall_seconds:g} s wall")
    print("| shape | bytes | worker CPU s | worker peak MB | wall s | outcome |")
    print("|---|---|---|---|---|---|")
    for shape in args.shapes.split(","):
        out = subprocess.run([sys.executable, __file__, "--one", shape], check=True,
                             capture_output=True, text=True).stdout
        row = json.loads(out)
        print(f"| {row['shape']} | {row['bytes']:,} | {row['worker_cpu_s']} | "
              f"{row['worker_peak_mb']} | {row['wall_s']} | {row['outcome']} |", flush=True)


if __name__ == "__main__":
    main()

"""How fast parse_feed refuses hostile XML, and how fast it parses the shared real feeds.

Run from the repository root: PYTHONPATH=. /work/main/.venv/bin/python bench/feed_security.py
"""

from __future__ import annotations

import time
from pathlib import Path

from newsdesk.ingest.feeds.parse import FeedError, parse_feed
from tests.ingest.feeds.test_feed_security import quadratic_blowup

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "fixtures" / "feeds"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "feeds"


def time_refusal(name: str, body: bytes) -> None:
    """Print how long parse_feed takes to refuse one hostile body."""
    started = time.perf_counter()
    try:
        parse_feed(body)
        outcome = "ACCEPTED (unexpected)"
    except FeedError as error:
        outcome = str(error)
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{name:<22} {len(body):>12,} bytes {elapsed:>9.2f} ms  {outcome}")


def time_real_feeds() -> None:
    """Print total and per-feed parse time over the shared real feed corpora."""
    if not SHARED.is_dir():
        print(f"shared feeds absent at {SHARED}")
        return
    bodies = [path.read_bytes() for folder in ("netnewswire", "miniflux", "feed-rs")
              for path in sorted((SHARED / folder).rglob("*"))
              if path.suffix in (".xml", ".rss", ".atom", ".rdf", ".json")
              and not path.name.endswith(".serde.json")]
    started = time.perf_counter()
    entries = 0
    for body in bodies:
        try:
            entries += len(parse_feed(body).entries)
        except FeedError:
            pass
    elapsed = time.perf_counter() - started
    megabytes = sum(len(body) for body in bodies) / 1e6
    print(f"real feeds: {len(bodies)} files, {megabytes:.1f} MB, {entries} entries in "
          f"{elapsed:.2f} s ({elapsed / len(bodies) * 1000:.1f} ms/feed, "
          f"{megabytes / elapsed:.1f} MB/s)")


def main() -> None:
    """Run the refusal timings and the real-feed throughput measurement."""
    for name in ("billion-laughs.xml", "xxe-file.xml", "xxe-http.xml", "xxe-parameter.xml"):
        time_refusal(name, (FIXTURES / name).read_bytes())
    time_refusal("quadratic-blowup", quadratic_blowup())
    time_real_feeds()


if __name__ == "__main__":
    main()

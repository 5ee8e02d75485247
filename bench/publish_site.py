"""Time publishing: site build (with its atomic switch), feed, Markdown, e-mail, sanitiser.

Run: /work/main/.venv/bin/python bench/publish_site.py [--editions 52]
Uses the test fixtures' realistic editions (5 leads + list items, hostile titles included).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.publish.email import build_message  # noqa: E402
from newsdesk.publish.feed import render_atom  # noqa: E402
from newsdesk.publish.markdown import render_markdown  # noqa: E402
from newsdesk.publish.sanitize import sanitize_html  # noqa: E402
from newsdesk.publish.site import build_site  # noqa: E402
from newsdesk.write.edition import Edition  # noqa: E402
from tests.publish.editions import make_edition  # noqa: E402
from tests.publish.xss_vectors import XSS_VECTORS  # noqa: E402


def make_year(count: int) -> list[Edition]:
    """``count`` weekly editions with distinct ids."""
    editions = []
    for week in range(count):
        edition = make_edition(11)
        edition.id = f"china-tech-w{week:03d}"
        edition.created_at += timedelta(weeks=week)
        edition.published_at = edition.created_at
        editions.append(edition)
    return editions


def timed(label: str, repeat: int, action: object) -> None:
    """Run ``action`` ``repeat`` times and print the mean time."""
    start = time.perf_counter()
    for _ in range(repeat):
        action()  # type: ignore[operator]
    mean = (time.perf_counter() - start) / repeat
    print(f"{label:<48} {mean * 1000:9.2f} ms")


def main() -> None:
    """Print timings for each publisher."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--editions", type=int, default=52)
    args = parser.parse_args()
    editions = make_year(args.editions)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        report = build_site(editions, out, site_title="Bench")
        timed(f"build_site ({report.editions} editions, {len(report.files)} files)", 3,
              lambda: build_site(editions, out, site_title="Bench"))
    timed(f"render_atom ({len(editions)} entries)", 5,
          lambda: render_atom(editions, feed_url="https://x.example/feed.xml",
                              site_url="https://x.example/", title="Bench"))
    timed("render_markdown (one edition)", 50, lambda: render_markdown(editions[0]))
    timed("build_message (one edition)", 50,
          lambda: build_message(editions[0], sender="d@x.example", recipients=["r@x.example"],
                                unsubscribe_url="https://x.example/u"))
    corpus = "".join(XSS_VECTORS) * 20
    timed(f"sanitize_html ({len(corpus) // 1024} KiB of XSS vectors)", 20,
          lambda: sanitize_html(corpus, base_url="https://x.example/"))


if __name__ == "__main__":
    main()

"""Print what the OPML reader gets from each awesome-rss-feeds file, and the totals.

Run: /work/main/.venv/bin/python bench/opml_corpus.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from newsdesk.ingest.subscriptions.opml import read_opml

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_XML_URL = re.compile(rb"(?i)xmlurl\s*=")


def main() -> None:
    """One line per file (feeds read / xmlUrl attributes present / well-formed), then totals."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    root = shared / "opml" / "awesome-rss-feeds"
    files = sorted(root.rglob("*.opml"))
    feeds = attributes = malformed = 0
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        report = read_opml(data, name=path.name)
        present = len(_XML_URL.findall(data))
        feeds += len(report.feeds)
        attributes += present
        malformed += not report.well_formed
        folders = len({feed.folder for feed in report.feeds if feed.folder})
        form = "well-formed" if report.well_formed else "NOT well-formed"
        print(
            f"{path.relative_to(root)}: {len(report.feeds)}/{present} feeds, "
            f"{folders} folders, {form}"
        )
    seconds = time.perf_counter() - started
    print(
        f"TOTAL {len(files)} files, {feeds}/{attributes} feeds read, "
        f"{malformed} not well-formed, {seconds:.2f}s"
    )


if __name__ == "__main__":
    main()

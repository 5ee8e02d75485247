"""Print full-text extraction quality and speed on the shared test pages.

Run: /work/main/.venv/bin/python bench/extraction_quality.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newsdesk.evaluate.extraction import score_newspaper_pages, score_readability_pages

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    """Score both page sets and print one JSON line each, with pages per second."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    sets = {
        "mozilla-readability": (score_readability_pages, shared / "pages/mozilla-readability"),
        "newspaper4k": (score_newspaper_pages, shared / "pages/newspaper4k/tests/data"),
    }
    for name, (score, folder) in sets.items():
        started = time.perf_counter()
        summary = score(folder).summary()
        seconds = time.perf_counter() - started
        summary["pages_per_second"] = round(summary["pages"] / seconds, 1)
        print(name, json.dumps(summary))


if __name__ == "__main__":
    main()

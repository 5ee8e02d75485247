"""Print how fast the JSONL reader streams the shared story sets.

Run: /work/main/.venv/bin/python bench/bulk_read.py [SHARED_DATA_DIR]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsdesk.ingest.bulk.readers import BulkError, read_jsonl

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    """Read every story set fully; print records, errors and records per second."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    for path in sorted((shared / "stories").glob("*.jsonl")):
        errors: list[BulkError] = []
        started = time.perf_counter()
        count = sum(1 for _ in read_jsonl(path, on_error=errors.append))
        seconds = time.perf_counter() - started
        print(f"{path.name}: {count} records, {len(errors)} errors, {count / seconds:,.0f}/s")


if __name__ == "__main__":
    main()

"""Child process for the crash tests: `newsdesk cluster` with small batches.

Usage: python -m tests.security.cluster_child BATCH

The real command line runs unchanged; only the batch sizes of the understand and cluster
stages are made small, so that a run commits many times and a SIGKILL can land between
any two commits or inside any transaction.
"""

from __future__ import annotations

import sys

from newsdesk.stories import process
from newsdesk.text import understand


def main() -> None:
    """Run `newsdesk cluster --quiet` with the batch size given on the command line."""
    batch = int(sys.argv[1])
    process.BATCH = batch
    understand.BATCH = batch * 4
    from newsdesk.cli import main as newsdesk_main

    sys.argv = ["newsdesk", "cluster", "--quiet"]
    newsdesk_main()


if __name__ == "__main__":
    main()

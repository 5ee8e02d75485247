"""Fixtures for the ingest tests: the loopback HTTP server, our own feed files, shared corpora."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import shared_data_dir
from tests.feedserver import feed_server, two_host_server  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"  # shared by the sub-packages (and tests/scale)
FEED_FIXTURES = FIXTURES / "feeds"
FEEDS = "feeds"


def shared_feed_files(folder: str, pattern: str) -> list[str]:
    """Relative paths under shared/data/feeds/<folder> matching ``pattern``, for parametrize.

    When the shared material is absent this is one placeholder, so the test is
    collected and then skipped by the ``shared_data`` fixture with its reason.
    """
    root = shared_data_dir() / FEEDS / folder
    if not root.is_dir():
        return ["(shared data absent)"]
    return sorted(str(path.relative_to(root)) for path in root.rglob(pattern) if path.is_file())


@pytest.fixture
def feed_bytes() -> Callable[[str], bytes]:
    """Read one of our own fixture feeds by file name."""
    def read(name: str) -> bytes:
        return (FEED_FIXTURES / name).read_bytes()
    return read

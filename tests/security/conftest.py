"""Fixtures for the security tests: the loopback HTTP server (real traffic, loopback only)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store
from tests.feedserver import feed_server, two_host_server  # noqa: F401


@pytest.fixture
def sqlite_store(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """An SQLite store only, for the many-case attack tables where the backend is irrelevant."""
    url = f"sqlite:///{isolated_home / 'newsdesk.db'}"
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
    opened = Store.open(url)
    try:
        yield opened
    finally:
        opened.close()

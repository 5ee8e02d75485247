"""Fixtures for fetch tests: a real HTTP server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feedserver import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A running FeedServer on 127.0.0.1, shut down after the test."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def two_host_server() -> Iterator[FeedServer]:
    """A running FeedServer listening on both 127.0.0.1 and 127.0.0.2 (same port)."""
    with FeedServer(hosts=("127.0.0.1", "127.0.0.2")) as server:
        yield server

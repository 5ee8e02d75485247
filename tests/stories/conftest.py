"""Fixtures for the story stages: a newsroom over a fresh store of each backend."""

from __future__ import annotations

import pytest

from newsdesk.store import Store
from tests.stories.newsroom import Newsroom


@pytest.fixture
def newsroom(store: Store) -> Newsroom:
    """An empty newsroom over a fresh store (SQLite and PostgreSQL)."""
    return Newsroom(store)

"""Fixtures for the story tests: a newsroom over a fresh store of each backend, and the
handmade multilingual set with its USE vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsdesk.store import Store
from newsdesk.stories.stream import LabelledArticle, embed_articles, read_story_file
from newsdesk.text.embed import UseMultilingualEmbedder
from tests.stories.newsroom import Newsroom

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def newsroom(store: Store) -> Newsroom:
    """An empty newsroom over a fresh store (SQLite and PostgreSQL)."""
    return Newsroom(store)


@pytest.fixture(scope="session")
def multilingual() -> tuple[list[LabelledArticle], np.ndarray]:
    """Three stories told in English, German, French, Spanish and Chinese, plus a copy."""
    items = read_story_file(FIXTURES / "multilingual.jsonl")
    vectors = embed_articles([i.article for i in items], UseMultilingualEmbedder())
    return items, vectors

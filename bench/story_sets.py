"""The labelled story sets of ../shared/data/stories with cached vectors, for bench scripts."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsdesk.stories.stream import LabelledArticle, embed_articles, read_story_file
from newsdesk.text.embed import MODEL_TEXT_VERSION, UseMultilingualEmbedder

REPO = Path(__file__).resolve().parents[1]
STORY_SETS = (
    Path(os.environ.get("NEWSDESK_SHARED_DATA", REPO.parent / "shared" / "data")) / "stories"
)
CACHE = Path(os.environ.get("NEWSDESK_VECTOR_CACHE", "/tmp/newsdesk-vectors"))
DEV_SETS = (
    "googlenews-ts",
    "googlenews-t",
    "ecbplus-dev",
    "allsides-dev",
    "ntrex-dev",
    "meantime-4lang",
)


@dataclass
class StorySet:
    """One labelled set: its articles with gold labels and their vectors."""

    name: str
    items: list[LabelledArticle]
    vectors: np.ndarray
    embed_seconds: float | None


def load_story_set(name: str) -> StorySet:
    """Read a set and its USE vectors, embedding (and caching) them on first use."""
    path = STORY_SETS / f"{name}.jsonl"
    items = read_story_file(path)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:10]
    embedder = f"{UseMultilingualEmbedder.__name__}-text{MODEL_TEXT_VERSION}"
    cached = CACHE / f"{name}.{digest}.{embedder}.npy"
    if cached.exists():
        return StorySet(name, items, np.load(cached), None)
    started = time.perf_counter()
    vectors = embed_articles([i.article for i in items], UseMultilingualEmbedder())
    seconds = time.perf_counter() - started
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(cached, vectors)
    return StorySet(name, items, vectors, seconds)

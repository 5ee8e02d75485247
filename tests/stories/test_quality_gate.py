"""Quality gate: B-cubed F1 on every labelled story set must stay above pinned floors.

Like trafilatura's evaluation gate: a change that makes the stories worse fails here.
The googlenews sets (11k articles each) are sampled to 2,000 articles with a fixed seed,
keeping stream order, so the whole gate runs in a few minutes on two cores.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsdesk.evaluate.metrics import score_clustering
from newsdesk.stories.cluster import StoryEngine
from newsdesk.stories.stream import cluster_articles, embed_articles, read_story_file
from newsdesk.text.embed import UseMultilingualEmbedder

SAMPLE_SIZE = 2000
SAMPLE_SEED = 20240601
# Floors sit ~0.02 under the B-cubed F1 measured with the shipped configuration
# (allsides 0.912, ecbplus 0.864, googlenews s/t/ts 0.775/0.762/0.874 on the samples,
# meantime 1.000, ntrex 0.956).
FLOORS = {
    "googlenews-ts": 0.85,
    "googlenews-t": 0.74,
    "googlenews-s": 0.755,
    "ecbplus-dev": 0.84,
    "allsides-dev": 0.89,
    "ntrex-dev": 0.93,
    "meantime-4lang": 0.98,
}


@pytest.fixture(scope="module")
def embedder() -> UseMultilingualEmbedder:
    return UseMultilingualEmbedder()


def sampled(items: list) -> list:
    if len(items) <= SAMPLE_SIZE:
        return items
    keep = sorted(random.Random(SAMPLE_SEED).sample(range(len(items)), SAMPLE_SIZE))
    return [items[i] for i in keep]


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_story_set_stays_above_its_floor(
    name: str, shared_data: Path, embedder: UseMultilingualEmbedder
) -> None:
    path = shared_data / "stories" / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    items = sampled(read_story_file(path))
    articles = [i.article for i in items]
    vectors = embed_articles(articles, embedder)
    found = cluster_articles(articles, vectors, StoryEngine())
    scores = score_clustering([i.gold for i in items], [a.story_id for a in found])
    print(f"{name}: B3-F1 {scores['b3_f1']:.4f} NMI {scores['nmi']:.4f}")
    assert scores["b3_f1"] >= FLOORS[name]

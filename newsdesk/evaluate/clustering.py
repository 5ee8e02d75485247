"""Clustering quality: cluster a labelled story-set file, score it against its gold stories."""

from __future__ import annotations

from pathlib import Path

from newsdesk.errors import NewsdeskError
from newsdesk.evaluate.metrics import score_clustering
from newsdesk.stories.stream import Progress, cluster_articles, embed_articles, read_story_file
from newsdesk.text.embed import Embedder, UseMultilingualEmbedder


def evaluate_file(
    path: str | Path, *, embedder: Embedder | None = None, progress: Progress | None = None
) -> dict[str, float]:
    """Cluster a labelled story-set file and score it against its gold stories."""
    labelled = read_story_file(path)
    if any(item.gold is None for item in labelled):
        raise NewsdeskError(f"{path}: every line needs a gold 'story' label to be evaluated")
    articles = [item.article for item in labelled]
    vectors = embed_articles(articles, embedder or UseMultilingualEmbedder(), progress)
    found = [a.story_id for a in cluster_articles(articles, vectors)]
    return score_clustering([item.gold for item in labelled], found)

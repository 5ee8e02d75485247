"""Embedders: unit rows, batching with progress, the modelled text of an article."""

from __future__ import annotations

import numpy as np

from newsdesk.text.embed import HashingEmbedder, embed_in_batches, model_text


def test_hashing_embedder_gives_deterministic_unit_rows() -> None:
    embedder = HashingEmbedder(dim=64)
    first = embedder.embed(["market rally", "market rally", ""])
    second = embedder.embed(["market rally"])
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first[:2], axis=1), 1.0)
    assert np.array_equal(first[0], second[0])
    assert not first[2].any()


def test_embedding_in_batches_reports_progress_and_keeps_order() -> None:
    embedder = HashingEmbedder(dim=32)
    texts = [f"text number {i}" for i in range(7)]
    seen: list[tuple[int, int]] = []
    vectors = embed_in_batches(
        embedder, texts, batch_size=3, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(3, 7), (6, 7), (7, 7)]
    assert np.array_equal(vectors, embedder.embed(texts))


def test_model_text_is_title_and_lead_without_repeating_the_title() -> None:
    assert model_text("Big news", "Big news\nDetails follow.") == "Big news Details follow."
    assert model_text("Big news", "Details follow.") == "Big news. Details follow."
    assert model_text(None, "x" * 5000, limit=100) == "x" * 100

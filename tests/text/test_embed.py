"""Embedders: unit rows, batching with progress, the modelled text of an article."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.text.embed import (
    DENSE_CHARACTER_WIDTH,
    MODEL_TEXT_VERSION,
    HashingEmbedder,
    UseMultilingualEmbedder,
    embed_in_batches,
    model_text,
)


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


def test_han_and_kana_count_three_towards_the_model_text_limit() -> None:
    chinese = "印尼苏拉威西岛发生强烈地震和海啸" * 100
    assert model_text(None, chinese, limit=300) == chinese[:100]
    assert model_text(None, chinese) == chinese[:700 // DENSE_CHARACTER_WIDTH]
    japanese = "東京で新しい電車が走り始めた" * 100  # kanji and kana alike
    assert model_text(None, japanese, limit=90) == japanese[:30]
    mixed = "The iPhone 17 " + "在中国发布" * 100  # 14 Latin characters, then Han
    assert model_text(None, mixed, limit=44) == mixed[:24]
    assert model_text(None, "x" * 500 + "中" * 500) == "x" * 500 + "中" * 66


def test_model_text_writes_chinese_in_simplified_characters_and_leaves_japanese() -> None:
    assert model_text("台灣總統大選", "選民週六投票。") == "台湾总统大选. 选民周六投票。"
    assert model_text(None, "台湾总统大选") == "台湾总统大选"  # simplified stays as it is
    japanese = "東京で新しい電車が走り始めた。"
    assert model_text(None, japanese) == japanese  # kana: Japanese kanji are not folded
    assert model_text("Taiwan votes", "Voters went to the polls.") == (
        "Taiwan votes. Voters went to the polls.")


def test_the_model_text_recipe_is_part_of_the_vectors_version() -> None:
    assert HashingEmbedder().version.endswith(f"/text{MODEL_TEXT_VERSION}")
    assert UseMultilingualEmbedder().version.endswith(f"/text{MODEL_TEXT_VERSION}")


def test_a_report_in_traditional_characters_embeds_like_its_simplified_twin() -> None:
    simplified = ("印尼苏拉威西岛发生强烈地震和海啸",
                  "当局周六表示，地震和海啸已造成至少384人死亡，死亡人数预计还会上升。")
    traditional = ("印尼蘇拉威西島發生強烈地震和海嘯",
                   "當局週六表示，地震和海嘯已造成至少384人死亡，死亡人數預計還會上升。")
    english = ("Hundreds killed by Indonesian quake and tsunami", "At least 384 people were "
               "killed by an earthquake and tsunami on Sulawesi, officials said on Saturday.")
    vectors = UseMultilingualEmbedder(threads=1).embed(
        [model_text(*simplified), model_text(*traditional), model_text(*english)])
    assert float(vectors[0] @ vectors[1]) > 0.999
    assert float(vectors[1] @ vectors[2]) == pytest.approx(float(vectors[0] @ vectors[2]), abs=1e-3)

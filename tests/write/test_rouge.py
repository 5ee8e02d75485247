"""The scoring helpers shared by the quality gate and bench/bench_writeups.py."""

from __future__ import annotations

import pytest

from newsdesk.evaluate.rouge import CharacterTokenizer, is_verbatim, mean_rouge, rouge_f1


def test_identical_copy_scores_100() -> None:
    scores = rouge_f1("Biden opens the climate summit", "Biden opens the climate summit")
    assert scores == pytest.approx({"rouge1": 100.0, "rouge2": 100.0, "rougeL": 100.0})


def test_english_is_stemmed() -> None:
    assert rouge_f1("vaccines were approved", "vaccine approved")["rouge1"] > 70


def test_chinese_is_scored_on_characters() -> None:
    tokens = CharacterTokenizer().tokenize("华为 Mate 40发布")
    assert tokens == ["华", "为", "mate", "40", "发", "布"]
    assert rouge_f1("华为发布新手机", "华为今天发布了新手机", "zh")["rouge1"] > 80
    assert rouge_f1("华为发布新手机", "华为今天发布了新手机", "en")["rouge1"] == 0.0


def test_verbatim_ignores_whitespace_but_not_words() -> None:
    source = "The council approved\nthe budget on Tuesday."
    assert is_verbatim("The council approved the budget on Tuesday.", [source])
    assert not is_verbatim("The council rejected the budget on Tuesday.", [source])
    assert not is_verbatim("", [source])


def test_mean_of_no_rows_is_zero() -> None:
    assert mean_rouge([]) == {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}

"""Tokens and shingles: words, jieba for Chinese, traditional folded to simplified."""

from __future__ import annotations

from newsdesk.text.tokens import shingles, tokenize


def test_english_tokens_are_lower_cased_words_without_punctuation() -> None:
    assert tokenize("Apple's new iPhone, 2024!", "en") == ["apple", "s", "new", "iphone", "2024"]


def test_chinese_is_segmented_into_words() -> None:
    assert tokenize("勒布朗在圣地亚哥的湖人队首秀", "zh") == [
        "勒布朗",
        "在",
        "圣地亚哥",
        "的",
        "湖人队",
        "首秀",
    ]


def test_traditional_and_simplified_chinese_give_the_same_tokens_and_shingles() -> None:
    simplified, traditional = "湖人队教练宣布詹姆斯将出场", "湖人隊教練宣布詹姆斯將出場"
    assert tokenize(simplified, "zh") == tokenize(traditional, "zh")
    assert shingles(simplified, "zh") == shingles(traditional, "zh")


def test_shingles_are_word_trigrams_for_spaced_languages() -> None:
    assert shingles("One two three four", "en") == {"one two three", "two three four"}


def test_chinese_shingles_are_character_four_grams() -> None:
    assert shingles("日本北部地震", "zh") == {"日本北部", "本北部地", "北部地震"}

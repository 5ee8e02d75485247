"""Language identification, short headlines and Chinese scripts included."""

from __future__ import annotations

import pytest

from newsdesk.text.language import detect_language, normalise_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple unveils new iPhone", "en"),
        ("Merkel trifft Macron in Berlin", "de"),
        ("Le président a dit non", "fr"),
        ("El gobierno anunció nuevas medidas", "es"),
        ("De regering heeft besloten", "nl"),
        ("周日勒布朗在圣地亚哥的湖人队首秀", "zh"),
        ("週日勒布朗在聖地亞哥的湖人隊首秀", "zh"),
        ("東京で地震が発生しました", "ja"),
        ("Jeff Bezos 宣布 Blue Origin 将于明年发射 New Glenn 火箭", "zh"),  # Latin names
    ],
)
def test_short_headlines_get_their_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "1234 --- 5678", "!!!", "🙂🙂"])
def test_text_without_letters_has_no_language(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zho-CN", "zh"),
        ("zh-TW", "zh"),
        ("yue", "zh"),
        ("wuu", "zh"),
        ("eng", "en"),
        ("en-GB", "en"),
        ("und", None),
        (None, None),
    ],
)
def test_language_tags_are_normalised_to_base_codes(tag: str | None, expected: str | None) -> None:
    assert normalise_language(tag) == expected

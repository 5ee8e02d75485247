"""Language codes in one scheme: whatever a feed or page declares, ISO 639-1 is stored."""

from __future__ import annotations

import pytest

from newsdesk.ingest.feeds.article_rows import article_row
from newsdesk.text.language_codes import language_name, normalise_language
from tests.ingest.feeds.test_feeds import make_entry


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("jpn", "ja"), ("rus", "ru"), ("arb", "ar"), ("ara", "ar"), ("kor", "ko"),
        ("por", "pt"), ("zh-CN", "zh"), ("zh_Hant", "zh"), ("cmn-Hans-CN", "zh"),
        ("en-US", "en"), ("EN_gb", "en"), ("ger", "de"), ("fre", "fr"), ("nob", "no"),
        ("iw", "he"), (" pt-BR ", "pt"), ("sv", "sv"), ("mul", None), ("zxx", None),
        ("english", None), ("12", None), ("", None),
    ],
)
def test_every_declared_code_becomes_one_two_letter_code(tag: str, expected: str | None) -> None:
    assert normalise_language(tag) == expected


def test_languages_are_named_in_words() -> None:
    assert [language_name(c) for c in ("zh-TW", "jpn", "arb", "xx", None)] == [
        "Chinese", "Japanese", "Arabic", "xx", "an unknown language"]


@pytest.mark.parametrize(("entry_language", "feed_language", "stored"),
                         [("jpn", None, "ja"), (None, "zh_Hant", "zh"), ("arb", "en", "ar")])
def test_a_feed_entry_is_stored_with_its_normalised_language(
    entry_language: str | None, feed_language: str | None, stored: str
) -> None:
    entry = make_entry(title="Headline", link="https://example.com/a", language=entry_language)
    row = article_row(entry, source_id=1, feed_language=feed_language)
    assert row["language"] == stored

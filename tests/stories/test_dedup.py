"""Copies: exact by URL or text, near-duplicates by MinHash LSH, and what is not a copy."""

from __future__ import annotations

import json

from newsdesk.stories.dedup import CopyDetector, url_match_key
from newsdesk.stories.model import StoryArticle

BODY = (
    "The city council voted on Tuesday to expand the tram network by twelve kilometres, "
    "adding two new lines that will connect the northern suburbs with the central station. "
    "Construction is expected to start next spring and to last about three years, the mayor "
    "said, adding that the project would be financed by regional and national funds."
)
OTHER = (
    "Heavy rain flooded several villages in the valley overnight, forcing hundreds of "
    "residents to leave their homes while firefighters pumped water from cellars and roads. "
    "Forecasters expect more storms over the weekend and have issued a warning for the region."
)


def article(article_id: str, text: str, url: str | None = None, lang: str = "en") -> StoryArticle:
    return StoryArticle(id=article_id, title=None, text=text, lang=lang, url=url)


def test_same_canonical_url_is_an_exact_copy() -> None:
    detector = CopyDetector()
    assert detector.check(article("a", BODY, "https://www.example.com/news/1?utm_source=x")) is None
    copy = detector.check(article("b", OTHER, "http://example.com/news/1/#top"))
    assert copy is not None and (copy.original_id, copy.kind) == ("a", "exact")


def test_same_text_differently_spaced_and_cased_is_an_exact_copy() -> None:
    detector = CopyDetector()
    detector.check(article("a", BODY))
    copy = detector.check(article("b", "  " + BODY.upper().replace(" ", "   ")))
    assert copy is not None and copy.kind == "exact" and copy.original_id == "a"


def test_republished_text_with_boilerplate_is_a_near_copy_of_the_earliest() -> None:
    detector = CopyDetector()
    detector.check(article("original", BODY))
    detector.check(article("unrelated", OTHER))
    copy = detector.check(article("repost", BODY + " Subscribe to our newsletter for more."))
    assert copy is not None
    assert (copy.original_id, copy.kind) == ("original", "near")
    assert copy.similarity >= 0.8


def test_different_reports_and_short_headlines_are_not_copies() -> None:
    detector = CopyDetector()
    detector.check(article("a", BODY))
    assert detector.check(article("b", OTHER)) is None
    detector.check(article("h1", "Council expands tram network"))
    assert detector.check(article("h2", "Council expands tram network again")) is None


def test_traditional_chinese_repost_is_a_near_copy_of_simplified_original() -> None:
    simplified = (
        "芯片制造商英伟达周二发布了一款用于数据中心的新型人工智能处理器，"
        "称该芯片训练大型语言模型的速度是上一代产品的四倍。"
    )
    traditional = (
        "芯片製造商英偉達週二發佈了一款用於數據中心的新型人工智能處理器，"
        "稱該芯片訓練大型語言模型的速度是上一代產品的四倍。"
    )
    detector = CopyDetector()
    detector.check(article("s", simplified, lang="zh"))
    copy = detector.check(article("t", traditional, lang="zh"))
    assert copy is not None and copy.original_id == "s"


def test_restored_detector_finds_the_same_copies() -> None:
    detector = CopyDetector()
    detector.check(article("original", BODY))
    restored = CopyDetector.from_state(json.loads(json.dumps(detector.state())))
    copy = restored.check(article("repost", BODY + " Read more at our site."))
    assert copy is not None and copy.original_id == "original"


def test_url_match_key_drops_scheme_www_fragment_and_tracking() -> None:
    assert (
        url_match_key("https://WWW.Example.com/a/?utm_medium=rss&id=3#x") == "//example.com/a?id=3"
    )
    assert url_match_key("  ") is None

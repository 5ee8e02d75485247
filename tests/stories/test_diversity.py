"""Entities behind the diversity rule, and keyword matching for desk filters."""

from __future__ import annotations

import re

from newsdesk.stories.diversity import story_entities
from newsdesk.stories.keywords import KeywordSet


def test_chinese_names_and_products_map_to_their_company() -> None:
    assert story_entities(["华为发布新手机"]) == ("Huawei",)
    assert story_entities(["TikTok faces a ban", "抖音 grows"]) == ("ByteDance",)


def test_places_are_not_entities() -> None:
    assert story_entities(["China and the US agree on Beijing talks"]) == ()


def test_a_capitalised_name_counts_only_when_titles_share_it() -> None:
    titles = ["Oracle to take stake in app", "Oracle and Walmart strike deal"]
    assert story_entities(titles) == ("Oracle",)


def test_a_title_case_headline_gives_only_known_names() -> None:
    assert story_entities(["Huawei Launches Mate Phone As Sanctions Bite"]) == ("Huawei",)


def test_latin_keywords_match_whole_words_only() -> None:
    keywords = KeywordSet(["ARM", "Li Auto"], [])
    assert keywords.matches(["Farm output rose", "Li Autos"]) == []
    assert keywords.matches(["arm chips", "Li Auto's sales"]) == ["ARM", "Li Auto"]


def test_chinese_keywords_match_inside_words_and_patterns_are_labelled() -> None:
    keywords = KeywordSet(["芯片"], [re.compile(r"\bAI\b")])
    assert keywords.matches(["国产芯片突破", "new AI rules"]) == ["芯片", "/\\bAI\\b/"]
    assert not KeywordSet([], [])

"""Entities behind the diversity rule, and keyword matching for desk filters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.desks.config import find_desk, load_desk
from newsdesk.options import DiversitySettings
from newsdesk.stories.diversity import story_entities
from newsdesk.stories.keywords import KeywordSet


@pytest.fixture(scope="module")
def china_tech() -> DiversitySettings:
    """The built-in china-tech desk's entity tables."""
    return find_desk("china-tech", Path("/nonexistent-newsdesk-home")).diversity


def test_chinese_names_and_products_map_to_their_company(china_tech: DiversitySettings) -> None:
    assert story_entities(["华为发布新手机"], china_tech) == ("Huawei",)
    assert story_entities(["TikTok faces a ban", "抖音 grows"], china_tech) == ("ByteDance",)


def test_places_are_not_entities(china_tech: DiversitySettings) -> None:
    assert story_entities(["China and the US agree on Beijing talks"], china_tech) == ()


def test_a_capitalised_name_counts_only_when_titles_share_it(
        china_tech: DiversitySettings) -> None:
    titles = ["Oracle to take stake in app", "Oracle and Walmart strike deal"]
    assert story_entities(titles, china_tech) == ("Oracle",)


def test_a_title_case_headline_gives_only_known_names(china_tech: DiversitySettings) -> None:
    title = "Huawei Launches Mate Phone As Sanctions Bite"
    assert story_entities([title], china_tech) == ("Huawei",)


def test_a_desk_without_entity_tables_knows_no_companies_by_alias() -> None:
    assert story_entities(["华为发布新手机"]) == ()
    assert story_entities(["China and the US agree on Beijing talks"]) == ("Beijing", "China")
    assert story_entities(["The US and EU agree", "The US talks"]) == ()


def test_a_desks_own_entity_table_reaches_the_entities(tmp_path: Path) -> None:
    path = tmp_path / "rail.toml"
    path.write_text('title = "Rail"\ndescription = "Trains."\n[diversity]\n'
                    'not_entities = ["Rail"]\n[diversity.entities]\n'
                    '"Deutsche Bahn" = ["DB", "Deutsche Bahn"]\n', encoding="utf-8")
    diversity = load_desk(path).diversity
    titles = ["DB cuts Rail services", "Rail strike hits DB"]
    assert story_entities(titles, diversity) == ("Deutsche Bahn",)
    assert story_entities(titles) == ("DB", "Rail")


def test_latin_keywords_match_whole_words_only() -> None:
    keywords = KeywordSet(["ARM", "Li Auto"], [])
    assert keywords.matches(["Farm output rose", "Li Autos"]) == []
    assert keywords.matches(["arm chips", "Li Auto's sales"]) == ["ARM", "Li Auto"]


def test_chinese_keywords_match_inside_words_and_patterns_are_labelled() -> None:
    keywords = KeywordSet(["芯片"], [re.compile(r"\bAI\b")])
    assert keywords.matches(["国产芯片突破", "new AI rules"]) == ["芯片", "/\\bAI\\b/"]
    assert not KeywordSet([], [])

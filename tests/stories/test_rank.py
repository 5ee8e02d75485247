"""Ranking a desk's stories: each signal, the filters, novelty, diversity and explanations."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from newsdesk.desks.config import Desk, DeskLayout, find_desk, load_desk
from newsdesk.errors import NewsdeskError
from newsdesk.store import Source, Store
from newsdesk.stories.diversity import select_edition
from newsdesk.stories.model import RankedStory
from newsdesk.stories.rank import SIGNALS, explain, rank_stories
from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp
from newsdesk.write.editions import mark_published, save_draft
from tests.stories.newsroom import WINDOW_END, Newsroom, make_desk


def _rank(store: Store, desk=None, profile=None, **kwargs: object) -> dict[str, RankedStory]:  # noqa: ANN001
    with store.session() as session:
        ranked = rank_stories(
            session, desk or make_desk(), window_end=WINDOW_END, profile_vector=profile, **kwargs
        )
    return {story.story_id: story for story in ranked}


def _ranked_list(store: Store, desk=None) -> list[RankedStory]:  # noqa: ANN001
    with store.session() as session:
        return rank_stories(
            session, desk or make_desk(), window_end=WINDOW_END, profile_vector=None
        )


def test_a_story_covered_by_more_outlets_ranks_higher(newsroom: Newsroom) -> None:
    newsroom.add_story("wide", ["a", "b", "c"])
    newsroom.add_story("narrow", ["d"])
    ranked = _ranked_list(newsroom.store)
    assert [r.story_id for r in ranked] == ["wide", "narrow"]
    assert ranked[0].raw["outlets"] == 3 and ranked[0].signals["outlets"] > 0
    assert ranked[1].signals["outlets"] == 0


def test_a_copy_does_not_add_an_outlet(newsroom: Newsroom) -> None:
    original = newsroom.add_story("copied", ["a"])[0]
    newsroom.add_copy("copied", original, "wire-reprinter")
    newsroom.add_story("plain", ["b"])
    ranked = _rank(newsroom.store)
    assert ranked["copied"].raw["outlets"] == 1
    assert ranked["copied"].raw["copies"] == 1
    assert ranked["copied"].signals == ranked["plain"].signals


def test_a_stale_story_decays(newsroom: Newsroom) -> None:
    newsroom.add_story("fresh", ["a", "b"], hours_ago=2)
    newsroom.add_story("stale", ["c", "d"], hours_ago=150)
    ranked = _rank(newsroom.store)
    assert ranked["stale"].signals["recency"] < ranked["fresh"].signals["recency"] / 4
    assert ranked["stale"].score < ranked["fresh"].score


def test_velocity_rewards_coverage_that_picked_up_at_the_end_of_the_window(
    newsroom: Newsroom,
) -> None:
    newsroom.add_story("accelerating", ["a", "b", "c"], hours_ago=[100, 5, 3])
    newsroom.add_story("slowing", ["d", "e", "f"], hours_ago=[130, 120, 3])
    ranked = _rank(newsroom.store)
    assert ranked["accelerating"].raw["recent"] == 2
    assert ranked["accelerating"].signals["velocity"] > ranked["slowing"].signals["velocity"]


def test_relevance_prefers_the_story_closer_to_the_desk_profile(newsroom: Newsroom) -> None:
    newsroom.add_story("on-topic", ["a"], vector=[0.9, 0.1, 0.0])
    newsroom.add_story("off-topic", ["b"], vector=[0.0, 0.2, 1.0])
    newsroom.add_story("other-model", ["c"], vector=[1.0, 0.0, 0.0, 0.0])
    ranked = _rank(newsroom.store, profile=np.array([1.0, 0.0, 0.0]))
    assert ranked["on-topic"].raw["relevance"] == pytest.approx(0.9939, abs=1e-3)
    assert ranked["on-topic"].signals["relevance"] > ranked["off-topic"].signals["relevance"]
    assert ranked["on-topic"].score > ranked["off-topic"].score
    assert ranked["other-model"].raw["relevance"] is None


def test_without_a_profile_vector_relevance_contributes_nothing(newsroom: Newsroom) -> None:
    newsroom.add_story("s", ["a"], vector=[1.0, 0.0])
    assert _rank(newsroom.store)["s"].signals["relevance"] == 0.0


def test_desk_keywords_in_titles_or_text_add_to_the_score(newsroom: Newsroom) -> None:
    newsroom.add_story("chips", ["a"], title="Huawei shows a new chip", text="SMIC made it.")
    newsroom.add_story("farm", ["b"], title="Farm subsidies rise", text="Harvest is up.")
    desk = make_desk(include_keywords=("Huawei", "SMIC", "ARM"))
    ranked = _rank(newsroom.store, desk)
    assert ranked["chips"].raw["keywords"] == ["Huawei", "SMIC"]
    assert ranked["chips"].signals["keywords"] > 0
    assert ranked["farm"].excluded == "none of the desk's keywords or patterns in titles or text"


def test_chinese_keywords_match_inside_chinese_text(newsroom: Newsroom) -> None:
    newsroom.add_story("zh", ["a"], title="华为发布新款芯片", language="zh")
    desk = make_desk(include_keywords=("华为", "芯片"), languages=("en", "zh"))
    ranked = _rank(newsroom.store, desk)
    assert ranked["zh"].excluded is None
    assert ranked["zh"].raw["keywords"] == ["华为", "芯片"]


@pytest.mark.parametrize(
    ("filters", "reason"),
    [
        ({"languages": ("en",)}, "language zh is not among the desk's (en)"),
        ({"exclude_keywords": ("horoscope",)}, "excluded keyword 'horoscope' in a title"),
        ({"min_sources": 3}, "2 outlet(s); the desk needs at least 3"),
        ({"include_keywords": ("Tencent",)}, "none of the desk's keywords"),
    ],
)
def test_a_story_filtered_out_keeps_the_reason(
    newsroom: Newsroom, filters: dict[str, object], reason: str
) -> None:
    newsroom.add_story("out", ["a", "b"], title="Weekly horoscope 星座", language="zh")
    ranked = _rank(newsroom.store, make_desk(**filters))
    assert ranked["out"].excluded is not None and reason in ranked["out"].excluded


def test_an_exclude_regex_filters_titles(newsroom: Newsroom) -> None:
    import re

    newsroom.add_story("podcast", ["a"], title="Podcast: the week in chips")
    desk = make_desk(exclude_regex=(re.compile(r"^podcast:", re.IGNORECASE),))
    assert "'/^podcast:/'" in (_rank(newsroom.store, desk)["podcast"].excluded or "")


def test_only_stories_with_an_original_in_the_window_are_ranked(newsroom: Newsroom) -> None:
    newsroom.add_story("old", ["a"], hours_ago=24 * 8)
    newsroom.add_story("future", ["b"], hours_ago=-5)
    newsroom.add_story("mixed", ["c", "d", "e"], hours_ago=[24 * 9, 10, -3])
    ranked = _rank(newsroom.store)
    assert set(ranked) == {"mixed"}
    # Coverage after the window's end does not count; coverage before it does.
    assert ranked["mixed"].raw["originals"] == 2
    assert ranked["mixed"].raw["articles_in_window"] == 1


def test_ties_are_broken_by_story_id(newsroom: Newsroom) -> None:
    for story_id in ("b", "c", "a"):
        newsroom.add_story(story_id, [f"outlet-{story_id}"])
    assert [r.story_id for r in _ranked_list(newsroom.store)] == ["a", "b", "c"]


def test_a_naive_window_end_is_an_error(store: Store) -> None:
    with store.session() as session, pytest.raises(NewsdeskError, match="timezone-aware"):
        rank_stories(session, make_desk(), window_end=WINDOW_END.replace(tzinfo=None),
                     profile_vector=None)


def test_explain_lists_each_signal_and_the_contributions_sum_to_the_score(
    newsroom: Newsroom,
) -> None:
    newsroom.add_story("s", ["a", "b"], hours_ago=[30, 2], vector=[1.0, 0.0])
    newsroom.add_story("t", ["c"], language="zh")
    rows = explain(_ranked_list(newsroom.store))
    assert {row["story_id"] for row in rows} == {"s", "t"}
    for row in rows:
        assert list(row["contributions"]) == list(SIGNALS)
        assert sum(row["contributions"].values()) == pytest.approx(row["score"], abs=1e-3)
        assert row["raw"]["outlets"] >= 1
    assert rows[0]["score"] > 0


def _edition(leads: list[RankedStory]) -> Edition:
    citation = Citation(url="https://a.example/x", outlet="a")
    return Edition(
        id="",
        desk="test-desk",
        desk_title="Test Desk",
        title="Test Desk",
        created_at=WINDOW_END,
        window_start=WINDOW_END - timedelta(days=7),
        window_end=WINDOW_END,
        intro="",
        leads=[
            StoryWriteUp(r.story_id, r.title, [[Sentence("Text.", citation)]], None, [citation])
            for r in leads
        ],
        also=[],
    )


def _publish_leads(store: Store, ranked: list[RankedStory]) -> None:
    with store.session() as session:
        record = save_draft(session, _edition(ranked), ranked)
        mark_published(session, record.id, review_required=False)


def test_a_story_that_led_is_left_out_until_it_grows_then_returns_as_an_update(
    newsroom: Newsroom,
) -> None:
    newsroom.add_story("big", ["a", "b", "c", "d"], hours_ago=5)
    _publish_leads(newsroom.store, [_rank(newsroom.store)["big"]])

    newsroom.add_story("big", ["a"], hours_ago=2)
    again = _rank(newsroom.store)["big"]
    assert again.excluded is not None and "already led" in again.excluded
    assert not again.is_update

    newsroom.add_story("big", ["e", "f"], hours_ago=1)
    grown = _rank(newsroom.store)["big"]
    assert grown.excluded is None and grown.is_update
    assert grown.raw["new_outlets"] == 2 and grown.raw["size_at_edition"] == 4


def test_a_story_that_led_returns_when_its_articles_grew_by_half(newsroom: Newsroom) -> None:
    newsroom.add_story("big", ["a", "b"], hours_ago=5)
    _publish_leads(newsroom.store, [_rank(newsroom.store)["big"]])
    newsroom.add_story("big", ["b"], hours_ago=1)
    grown = _rank(newsroom.store)["big"]
    assert (grown.excluded, grown.is_update, grown.raw["new_outlets"]) == (None, True, 0)


def test_a_listed_story_without_new_articles_is_not_repeated(newsroom: Newsroom) -> None:
    newsroom.add_story("listed", ["a", "b"], hours_ago=5)
    ranked = _rank(newsroom.store)["listed"]
    edition = _edition([])
    edition.also.append(StoryWriteUp("listed", "Listed", [], None, []))
    with newsroom.store.session() as session:
        record = save_draft(session, edition, [ranked])
        mark_published(session, record.id, review_required=False)
    again = _rank(newsroom.store)["listed"]
    assert again.excluded is not None and "no new articles" in again.excluded


def test_editions_published_after_now_do_not_count_for_novelty(newsroom: Newsroom) -> None:
    newsroom.add_story("big", ["a", "b"], hours_ago=5)
    _publish_leads(newsroom.store, [_rank(newsroom.store)["big"]])
    before = _rank(newsroom.store, now=WINDOW_END - timedelta(days=30))["big"]
    assert before.excluded is None and before.raw["last_edition"] is None


def test_growth_counts_only_originals_new_since_the_last_edition(newsroom: Newsroom) -> None:
    newsroom.add_story("listed", ["a", "b", "c"], hours_ago=20)
    _publish_leads(newsroom.store, [_rank(newsroom.store)["listed"]])
    newsroom.add_story("listed", ["d"], hours_ago=1)
    assert _rank(newsroom.store)["listed"].raw["new_originals"] == 1


def _huawei_newsroom(newsroom: Newsroom) -> None:
    newsroom.add_story("h1", ["a", "b", "c", "d"], title="Huawei launches Mate phone")
    newsroom.add_story("h2", ["a", "b", "c", "e"], title="华为 opens chip plant in Dongguan")
    newsroom.add_story("h3", ["a", "b", "f"], title="US adds Huawei suppliers to entity list")
    newsroom.add_story("t1", ["a", "b"], title="Tencent earnings beat forecasts")
    newsroom.add_story("x1", ["c"], title="Xiaomi car deliveries double")


def _china_desk() -> Desk:
    """The test desk with the built-in china-tech desk's entity tables."""
    china_tech = find_desk("china-tech", Path("/nonexistent-newsdesk-home"))
    return replace(make_desk(), diversity=china_tech.diversity)


def test_no_more_than_two_leads_about_one_company(newsroom: Newsroom) -> None:
    _huawei_newsroom(newsroom)
    ranked = _ranked_list(newsroom.store, _china_desk())
    assert [r.story_id for r in ranked][:3] == ["h1", "h2", "h3"]
    leads, also = select_edition(ranked, DeskLayout(leads=3, also=8, max_leads_per_entity=2))
    assert [r.story_id for r in leads] == ["h1", "h2", "t1"]
    assert [r.story_id for r in also] == ["h3", "x1"]
    assert all("Huawei" in r.entities for r in ranked[:3])


def test_the_desks_entity_table_decides_what_a_story_is_about(newsroom: Newsroom) -> None:
    _huawei_newsroom(newsroom)
    ranked = _ranked_list(newsroom.store)
    assert "Huawei" not in {r.story_id: r for r in ranked}["h2"].entities  # 华为 unknown
    leads, _ = select_edition(ranked, DeskLayout(leads=3, also=8, max_leads_per_entity=2))
    assert [r.story_id for r in leads] == ["h1", "h2", "h3"]


def test_the_desks_ranking_weights_reach_the_scores(newsroom: Newsroom, tmp_path: Path) -> None:
    newsroom.add_story("wide", ["a", "b", "c", "d", "e"], hours_ago=60)
    newsroom.add_story("fresh", ["a"], hours_ago=1)
    path = tmp_path / "test-desk.toml"
    path.write_text('title = "T"\ndescription = "Tests."\n', encoding="utf-8")
    assert [r.story_id for r in _ranked_list(newsroom.store, load_desk(path))] == [
        "wide", "fresh"]
    path.write_text('title = "T"\ndescription = "Tests."\n[ranking]\noutlets = 0\n'
                    "recency = 9.5\n", encoding="utf-8")
    ranked = _ranked_list(newsroom.store, load_desk(path))
    assert [r.story_id for r in ranked] == ["fresh", "wide"]
    assert ranked[1].signals["outlets"] == 0.0


def test_the_list_skips_near_duplicates_and_excluded_stories(newsroom: Newsroom) -> None:
    newsroom.add_story("lead", ["a", "b", "c"], title="Alibaba splits into six companies")
    newsroom.add_story("one", ["d", "e"], title="Baidu shows Ernie 5 chatbot model today")
    newsroom.add_story("dupe", ["f"], title="Baidu shows Ernie 5 chatbot model")
    newsroom.add_story("out", ["g", "h"], title="Daily horoscope")
    desk = make_desk(exclude_keywords=("horoscope",))
    leads, also = select_edition(_ranked_list(newsroom.store, desk), DeskLayout(leads=1, also=5))
    assert [r.story_id for r in leads] == ["lead"]
    assert [r.story_id for r in also] == ["one"]


def test_a_window_without_stories_gives_an_empty_edition(store: Store) -> None:
    with store.session() as session:
        ranked = rank_stories(session, make_desk(), window_end=WINDOW_END, profile_vector=None)
    assert ranked == [] and select_edition(ranked, DeskLayout()) == ([], [])


def test_a_profile_vector_that_is_not_one_dimensional_is_an_error(store: Store) -> None:
    with store.session() as session, pytest.raises(NewsdeskError, match="1-D"):
        rank_stories(session, make_desk(), window_end=WINDOW_END,
                     profile_vector=np.ones((2, 3)))


def test_desks_sharing_a_store_see_only_stories_from_their_own_sources(
    newsroom: Newsroom,
) -> None:
    newsroom.add_story("ours", ["ours-1", "elsewhere"])
    newsroom.add_story("theirs", ["theirs-1"])
    with newsroom.store.session() as session:
        ours = session.scalars(
            select(Source.id).where(Source.url == "https://ours-1.example/feed")
        ).all()
        ranked = {
            r.story_id: r
            for r in rank_stories(session, make_desk(), window_end=WINDOW_END,
                                  profile_vector=None, source_ids=ours)
        }
    assert ranked["ours"].excluded is None and ranked["ours"].raw["outlets"] == 2
    assert ranked["theirs"].excluded == "no original article from the desk's sources"

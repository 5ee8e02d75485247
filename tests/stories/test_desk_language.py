"""Stories are titled in the desk's language when a source writes in it."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.store import Store
from newsdesk.stories.rank import rank_stories, titles_in_language
from newsdesk.write.compose import language_first
from newsdesk.write.edition import Citation
from tests.stories.newsroom import WINDOW_END, Newsroom, make_desk

CHINESE = "华为发布新款人工智能芯片"
ENGLISH = "Huawei unveils a new AI chip"


def _story(store: Store) -> None:
    room = Newsroom(store)
    room.add_story("chip", ["xinhua"], title=CHINESE, language="zh-CN", hours_ago=5)
    room.add_story("chip", ["reuters"], title=ENGLISH, language="eng", hours_ago=2)


def test_a_ranked_story_is_titled_in_the_desks_language(store: Store) -> None:
    _story(store)
    for language, expected in (("en", ENGLISH), ("zh", CHINESE), ("de", CHINESE)):
        desk = replace(make_desk(), language=language)
        with store.session() as session:
            ranked = rank_stories(session, desk, window_end=WINDOW_END, profile_vector=None)
        assert [r.title for r in ranked] == [expected], language
        assert ranked[0].raw["languages"] == ["en", "zh"]


def test_listed_stories_are_titled_in_the_desks_language(store: Store) -> None:
    _story(store)
    with store.session() as session:
        assert titles_in_language(session, [("chip", CHINESE)], "en-GB") == {"chip": ENGLISH}
        assert titles_in_language(session, [("chip", CHINESE)], "zho") == {"chip": CHINESE}


def test_sources_in_the_desks_language_are_listed_first() -> None:
    cites = [Citation(f"https://o{n}.example/", f"o{n}", language=code)
             for n, code in enumerate(["zh", "en", "ja", "en"])]
    assert [c.outlet for c in language_first(cites, "en")] == ["o1", "o3", "o0", "o2"]

"""One event, one item: an edition never writes an event up twice, and leads only with
stories its readers can read."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
from sqlalchemy import select, update

from newsdesk.store import Store
from newsdesk.store.models import Article, EditionStory, Story
from newsdesk.stories.rank import rank_stories
from newsdesk.text.embed import HashingEmbedder
from newsdesk.write import compose
from newsdesk.write.events import (
    COMMON_TITLE_SHARE,
    EVENT_COSINE,
    TOPIC_COSINE,
    EventMarks,
    event_names,
    same_event,
)
from newsdesk.write.summarize import ExtractiveWriter
from tests.stories.newsroom import WINDOW_END, Newsroom, make_desk

DIM = 8


def _axis(n: int, lean: float = 0.0, towards: int = 0) -> list[float]:
    """A unit vector on axis `n`, leaning by `lean` towards axis `towards`."""
    vector = np.zeros(DIM)
    vector[n] = 1.0
    vector[towards] += lean
    return list(vector / np.linalg.norm(vector))


def _layout(store: Store, desk=None, translates: bool = False) -> tuple[list[str], list[str]]:
    leads, also, _ = _layout_and_folds(store, desk, translates)
    return leads, also


def _layout_and_folds(store: Store, desk=None, translates: bool = False
                      ) -> tuple[list[str], list[str], dict[str, list[str]]]:
    desk = desk or make_desk()
    writer = type("Writer", (), {"translates": translates})()
    with store.session() as session:
        ranked = rank_stories(session, desk, window_end=WINDOW_END, profile_vector=None)
        leads, also, folds = compose.final_layout(session, ranked, desk, writer, WINDOW_END)
    return [s.story_id for s in leads], [s.story_id for s in also], folds


TOPICS = ["harbour strike", "vaccine approval", "bank merger", "glacier collapse",
          "court ruling", "satellite launch"]


def _newsroom(store: Store, stories: int = 6) -> Newsroom:
    room = Newsroom(store)
    for n in range(stories):  # distinct events, best ranked first (more outlets)
        room.add_story(f"s{n}", [f"o{k}" for k in range(stories + 1 - n)],
                       title=f"{TOPICS[n]} reported by outlets", vector=_axis(n))
    return room


def test_distinct_events_all_get_an_item(store: Store) -> None:
    _newsroom(store)
    assert _layout(store) == (["s0", "s1", "s2"], ["s3", "s4", "s5"])


def test_a_split_event_is_one_item_by_its_vectors(store: Store) -> None:
    room = _newsroom(store)
    lean = 0.6  # a cosine above EVENT_COSINE, below ranking's near-duplicate 0.92
    vector = _axis(0, lean, towards=7)
    assert EVENT_COSINE <= float(np.dot(vector, _axis(0))) < 0.92
    room.add_story("s0-late", ["o1"], title="a wholly different wording of it", vector=vector)
    leads, also = _layout(store)
    assert "s0" in leads and "s0-late" not in leads + also


def test_stories_sharing_an_article_are_one_item(store: Store) -> None:
    room = _newsroom(store)
    room.add_story("s1-copy", ["o1"], title="another headline altogether here", vector=_axis(7))
    with store.session() as session:
        url = session.scalars(
            Article.__table__.select().with_only_columns(Article.url)
            .where(Article.story_id == "s1")).first()
        session.execute(update(Article).where(Article.story_id == "s1-copy").values(url=url))
    leads, also = _layout(store)
    assert "s1" in leads and "s1-copy" not in leads + also


def test_a_story_with_no_source_in_the_desks_language_is_never_a_lead(store: Store) -> None:
    room = _newsroom(store)
    room.add_story("zh-top", [f"z{k}" for k in range(12)], title="华为发布新款人工智能芯片",
                   language="zh-CN", vector=_axis(6))
    leads, also = _layout(store)
    assert "zh-top" not in leads and also[0] == "zh-top" and leads == ["s0", "s1", "s2"]
    assert _layout(store, translates=True)[0][0] == "zh-top"


def test_the_written_edition_has_one_item_per_event(store: Store) -> None:
    room = _newsroom(store)
    room.add_story("s0-late", ["o1"], title="a wholly different wording of it",
                   vector=_axis(0, 0.6, towards=7))
    room.add_story("zh-top", [f"z{k}" for k in range(12)], title="华为发布新款人工智能芯片",
                   language="zho", vector=_axis(6), text="华为周一发布了新款人工智能芯片。")
    desk = replace(make_desk(), description="")
    edition = compose.compose_edition(store, desk, ExtractiveWriter(embedder=HashingEmbedder()),
                                      embedder=None, window_end=WINDOW_END).edition
    ids = [s.story_id for s in edition.leads + edition.also]
    assert len(ids) == len(set(ids)) and "s0-late" not in ids
    chinese = next(s for s in edition.also if s.story_id == "zh-top")
    assert chinese.headline == "华为发布新款人工智能芯片" and chinese.headline_language == "zh"
    assert "华为" not in edition.intro  # the intro names the leads only


def test_closer_stories_are_one_event_only_when_they_share_names_and_numbers() -> None:
    def marks(text: str, vector: list[float]) -> EventMarks:
        none: frozenset[str] = frozenset()
        return EventMarks(none, none, none, np.array(vector), frozenset(event_names("", text)))

    near = _axis(0, 1.0, towards=1)  # cosine 0.71 with axis 0: close, not close enough
    pledge = "Biden pledged on Thursday that the United States would cut emissions 52% by 2030."
    summit = "At the summit, Biden said the United States would cut emissions by 52% by 2030."
    other = "Lawmakers in Ohio passed a budget of $80 billion for roads and schools on Friday."
    assert same_event(marks(pledge, _axis(0)), marks(summit, near))
    assert not same_event(marks(pledge, _axis(0)), marks(other, near))
    assert same_event(marks(pledge, _axis(0)), marks(other, _axis(0, 0.3, towards=1)))


KABUL = ("The Taliban entered Kabul on Sunday as the government of President Ashraf Ghani "
         "collapsed and thousands of people crowded the airport.")
SPEECH = ("President Joe Biden said on Monday that he stood squarely behind the withdrawal "
          "from Afghanistan after Kabul fell to the Taliban.")


def _developing_story(store: Store, lean: float) -> Newsroom:
    """Six distinct events, and the best-ranked one continued by a second story of other
    outlets whose vector leans `lean` away and whose titles share the name Kabul."""
    room = Newsroom(store)
    for n in range(1, 6):
        room.add_story(f"s{n}", [f"o{k}" for k in range(8 - n)],
                       title=f"{TOPICS[n]} reported by outlets", vector=_axis(n))
    room.add_story("fall", ["o1", "o2", "o3"], title="Taliban take Kabul as government falls",
                   text=KABUL, vector=_axis(0), hours_ago=30)
    room.add_story("speech", ["o4", "o5"], title="Biden defends exit after fall of Kabul",
                   text=SPEECH, vector=_axis(0, lean, towards=7), hours_ago=2)
    return room


def test_a_developing_story_is_one_item_written_from_all_its_stories(store: Store) -> None:
    lean = 0.85  # a cosine between TOPIC_COSINE and EVENT_COSINE: not one event, one story
    assert TOPIC_COSINE <= float(np.dot(_axis(0, lean, towards=7), _axis(0))) < EVENT_COSINE
    _developing_story(store, lean)
    leads, also, folds = _layout_and_folds(store)
    assert "speech" not in leads + also
    assert folds == {"fall": ["speech"]}
    assert "fall" in leads
    desk = make_desk()
    edition = compose.compose_edition(store, desk, ExtractiveWriter(), embedder=None,
                                      window_end=WINDOW_END).edition
    item = next(up for up in edition.leads if up.story_id == "fall")
    assert item.folded == ["speech"]
    assert {c.url.split("/")[3] for c in item.sources} == {"fall", "speech"}
    # the newest development leads: Monday's speech, then Sunday's fall
    assert item.paragraphs[0][0].text == SPEECH
    with store.session() as session:
        placements = published_or_draft_roles(session, edition.id)
    assert placements["speech"] == "folded" and placements["fall"] == "lead"


def test_stories_sharing_only_an_everyday_name_stay_apart(store: Store) -> None:
    lean = 0.85
    room = _developing_story(store, lean)
    # "Kabul" in the titles of more than COMMON_TITLE_SHARE of the desk's recent stories
    everyday = int(40 * COMMON_TITLE_SHARE) + 2
    for n in range(40):
        title = f"Kabul diary number {n}" if n < everyday else f"Unrelated item {n}"
        room.add_story(f"old{n}", ["o9"], title=title, vector=_axis(6), hours_ago=24 * 30)
    with store.session() as session:
        session.execute(update(Story).values(last_seen=WINDOW_END - timedelta(days=1)))
    leads, also, folds = _layout_and_folds(store)
    assert folds == {}
    assert {"fall", "speech"} <= set(leads + also)


def published_or_draft_roles(session, edition_id: str) -> dict[str, str]:  # noqa: ANN001
    rows = session.scalars(select(EditionStory).where(EditionStory.edition_id == edition_id))
    return {row.story_id: row.role for row in rows}

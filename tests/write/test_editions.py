"""Stored editions: ids, versions, status transitions, placements and the JSON round trip."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from newsdesk.errors import NewsdeskError
from newsdesk.store import Store
from newsdesk.store.models import EditionStory
from newsdesk.stories.model import RankedStory
from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp
from newsdesk.write.editions import (
    approve,
    edit_edition,
    edition_from_json,
    edition_to_json,
    edition_versions,
    get_edition,
    last_edition_placements,
    list_editions,
    mark_published,
    save_draft,
    stories_led,
)

WINDOW_END = datetime(2026, 3, 9, 18, 30, tzinfo=UTC)


def _citation(outlet: str, n: int = 1) -> Citation:
    return Citation(
        url=f"https://{outlet}.example/{n}",
        outlet=outlet,
        title=f"{outlet} reports",
        language="zh" if outlet == "xinhua" else "en",
        published=datetime(2026, 3, 8, 9, 15, 30, 123456, tzinfo=timezone(timedelta(hours=8))),
    )


def _story(story_id: str, *, update: bool = False) -> StoryWriteUp:
    first, second = _citation("reuters"), _citation("xinhua", 2)
    return StoryWriteUp(
        story_id=story_id,
        headline=f"Headline {story_id} — 华为",
        paragraphs=[
            [Sentence("First sentence.", first), Sentence("第二句。", second)],
            [Sentence("Third sentence.", first, written_by="qwen2.5-7b-instruct")],
        ],
        one_liner=Sentence("One line.", first),
        sources=[first, second],
        languages=["en", "zh"],
        headline_language="en",
        headline_url=first.url,
        is_update=update,
    )


def _edition(desk: str = "china-tech", window_end: datetime = WINDOW_END) -> Edition:
    return Edition(
        id="",
        desk=desk,
        desk_title="China Tech Weekly",
        title="China Tech Weekly: Huawei's new chip",
        created_at=window_end + timedelta(minutes=5),
        window_start=window_end - timedelta(days=7),
        window_end=window_end,
        intro="This week in Chinese tech.",
        leads=[_story("s1"), _story("s2", update=True)],
        also=[
            StoryWriteUp("s3", "Item", [], Sentence("Item.", _citation("ft")), [_citation("ft")])
        ],
        language="en",
    )


def _ranked(story_id: str, originals: int) -> RankedStory:
    return RankedStory(
        story_id=story_id,
        score=2.5,
        signals={"outlets": 1.5, "recency": 1.0},
        raw={"originals": originals, "outlet_ids": [1, 2]},
    )


def test_an_edition_survives_the_json_round_trip_exactly() -> None:
    edition = replace(_edition(), published_at=datetime(2026, 3, 10, tzinfo=UTC), version=3)
    data = edition_to_json(edition)
    assert edition_from_json(json.loads(json.dumps(data))) == edition
    assert edition_from_json(data).leads[0].paragraphs[0][1].citation.published.utcoffset() == (
        timedelta(hours=8)
    )
    assert "written_by" not in data["leads"][0]["paragraphs"][0][0]  # the source's own words
    assert data["leads"][0]["paragraphs"][1][0]["written_by"] == "qwen2.5-7b-instruct"


def test_malformed_edition_json_is_a_clear_error() -> None:
    with pytest.raises(NewsdeskError, match="not a valid edition"):
        edition_from_json({"id": "x"})


def test_a_draft_is_stored_with_an_id_from_its_desk_and_day(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition(), [_ranked("s1", 4), _ranked("s2", 6)])
    assert (record.id, record.status, record.version) == ("china-tech-2026-03-09", "draft", 1)
    with store.session() as session:
        stored, edition = get_edition(session, record.id)
        placements = session.scalars(
            select(EditionStory).order_by(EditionStory.role.desc(), EditionStory.position)
        ).all()
    assert edition == replace(_edition(), id=record.id)
    assert stored.window_end == WINDOW_END
    assert [(p.story_id, p.role, p.position) for p in placements] == [
        ("s1", "lead", 1), ("s2", "lead", 2), ("s3", "also", 1)
    ]
    assert [p.size_at_edition for p in placements] == [4, 6, 0]
    assert placements[1].is_update and placements[0].explain["signals"]["outlets"] == 1.5


def test_saving_again_while_still_a_draft_makes_a_new_version(store: Store) -> None:
    with store.session() as session:
        first = save_draft(session, _edition(), [_ranked("s1", 4)])
    revised = replace(_edition(), intro="Revised intro.", leads=[_story("s9")])
    with store.session() as session:
        second = save_draft(session, revised, [_ranked("s9", 2)])
    assert (second.id, second.version) == (first.id, 2)
    with store.session() as session:
        _, edition = get_edition(session, first.id)
        story_ids = session.scalars(select(EditionStory.story_id)).all()
        editions = list_editions(session)
    assert (edition.intro, edition.version) == ("Revised intro.", 2)
    assert sorted(story_ids) == ["s3", "s9"]
    assert len(editions) == 1


def test_a_second_edition_the_same_day_gets_a_suffix(store: Store) -> None:
    with store.session() as session:
        first = save_draft(session, _edition())
        approve(session, first.id)
        second = save_draft(session, _edition(window_end=WINDOW_END + timedelta(hours=2)))
        mark_published(session, second.id, review_required=False)
        third = save_draft(session, _edition())
    assert [first.id, second.id, third.id] == [
        "china-tech-2026-03-09", "china-tech-2026-03-09-2", "china-tech-2026-03-09-3"
    ]


def test_draft_is_approved_then_published(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition())
    with store.session() as session:
        approve(session, record.id)
    with store.session() as session:
        published = mark_published(session, record.id, review_required=True)
        _, edition = get_edition(session, record.id)
    assert published.status == "published" and published.approved_at is not None
    assert edition.status == "published" and edition.published_at == published.published_at


def test_a_draft_can_skip_approval_only_when_the_desk_needs_no_review(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition())
        with pytest.raises(NewsdeskError, match="requires review: approve it first"):
            mark_published(session, record.id, review_required=True)
        assert mark_published(session, record.id, review_required=False).status == "published"


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (["approve", "approve"], "is already approved"),
        (["publish", "approve"], "is published; only a draft can be approved"),
        (["publish", "publish"], "is already published"),
    ],
)
def test_illegal_transitions_are_errors(store: Store, steps: list[str], message: str) -> None:
    with store.session() as session:
        record = save_draft(session, _edition())
        *allowed, illegal = steps
        for step in allowed:
            if step == "approve":
                approve(session, record.id)
            else:
                mark_published(session, record.id, review_required=False)
        with pytest.raises(NewsdeskError, match=message):
            if illegal == "approve":
                approve(session, record.id)
            else:
                mark_published(session, record.id, review_required=False)


def test_an_unknown_edition_is_a_clear_error(store: Store) -> None:
    with store.session() as session, pytest.raises(NewsdeskError, match="no edition 'nope'"):
        get_edition(session, "nope")


def test_editions_are_listed_newest_first_per_desk(store: Store) -> None:
    with store.session() as session:
        save_draft(session, _edition())
        save_draft(session, _edition(window_end=WINDOW_END + timedelta(days=7)))
        save_draft(session, _edition(desk="eu-tech"))
        ids = [r.id for r in list_editions(session, "china-tech")]
        everything = list_editions(session)
    assert ids == ["china-tech-2026-03-16", "china-tech-2026-03-09"]
    assert len(everything) == 3


def test_only_published_placements_count_as_seen_by_readers(store: Store) -> None:
    with store.session() as session:
        draft = save_draft(session, _edition(), [_ranked("s1", 4)])
        assert last_edition_placements(session, "china-tech") == {}
        mark_published(session, draft.id, review_required=False)
        placements = last_edition_placements(session, "china-tech")
        led = stories_led(session, "china-tech")
    assert set(placements) == {"s1", "s2", "s3"}
    assert placements["s1"].size_at_edition == 4
    assert led == {"s1", "s2"}


def test_an_edition_with_a_naive_window_is_refused(store: Store) -> None:
    naive = replace(_edition(), window_end=WINDOW_END.replace(tzinfo=None))
    with store.session() as session, pytest.raises(NewsdeskError, match="timezone-aware"):
        save_draft(session, naive)


def test_every_version_is_kept_whole_and_can_be_read_back(store: Store) -> None:
    with store.session() as session:
        first = save_draft(session, _edition(), [_ranked("s1", 4)])
    with store.session() as session:
        save_draft(session, replace(_edition(), intro="Second intro."), [_ranked("s1", 5)])
    with store.session() as session:
        versions = edition_versions(session, first.id)
        _, old = get_edition(session, first.id, version=1)
        _, latest = get_edition(session, first.id)
        with pytest.raises(NewsdeskError, match="has no version 7"):
            get_edition(session, first.id, version=7)
    assert [(v.version, v.origin) for v in versions] == [(1, "roundup"), (2, "roundup")]
    assert (old.intro, old.version) == ("This week in Chinese tech.", 1)
    assert (latest.intro, latest.version) == ("Second intro.", 2)


def test_an_editors_edit_is_a_new_version_and_reorders_placements(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition(), [_ranked("s1", 4), _ranked("s2", 6)])
        approve(session, record.id)
        _, current = get_edition(session, record.id)
    lead = current.leads[1]
    edited = replace(
        current,
        title="Edited title",
        leads=[replace(lead, headline="A sharper headline",
                       paragraphs=[[replace(lead.paragraphs[0][0], text="Rewritten.")]])],
        also=current.also,
    )
    with store.session() as session:
        saved = edit_edition(session, record.id, edited)
        assert (saved.version, saved.status, saved.approved_at) == (2, "draft", None)
    with store.session() as session:
        _, now = get_edition(session, record.id)
        _, before = get_edition(session, record.id, version=1)
        placements = session.scalars(
            select(EditionStory).order_by(EditionStory.role.desc(), EditionStory.position)
        ).all()
        origins = [v.origin for v in edition_versions(session, record.id)]
    assert (now.title, now.leads[0].headline) == ("Edited title", "A sharper headline")
    assert now.leads[0].paragraphs == [[Sentence("Rewritten.", _citation("reuters"))]]
    assert before.title == current.title and len(before.leads) == 2
    assert [(p.story_id, p.role, p.position, p.size_at_edition) for p in placements] == [
        ("s2", "lead", 1, 6), ("s3", "also", 1, 0)
    ]
    assert origins == ["roundup", "edit"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: replace(e, desk="other"), "cannot change the edition's desk"),
        (lambda e: replace(e, leads=[*e.leads, _story("s99")]), "not in edition"),
        (lambda e: replace(e, also=[*e.also, e.leads[0]]), "appears twice"),
        (lambda e: replace(e, leads=[replace(e.leads[0], headline="  ")]), "empty headline"),
        (lambda e: replace(e, title=""), "title is empty"),
    ],
)
def test_an_edit_that_is_not_this_edition_is_refused_and_nothing_is_saved(
    store: Store, change, message: str
) -> None:
    with store.session() as session:
        record = save_draft(session, _edition())
        _, current = get_edition(session, record.id)
    with pytest.raises(NewsdeskError, match=message), store.session() as session:
        edit_edition(session, record.id, change(current))
    with store.session() as session:
        stored, edition = get_edition(session, record.id)
        assert (stored.version, len(edition_versions(session, record.id))) == (1, 1)
    assert edition == current


def test_a_published_edition_is_final(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition())
        mark_published(session, record.id, review_required=False)
        _, current = get_edition(session, record.id)
        with pytest.raises(NewsdeskError, match="published and final"):
            edit_edition(session, record.id, replace(current, title="Too late"))

"""Composing an edition while another process saves a draft of the same desk and day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from newsdesk.errors import NewsdeskError
from newsdesk.store import Store
from newsdesk.store.models import EditionRecord, EditionVersion
from newsdesk.text.embed import HashingEmbedder
from newsdesk.write import compose, editions
from newsdesk.write.editions import edition_versions
from newsdesk.write.summarize import ExtractiveWriter
from tests.stories.newsroom import WINDOW_END, Newsroom, make_desk


@pytest.fixture
def newsroom(store: Store) -> Store:
    Newsroom(store).add_story(
        "s-chips", ["alpha", "beta"], title="Huawei unveils a new AI chip",
        text="Huawei unveiled a new AI chip on Monday, the company said in a statement.")
    return store


def _compose(store: Store) -> compose.Composition:
    return compose.compose_edition(store, make_desk(), ExtractiveWriter(embedder=HashingEmbedder()),
                                   embedder=HashingEmbedder(), window_end=WINDOW_END)


def _rival_saves(store: Store, edition_id: str, desk: str, version: int) -> None:
    """Another process commits version `version` of draft `edition_id` (creating it)."""
    with store.session() as other:
        record = other.get(EditionRecord, edition_id)
        if record is None:
            record = EditionRecord(id=edition_id, desk=desk, title="Rival draft",
                                   window_start=WINDOW_END - timedelta(days=7),
                                   window_end=WINDOW_END)
            other.add(record)
        record.version = version
        other.add(EditionVersion(edition_id=edition_id, version=version, origin="roundup"))


def test_a_draft_saved_meanwhile_elsewhere_is_kept_and_ours_follows_it(
    newsroom: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = editions._free_edition_id

    def rival_takes_the_id(session: Session, desk: str, day: date) -> str:
        chosen = real(session, desk, day)  # no draft yet: ours would be the first ...
        _rival_saves(newsroom, chosen, desk, 1)  # ... but another process saves it first
        return chosen

    monkeypatch.setattr(editions, "_free_edition_id", rival_takes_the_id)
    ours = _compose(newsroom).edition
    with newsroom.session() as session:
        versions = [(v.version, v.origin) for v in edition_versions(session, ours.id)]
        stored = session.get(EditionRecord, ours.id)
        assert stored is not None and stored.title != "Rival draft"  # ours is the latest
    assert ours.version == 2 and versions == [(1, "roundup"), (2, "roundup")]


def test_a_draft_that_keeps_colliding_is_a_clear_error_and_leaves_the_rivals_alone(
    newsroom: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _compose(newsroom).edition  # a draft of the day exists (version 1)
    real = editions._open_draft

    def rival_saves_each_time(session: Session, desk: str, day: date) -> EditionRecord | None:
        found = real(session, desk, day)
        if found is not None:  # another process saves the next version first, every time
            _rival_saves(newsroom, found.id, desk, found.version + 1)
        return found

    monkeypatch.setattr(editions, "_open_draft", rival_saves_each_time)
    with pytest.raises(NewsdeskError, match="other drafts of it kept being saved"):
        _compose(newsroom)
    with newsroom.session() as session:
        versions = [v.version for v in edition_versions(session, first.id)]
    assert versions == list(range(1, compose.SAVE_ATTEMPTS + 2))  # ours 1, the rivals' after

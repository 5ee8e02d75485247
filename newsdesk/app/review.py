"""Reviewing editions: list them, read a version or the history, and save an edit.

Nothing here ranks, writes or publishes, so listing editions loads only the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.errors import NewsdeskError
from newsdesk.store import Store
from newsdesk.store.articles import iso_utc
from newsdesk.store.models import EditionRecord, EditionStory
from newsdesk.write.edition import Edition
from newsdesk.write.editions import (
    edit_edition,
    edition_from_json,
    edition_versions,
    ensure_editable,
    get_edition,
    list_editions,
)

__all__ = [
    "EditionView",
    "StaleEdition",
    "check_version",
    "editable_edition",
    "edition_history",
    "edition_rows",
    "edition_view",
    "read_edition",
    "revise_edition",
    "save_edit",
]


class StaleEdition(NewsdeskError):
    """A change asked for from an older version of the edition: someone saved it since."""


@dataclass
class EditionView:
    """An edition as a reviewer sees it: the version asked for, the edition's status and
    latest version, its history (as `edition_history`), and why each story is placed
    (by story id, only for the latest version: its score and each signal's points)."""

    edition: Edition
    status: str
    latest: int
    history: list[dict]
    placements: dict[str, dict[str, Any]]


def edition_rows(store: Store, desk: str | None = None) -> list[dict]:
    """Every edition (or the desk's) with its status, version and times."""
    with store.session() as session:
        return [
            {
                "id": r.id,
                "desk": r.desk,
                "title": r.title,
                "status": r.status,
                "version": r.version,
                "created": iso_utc(r.created_at),
                "published": iso_utc(r.published_at),
            }
            for r in list_editions(session, desk)
        ]


def edition_history(store: Store, edition_id: str) -> list[dict]:
    """Every saved version of an edition: its number, origin, time and title."""
    with store.session() as session:
        return _history(session, edition_id)


def edition_view(store: Store, edition_id: str, version: int | None = None) -> EditionView:
    """An edition (its latest version, or `version`) with its status, history and the
    reasons for its placements."""
    with store.session() as session:
        record, edition = get_edition(session, edition_id, version)
        latest = edition.version == record.version
        return EditionView(edition, record.status, record.version,
                           _history(session, edition_id),
                           _placements(session, edition_id) if latest else {})


def read_edition(store: Store, edition_id: str, version: int | None = None) -> Edition:
    """An edition as saved (its latest version, or `version`)."""
    with store.session() as session:
        return get_edition(session, edition_id, version)[1]


def editable_edition(store: Store, edition_id: str) -> Edition:
    """The latest version of an edition that may still be edited (not published)."""
    with store.session() as session:
        record, current = get_edition(session, edition_id)
        ensure_editable(record)
    return current


def check_version(record: EditionRecord, seen_version: int) -> None:
    """Refuse a change asked for from an older version than the edition's latest."""
    if seen_version != record.version:
        raise StaleEdition(f"the edition changed since this page was opened (it is now at "
                           f"version {record.version}); reload it and try again")


def revise_edition(store: Store, edition_id: str, revise: Callable[[Edition], Edition], *,
                   seen_version: int | None = None) -> bool:
    """Save `revise` of the latest version of an editable edition as its next version;
    False when it changed nothing (no version saved). `seen_version`: the version the
    editor worked from, refused (StaleEdition) when the edition moved on since."""
    with store.session() as session:
        record, current = get_edition(session, edition_id)
        ensure_editable(record)
        if seen_version is not None:
            check_version(record, seen_version)
        edited = revise(current)
        if edited == current:
            return False
        edit_edition(session, edition_id, edited)
    return True


def save_edit(store: Store, edition_id: str, data: dict) -> tuple[str, int]:
    """Save an edited edition's JSON as its next version; returns its id and version."""
    edited = edition_from_json(data)
    with store.session() as session:
        record = edit_edition(session, edition_id, edited)
        return record.id, record.version


def _history(session: Session, edition_id: str) -> list[dict]:
    return [{"version": v.version, "origin": v.origin,
             "saved": iso_utc(v.created_at), "title": v.content.get("title")}
            for v in edition_versions(session, edition_id)]


def _placements(session: Session, edition_id: str) -> dict[str, dict[str, Any]]:
    """Why each story of the edition is there: its ranking score and each signal's points
    (as `newsdesk stories --explain` gives them), by story id."""
    rows = session.scalars(select(EditionStory).where(EditionStory.edition_id == edition_id))
    return {row.story_id: {"score": row.score,
                           "signals": [(name, points) for name, points
                                       in (row.explain or {}).get("signals", {}).items()
                                       if points]}
            for row in rows if row.explain}

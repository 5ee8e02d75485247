"""Reviewing editions: list them, read a version or the history, and save an edit.

Nothing here ranks, writes or publishes, so listing editions loads only the store.
"""

from __future__ import annotations

from newsdesk.store import Store
from newsdesk.store.articles import iso_utc
from newsdesk.write.edition import Edition
from newsdesk.write.editions import (
    edit_edition,
    edition_from_json,
    edition_versions,
    ensure_editable,
    get_edition,
    list_editions,
)

__all__ = ["editable_edition", "edition_history", "edition_rows", "read_edition", "save_edit"]


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
        return [{"version": v.version, "origin": v.origin,
                 "saved": iso_utc(v.created_at), "title": v.content.get("title")}
                for v in edition_versions(session, edition_id)]


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


def save_edit(store: Store, edition_id: str, data: dict) -> tuple[str, int]:
    """Save an edited edition's JSON as its next version; returns its id and version."""
    edited = edition_from_json(data)
    with store.session() as session:
        record = edit_edition(session, edition_id, edited)
        return record.id, record.version

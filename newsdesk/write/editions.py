"""Stored editions: drafts and their versions, review status, and where stories were placed.

An edition's id is `<desk>-<YYYY-MM-DD>` (the UTC date its window ends), with `-2`, `-3` for
a second or third edition of the desk that day. Saving a draft again for the same desk and
day while the earlier one is still a draft makes a new version of it rather than a new
edition. Status moves one way only: draft -> approved -> publishing -> published, or
draft -> publishing -> published when the desk does not ask for review (`publishing` is
the claim of `newsdesk.publish.claim`; it returns to draft or approved only when a
publication fails before any e-mail went out).

Every version is kept whole (`edition_versions`): a new draft of the same day, or an
editor's edit. An edit of an approved edition sends it back to draft (the edited text has
not been approved); a published edition is final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.store.models import EditionRecord, EditionStory, EditionVersion
from newsdesk.write.edition import Edition, StoryWriteUp
from newsdesk.write.edition_json import edition_from_json, edition_to_json
from newsdesk.write.intro import intro_after_edit

if TYPE_CHECKING:  # ranking (numpy) loads only where placements are read, not to list editions
    from newsdesk.stories.model import RankedStory

__all__ = [
    "approve",
    "edit_edition",
    "edition_from_json",
    "edition_to_json",
    "edition_versions",
    "ensure_editable",
    "get_edition",
    "last_edition_placements",
    "list_editions",
    "mark_published",
    "save_draft",
    "stories_led",
]


def _edition_day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _open_draft(session: Session, desk: str, day: date) -> EditionRecord | None:
    drafts = session.scalars(
        select(EditionRecord)
        .where(EditionRecord.desk == desk, EditionRecord.status == "draft")
        .order_by(EditionRecord.created_at.desc(), EditionRecord.id.desc())
    )
    return next((d for d in drafts if _edition_day(d.window_end) == day), None)


def _free_edition_id(session: Session, desk: str, day: date) -> str:
    base = f"{desk}-{day.isoformat()}"
    taken = set(session.scalars(select(EditionRecord.id).where(EditionRecord.desk == desk)))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _placement_rows(
    edition_id: str, edition: Edition, placements: Iterable[RankedStory]
) -> list[EditionStory]:
    ranked = {p.story_id: p for p in placements}
    rows = [
        _placement_row(edition_id, role, position, story, ranked.get(story.story_id))
        for role, stories in (("lead", edition.leads), ("also", edition.also))
        for position, story in enumerate(stories, start=1)
    ]
    return rows + [_folded_row(edition_id, position, folded, ranked.get(folded))
                   for position, folded in _folded(edition)]


def _folded(edition: Edition) -> list[tuple[int, str]]:
    """(position of the item, story id) of every story folded into an item: stored as
    placements of their own (role "folded"), so the next editions know their articles
    were told."""
    items = [*edition.leads, *edition.also]
    return [(position, story_id) for position, item in enumerate(items, start=1)
            for story_id in item.folded]


def _folded_row(edition_id: str, position: int, story_id: str,
                ranked: RankedStory | None) -> EditionStory:
    return EditionStory(
        edition_id=edition_id, story_id=story_id, role="folded", position=position,
        score=ranked.score if ranked else 0.0,
        size_at_edition=int(ranked.raw.get("originals", 0)) if ranked else 0,
        is_update=False, explain={})


def _placement_row(
    edition_id: str, role: str, position: int, story: StoryWriteUp, ranked: RankedStory | None
) -> EditionStory:
    return EditionStory(
        edition_id=edition_id,
        story_id=story.story_id,
        role=role,
        position=position,
        score=ranked.score if ranked else 0.0,
        size_at_edition=int(ranked.raw.get("originals", 0)) if ranked else 0,
        is_update=story.is_update or bool(ranked and ranked.is_update),
        explain={"signals": ranked.signals, "raw": ranked.raw} if ranked else {},
    )


def save_draft(
    session: Session, edition: Edition, placements: Iterable[RankedStory] = ()
) -> EditionRecord:
    """Store `edition` as a draft with its stories' placements; return the stored record.

    The edition's own id, status and version are ignored: the store assigns them. A draft
    of the same desk and day that is still a draft gets a new version instead of a new id.
    `placements` are the ranked stories behind the edition (for scores, sizes, explanations).
    """
    if any(t.tzinfo is None for t in (edition.window_start, edition.window_end)):
        raise NewsdeskError("an edition's window must be timezone-aware (UTC)")
    day = _edition_day(edition.window_end)
    now = utcnow()
    record = _open_draft(session, edition.desk, day)
    if record is None:
        record = EditionRecord(
            id=_free_edition_id(session, edition.desk, day),
            desk=edition.desk,
            version=1,
            created_at=now,
        )
        session.add(record)
    else:
        record.version += 1
    stored = replace(edition, id=record.id, version=record.version, status="draft",
                     published_at=None)
    record.title = stored.title
    record.status = "draft"
    record.updated_at = now
    record.window_start = stored.window_start
    record.window_end = stored.window_end
    record.content = edition_to_json(stored)
    session.add(EditionVersion(edition_id=record.id, version=record.version, origin="roundup",
                               created_at=now, content=record.content))
    session.flush()
    session.execute(delete(EditionStory).where(EditionStory.edition_id == record.id))
    session.add_all(_placement_rows(record.id, stored, placements))
    session.flush()
    return record


def edit_edition(session: Session, edition_id: str, edited: Edition) -> EditionRecord:
    """Save an editor's edit of a draft or approved edition as its next version.

    The editor may rewrite the title, intro, headlines and sentences, and drop or reorder
    stories and sentences; the edit must stay the same edition (id, desk, window) and may
    only carry stories the edition already had. An approved edition goes back to draft.
    An intro the editor left as it was is made again from the edited layout.
    Placements follow the edit: a dropped story loses its place, a moved one its position.
    """
    record = _find_record(session, edition_id, to_change=True)
    ensure_editable(record)
    current = edition_from_json(record.content)
    _check_edit(current, edited)
    now = utcnow()
    record.version += 1
    stored = replace(intro_after_edit(current, edited), id=record.id, version=record.version,
                     status="draft", published_at=None, created_at=current.created_at)
    record.title = stored.title
    record.status = "draft"
    record.approved_at = None
    record.updated_at = now
    record.content = edition_to_json(stored)
    session.add(EditionVersion(edition_id=record.id, version=record.version, origin="edit",
                               created_at=now, content=record.content))
    _replace_placements(session, record.id, stored)
    session.flush()
    return record


def ensure_editable(record: EditionRecord) -> None:
    """Refuse to edit a published edition, or one being published: what readers received
    (or are receiving) is final."""
    if record.status == "published":
        raise NewsdeskError(f"edition {record.id} is published and final; "
                            "make a new roundup instead")
    if record.status == "publishing":
        raise NewsdeskError(f"edition {record.id} is being published and is final; "
                            f"finish it with newsdesk publish {record.id}")


def _check_edit(current: Edition, edited: Edition) -> None:
    for field, before, after in (
        ("id", current.id, edited.id),
        ("desk", current.desk, edited.desk),
        ("window_start", current.window_start, edited.window_start),
        ("window_end", current.window_end, edited.window_end),
    ):
        if before != after:
            raise NewsdeskError(f"an edit cannot change the edition's {field} "
                                f"({before} -> {after})")
    known = {story.story_id for story in current.leads + current.also}
    seen: set[str] = set()
    for story in edited.leads + edited.also:
        if story.story_id not in known:
            raise NewsdeskError(f"story {story.story_id!r} is not in edition {current.id}; "
                                "an edit can drop or reorder stories, not add them")
        if story.story_id in seen:
            raise NewsdeskError(f"story {story.story_id!r} appears twice in the edit")
        seen.add(story.story_id)
        if not story.headline.strip():
            raise NewsdeskError(f"story {story.story_id!r} has an empty headline")
    if not edited.title.strip():
        raise NewsdeskError("the edition's title is empty")


def _replace_placements(session: Session, edition_id: str, edition: Edition) -> None:
    """Placements rebuilt from the edited edition, keeping each story's scores."""
    old = {row.story_id: row for row in session.scalars(
        select(EditionStory).where(EditionStory.edition_id == edition_id))}
    session.execute(delete(EditionStory).where(EditionStory.edition_id == edition_id))
    for role, stories in (("lead", edition.leads), ("also", edition.also)):
        for position, story in enumerate(stories, start=1):
            before = old.get(story.story_id)
            session.add(EditionStory(
                edition_id=edition_id, story_id=story.story_id, role=role, position=position,
                score=before.score if before else 0.0,
                size_at_edition=before.size_at_edition if before else 0,
                is_update=story.is_update or bool(before and before.is_update),
                explain=before.explain if before else {},
            ))
    placed = {story.story_id for story in [*edition.leads, *edition.also]}
    for position, story_id in _folded(edition):
        before = old.get(story_id)
        if story_id not in placed:
            session.add(EditionStory(
                edition_id=edition_id, story_id=story_id, role="folded", position=position,
                score=before.score if before else 0.0,
                size_at_edition=before.size_at_edition if before else 0,
                is_update=False, explain={}))


def edition_versions(session: Session, edition_id: str) -> list[EditionVersion]:
    """Every saved version of an edition, oldest first."""
    _find_record(session, edition_id)
    return list(session.scalars(
        select(EditionVersion).where(EditionVersion.edition_id == edition_id)
        .order_by(EditionVersion.version)))


def _find_record(session: Session, edition_id: str, *, to_change: bool = False) -> EditionRecord:
    """The edition's row; `to_change` locks it on PostgreSQL (SELECT ... FOR UPDATE) and
    reads it afresh, so a concurrent publisher's claim is seen, never overwritten."""
    record = session.get(EditionRecord, edition_id, with_for_update=to_change or None,
                         populate_existing=to_change)
    if record is None:
        raise NewsdeskError(f"no edition {edition_id!r} (see `newsdesk editions`)")
    return record


def _move(record: EditionRecord, status: str, *, allowed_from: set[str], hint: str) -> None:
    if record.status == status:
        raise NewsdeskError(f"edition {record.id} is already {status}")
    if record.status not in allowed_from:
        raise NewsdeskError(f"edition {record.id} is {record.status}; {hint}")
    now = utcnow()
    record.status = status
    record.updated_at = now
    content = dict(record.content)
    content["status"] = status
    if status == "approved":
        record.approved_at = now
    if status == "published":
        record.published_at = now
        content["published_at"] = now.isoformat()
    record.content = content


def approve(session: Session, edition_id: str) -> EditionRecord:
    """Mark a draft as approved by an editor; any other status is an error."""
    record = _find_record(session, edition_id, to_change=True)
    _move(record, "approved", allowed_from={"draft"}, hint="only a draft can be approved")
    session.flush()
    return record


def mark_published(session: Session, edition_id: str, *, review_required: bool) -> EditionRecord:
    """Mark an edition as published (after its outputs were written).

    An approved edition may always be published; a draft only when its desk does not
    require review (`review_required=False`). Anything else is an error.
    """
    record = _find_record(session, edition_id)
    allowed = {"approved"} if review_required else {"approved", "draft"}
    hint = ("its desk requires review: approve it first" if record.status == "draft"
            else "only a draft or an approved edition can be published")
    _move(record, "published", allowed_from=allowed, hint=hint)
    session.flush()
    return record


def list_editions(session: Session, desk: str | None = None) -> list[EditionRecord]:
    """Stored editions, newest first, of one desk or of all desks."""
    query = select(EditionRecord).order_by(
        EditionRecord.window_end.desc(), EditionRecord.created_at.desc(), EditionRecord.id.desc()
    )
    if desk is not None:
        query = query.where(EditionRecord.desk == desk)
    return list(session.scalars(query))


def get_edition(
    session: Session, edition_id: str, version: int | None = None
) -> tuple[EditionRecord, Edition]:
    """One stored edition: its record and the edition itself (latest version by default).

    An earlier `version` comes back as it was saved then, with its status at that time.
    """
    record = _find_record(session, edition_id)
    if version is None or version == record.version:
        return record, edition_from_json(record.content)
    saved = session.get(EditionVersion, (edition_id, version))
    if saved is None:
        raise NewsdeskError(f"edition {edition_id} has no version {version} "
                            f"(it has 1 to {record.version})")
    return record, edition_from_json(saved.content)


def last_edition_placements(
    session: Session, desk: str, *, before: datetime | None = None
) -> dict[str, EditionStory]:
    """For every story a published edition of `desk` carried, its most recent placement.

    Ranking measures a story's growth and novelty against this placement's
    `size_at_edition` and the outlets recorded in its `explain`.
    """
    from newsdesk.stories.novelty import published_placements

    return dict(published_placements(session, desk, before=before).placements)


def stories_led(session: Session, desk: str) -> set[str]:
    """Ids of the stories that were a lead story in a published edition of `desk`."""
    from newsdesk.stories.novelty import published_placements

    return set(published_placements(session, desk).led)

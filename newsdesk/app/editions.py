"""Editions: draft a desk's edition, make the due one, approve and publish it.

"Pick the embedder and the writer, rank, compose" is wired here once, for the command
line, the editor's desk, the worker and the benches.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from newsdesk.app.listener import Listener
from newsdesk.app.review import check_version
from newsdesk.app.subscriptions import desk_source_ids, subscribe_desk_sources
from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.desks.config import Desk, find_desk, parse_duration
from newsdesk.publish.claim import already_published
from newsdesk.publish.outputs import PublishReport, approve_edition, publish_edition
from newsdesk.publish.presentation import wording_note
from newsdesk.store import Store
from newsdesk.stories.model import RankedStory
from newsdesk.text.embed import Embedder
from newsdesk.text.understand import embedder_named
from newsdesk.write.cadence import check_cadence
from newsdesk.write.compose import Composition, compose_edition
from newsdesk.write.edition import Edition
from newsdesk.write.editions import get_edition
from newsdesk.write.generative import GenerativeWriter, writer_for
from newsdesk.write.summarize import Writer

__all__ = [
    "Draft",
    "approve",
    "compose",
    "draft_edition",
    "due_draft",
    "load_desk",
    "make_edition",
    "publish",
    "roundup",
    "with_window",
]


@dataclass
class Draft:
    """A freshly composed and saved draft edition, the ranking behind it, and how it was
    worded: by `model` (a generative writer's; None for the extractive writer), `worded`
    of its stories, `dropped` of the model's sentences refused as unsupported."""

    edition: Edition
    ranked: list[RankedStory]
    model: str | None = None
    worded: int = 0
    dropped: int = 0


def load_desk(settings: Settings, name: str | None, since: str | None = None) -> Desk:
    """The named desk (default: the configured one), its window overridden by `since`."""
    return with_window(find_desk(name or settings.default_desk, settings.home,
                                 settings.desks), since)


def with_window(desk: Desk, since: str | None) -> Desk:
    """The desk covering `since` (e.g. 7d, 36h, 2w) instead of its window, when given."""
    if not since:
        return desk
    return replace(desk, schedule=replace(desk.schedule, window=parse_duration(since)))


def compose(store: Store, desk: Desk, writer: Writer, *, embedder: Embedder | None,
            window_end: datetime | None = None, listener: Listener | None = None) -> Composition:
    """Rank the desk's stories from its own sources, write them up with `writer`, and save
    the draft (see `newsdesk.write.compose.compose_edition`)."""
    with store.session() as session:
        source_ids = desk_source_ids(session, desk)
    with (listener or Listener()).step("write") as advance:
        return compose_edition(store, desk, writer, embedder=embedder, source_ids=source_ids,
                               window_end=window_end, progress=advance)


def draft_edition(settings: Settings, store: Store, desk: Desk, listener: Listener, *,
                  window_end: datetime | None = None) -> Draft:
    """Compose and save a draft edition of the desk with its writer and the configured
    embedder, its window ending at `window_end` (default: now)."""
    embedder = embedder_named(settings.embedder)
    writer = writer_for(desk, settings.home, embedder)
    composition = compose(store, desk, writer, embedder=embedder, window_end=window_end,
                          listener=listener)
    draft = Draft(composition.edition, composition.ranked)
    if isinstance(writer, GenerativeWriter) and not draft.edition.is_empty:
        stories = draft.edition.leads + draft.edition.also
        draft.model = writer.settings.model
        draft.worded = sum(1 for story in stories if wording_note(story))
        draft.dropped = writer.dropped
    listener.drafted(draft)
    return draft


def roundup(settings: Settings, store: Store, desk: Desk, listener: Listener, *,
            window_end: datetime | None = None) -> Draft:
    """Subscribe the desk's own sources, then draft its edition (`newsdesk roundup`)."""
    subscribe_desk_sources(settings, store, desk, listener)
    return draft_edition(settings, store, desk, listener, window_end=window_end)


def due_draft(settings: Settings, store: Store, desk: Desk, listener: Listener, *,
              window_end: datetime | None, force: bool) -> Draft | None:
    """The desk's draft edition ending at `window_end` (default: now) when its cadence makes
    one due (or `force`); otherwise None, after telling the listener when it is due."""
    window_end = window_end or utcnow()
    if not force:
        with store.session() as session:
            check = check_cadence(session, desk, window_end)
        if not check.due:
            listener.not_due(check.explanation(desk))
            return None
    return draft_edition(settings, store, desk, listener, window_end=window_end)


def make_edition(settings: Settings, store: Store, desk: Desk, listener: Listener, *,
                 window_end: datetime | None = None, force: bool = False) -> str:
    """Make the desk's edition if its cadence says it is due (or `force`) and publish it
    unless it needs review; returns one line saying what it did."""
    draft = due_draft(settings, store, desk, listener, window_end=window_end, force=force)
    if draft is None:
        return "no edition due yet"
    edition = draft.edition
    if edition.is_empty:
        return f"edition {edition.id}: no stories met the bar"
    if desk.review.required:
        listener.left_for_review(edition)
        return f"edition {edition.id} left as a draft for review"
    report = publish_edition(store, settings, desk, edition.id)
    listener.published(report)
    return f"published {report.edition_id}"


def approve(settings: Settings, store: Store, edition_id: str, *,
            seen_version: int | None = None) -> None:
    """An editor's approval of a draft (refused while its desk could not publish it);
    `seen_version`: the version the editor approved, refused (StaleEdition) when the
    edition changed since."""
    with store.session() as session:
        if seen_version is not None:
            check_version(get_edition(session, edition_id)[0], seen_version)
        approve_edition(session, settings, edition_id)


def publish(settings: Settings, store: Store, edition_id: str, *, dry_run: bool = False,
            seen_version: int | None = None) -> PublishReport:
    """Publish an edition once with its desk's outputs (`dry_run`: a preview).

    A published edition raises AlreadyPublished before anything else is checked: it is
    final. `seen_version`: the version the editor published from, refused (StaleEdition)
    when the edition changed since."""
    with store.session() as session:
        record = get_edition(session, edition_id)[0]
        if record.status == "published":
            raise already_published(edition_id, record.published_at)
        if seen_version is not None:
            check_version(record, seen_version)
        desk_name = record.desk
    return publish_edition(store, settings, load_desk(settings, desk_name), edition_id,
                           dry_run=dry_run)

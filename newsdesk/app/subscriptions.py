"""Subscriptions: subscribe to feeds, import and export OPML, and subscribe a desk's own
sources; which stored sources are a desk's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.app.listener import Listener
from newsdesk.config import Settings
from newsdesk.desks.config import Desk
from newsdesk.ingest.subscriptions.desk_sources import DeskSubscription, desk_feeds, subscribe_desk
from newsdesk.ingest.subscriptions.subscribe import (
    ImportReport,
    Subscription,
    export_opml,
    import_opml,
    subscribe,
)
from newsdesk.ingest.urls import canonical_url
from newsdesk.store import Source, Store

__all__ = [
    "add_source",
    "desk_source_ids",
    "export_sources",
    "import_opml_files",
    "subscribe_desk_sources",
]


def add_source(settings: Settings, store: Store, url: str, *, folder: str | None,
               check: bool) -> Subscription:
    """Subscribe to a feed, discovering it from a site's page when needed (`check`: fetch
    it first)."""
    return subscribe(store, settings, url, folder=folder, check=check)


def import_opml_files(settings: Settings, store: Store,
                      paths: Sequence[Path]) -> list[ImportReport]:
    """Subscribe to the feeds of OPML files (read leniently); one report per file."""
    return [import_opml(store, path, allowed_networks=settings.allowed_networks,
                        interval_minutes=settings.fetch.interval_minutes)
            for path in paths]


def export_sources(store: Store) -> bytes:
    """The sources as an OPML 2.0 document (folders as nested outlines)."""
    return export_opml(store)


def subscribe_desk_sources(settings: Settings, store: Store, desk: Desk,
                           listener: Listener) -> DeskSubscription:
    """Subscribe the desk's own sources (idempotent)."""
    report = subscribe_desk(store, desk, allowed_networks=settings.allowed_networks,
                            interval_minutes=settings.fetch.interval_minutes)
    listener.subscribed(report)
    return report


def desk_source_ids(session: Session, desk: Desk) -> list[int] | None:
    """Store ids of the desk's sources (None when the desk names none: every source counts)."""
    urls = [feed.url for feed in desk_feeds(desk)]
    if not urls:
        return None
    wanted = {_canonical(u) for u in urls}
    rows = session.execute(select(Source.id, Source.url)).all()
    return [source_id for source_id, url in rows if _canonical(url) in wanted]


def _canonical(url: str) -> str:
    try:
        return canonical_url(url) or url
    except ValueError:
        return url

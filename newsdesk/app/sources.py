"""Sources: subscribe to feeds, import and export OPML, pause, resume and remove them, and
subscribe a desk's own sources."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.app.listener import Listener
from newsdesk.config import Settings
from newsdesk.desks.config import Desk
from newsdesk.ingest.desk_sources import DeskSubscription, desk_feeds, subscribe_desk
from newsdesk.ingest.subscribe import (
    ImportReport,
    Subscription,
    export_opml,
    import_opml,
    subscribe,
)
from newsdesk.ingest.urls import canonical_url
from newsdesk.store import Source, Store
from newsdesk.store.sources import SourceHealth, find_source, list_health

__all__ = [
    "add_source",
    "desk_source_ids",
    "export_sources",
    "import_opml_files",
    "remove_source",
    "set_paused",
    "source_health",
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
    return [import_opml(store, path, allowed_networks=settings.allowed_networks)
            for path in paths]


def export_sources(store: Store) -> bytes:
    """The sources as an OPML 2.0 document (folders as nested outlines)."""
    return export_opml(store)


def source_health(store: Store) -> list[SourceHealth]:
    """Every source with its health: last fetch, status, last error, articles, next due."""
    with store.session() as session:
        return list_health(session)


def remove_source(store: Store, ref: str) -> str:
    """Remove a source (id or URL) and its articles; returns its URL."""
    with store.session() as session:
        source = find_source(session, ref)
        url = source.url
        session.delete(source)
    return url


def set_paused(store: Store, ref: str, paused: bool) -> str:
    """Pause (or resume) fetching a source (id or URL); returns its URL."""
    with store.session() as session:
        source = find_source(session, ref)
        source.paused = paused
        return source.url


def subscribe_desk_sources(settings: Settings, store: Store, desk: Desk,
                           listener: Listener) -> DeskSubscription:
    """Subscribe the desk's own sources (idempotent)."""
    report = subscribe_desk(store, desk, allowed_networks=settings.allowed_networks)
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

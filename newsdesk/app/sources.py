"""Sources in the store: their health, pausing, resuming and removing them.

Subscribing (feeds, OPML, a desk's own sources) is `newsdesk.app.subscriptions`; nothing
here fetches or parses, so listing sources loads only the store.
"""

from __future__ import annotations

from newsdesk.store import Store
from newsdesk.store.sources import SourceHealth, find_source, list_health

__all__ = ["remove_source", "set_paused", "source_health"]


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

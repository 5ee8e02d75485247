"""Collecting articles: fetch due sources, import archives in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newsdesk.app.listener import Listener
from newsdesk.config import Settings
from newsdesk.ingest.bulk.importer import BulkReport, import_file
from newsdesk.ingest.collect import FetchReport, fetch_sources
from newsdesk.store import Store
from newsdesk.store.sources import find_source

__all__ = ["fetch", "import_archive"]


def fetch(settings: Settings, store: Store, listener: Listener, *,
          refs: Sequence[str] | None = None, source_ids: Sequence[int] | None = None,
          force: bool = False, full_text: bool | None = None) -> FetchReport:
    """Fetch the due sources (or those `refs` name, ids or URLs, and those with
    `source_ids`, due or not; `force`: all) and store their new articles; `full_text`
    overrides the settings' page fetching."""
    ids = list(source_ids or [])
    if refs:
        with store.session() as session:
            ids += [find_source(session, ref).id for ref in refs]
    with listener.fetching() as hooks:
        report = fetch_sources(
            store,
            settings,
            source_ids=ids or None,
            force=force or bool(ids),
            full_text=full_text,
            on_outcome=hooks.on_outcome,
            on_start=hooks.on_start,
            on_full_text=hooks.on_full_text,
        )
    listener.fetched(report)
    return report


def import_archive(store: Store, path: Path) -> BulkReport:
    """Import a .jsonl story set or a .warc/.warc.gz archive (streaming, idempotent)."""
    return import_file(store, path)

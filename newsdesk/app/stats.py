"""The house's figures: sources, articles and fetches; the workers, queue depth and lag."""

from __future__ import annotations

from typing import Any

from newsdesk.store import Store
from newsdesk.store.articles import collect_stats
from newsdesk.worker.health import worker_stats

__all__ = ["house_stats", "worker_health"]


def house_stats(store: Store) -> dict[str, Any]:
    """Counts of sources, articles and fetches, then the workers, queue depth and lag
    (`newsdesk stats`)."""
    with store.session() as session:
        return collect_stats(session) | worker_stats(session)


def worker_health(store: Store) -> dict[str, Any]:
    """Each worker's last heartbeat and step, the queue depth and the lag."""
    with store.session() as session:
        return worker_stats(session)

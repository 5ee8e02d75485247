"""What `newsdesk stats` says about the workers: heartbeats, queue depth and lag."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.store.articles import iso_utc
from newsdesk.store.leases import due_condition, unleased
from newsdesk.store.models import Article, ArticleVector, Source, Worker

HEARTBEAT = timedelta(seconds=5)  # how often a worker says it is alive
SILENT = HEARTBEAT * 6  # a worker silent this long is presumed dead


def worker_rows(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Each worker that has not stopped (and those stopped in the last day), newest first."""
    since = now - timedelta(days=1)
    query = (
        select(Worker)
        .where((Worker.stopped_at.is_(None)) | (Worker.stopped_at >= since))
        .order_by(Worker.heartbeat_at.desc())
    )
    return [
        {
            "id": w.id,
            "state": _state(w, now),
            "heartbeat": iso_utc(w.heartbeat_at),
            "heartbeat_age_s": round((now - w.heartbeat_at).total_seconds(), 1),
            "step": w.step,
            "units": w.units,
        }
        for w in session.scalars(query)
    ]


def _state(worker: Worker, now: datetime) -> str:
    if worker.stopped_at is not None:
        return "stopped"
    return "alive" if now - worker.heartbeat_at <= SILENT else "silent"


def queue_depth(session: Session, now: datetime) -> dict[str, int]:
    """Due sources (and how many of those are leased), articles to understand and to cluster."""
    due = select(func.count()).select_from(Source).where(*due_condition(now))
    vectored = select(ArticleVector.article_id)
    return {
        "due_sources": session.scalar(due) or 0,
        "due_sources_unleased": session.scalar(due.where(unleased(now))) or 0,
        "to_understand": session.scalar(
            select(func.count()).select_from(Article).where(Article.id.not_in(vectored))) or 0,
        "to_cluster": session.scalar(
            select(func.count()).select_from(Article).where(Article.clustered_at.is_(None))) or 0,
    }


def lag(session: Session, now: datetime) -> dict[str, float]:
    """Seconds the oldest due source has waited, and the oldest unclustered article."""
    oldest_due = session.scalar(select(func.min(Source.next_due_at)).where(*due_condition(now)))
    oldest_article = session.scalar(
        select(func.min(Article.fetched_at)).where(Article.clustered_at.is_(None)))
    return {
        "fetch_lag_s": _age(oldest_due, now),
        "cluster_lag_s": _age(oldest_article, now),
    }


def _age(when: datetime | None, now: datetime) -> float:
    return round(max((now - when).total_seconds(), 0.0), 1) if when else 0.0


def worker_stats(session: Session) -> dict[str, Any]:
    """The workers, the queue depth and the lag, as `newsdesk stats` shows them."""
    now = utcnow()
    return {"workers": worker_rows(session, now), **queue_depth(session, now),
            **lag(session, now)}

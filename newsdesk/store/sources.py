"""Queries about sources: add, find, pause, remove, health and scheduling."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.store.models import MAX_INTEGER, Article, Source
from newsdesk.store.storable import (
    MAX_URL_CHARS,
    storable_name,
    storable_text,
    storable_url,
)

MAX_BACKOFF = timedelta(hours=24)


@dataclass(frozen=True)
class SourceHealth:
    """A source as `source list` shows it."""

    id: int
    url: str
    title: str | None
    folder: str | None
    status: str
    paused: bool
    last_fetched_at: datetime | None
    last_status: int | None
    last_error: str | None
    last_warning: str | None
    consecutive_failures: int
    article_count: int
    next_due_at: datetime | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "folder": self.folder,
            "status": self.status,
            "paused": self.paused,
            "last_fetched": _iso(self.last_fetched_at),
            "last_status": self.last_status,
            "last_error": self.last_error,
            "last_warning": self.last_warning,
            "consecutive_failures": self.consecutive_failures,
            "article_count": self.article_count,
            "next_due": _iso(self.next_due_at),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def add_source(
    session: Session,
    url: str,
    *,
    title: str | None = None,
    site_url: str | None = None,
    folder: str | None = None,
    interval_minutes: int = 60,
    kind: str = "feed",
) -> tuple[Source, bool]:
    """Add a feed by URL; returns the source and whether it is new (adding twice is a no-op).

    Text is made storable; the title and folder are cut at their caps and a site URL
    over the URL cap is dropped. A feed URL over the cap raises NewsdeskError.
    """
    if len(url) > MAX_URL_CHARS:
        raise NewsdeskError(f"not a usable feed URL {url[:60]!r}...: longer than "
                            f"{MAX_URL_CHARS:,} characters")
    url = storable_text(url)
    existing = session.scalar(select(Source).where(Source.url == url))
    if existing is not None:
        return existing, False
    source = Source(
        url=url,
        title=storable_name(title),
        site_url=storable_url(site_url),
        folder=storable_name(folder),
        interval_minutes=interval_minutes,
        kind=kind,
        next_due_at=utcnow(),
    )
    session.add(source)
    session.flush()
    return source, True


def find_source(session: Session, ref: str) -> Source:
    """A source by id or URL; a clear error when there is none."""
    query = select(Source).where(Source.url == ref)
    if ref.isdigit() and int(ref) <= MAX_INTEGER:
        query = select(Source).where(or_(Source.id == int(ref), Source.url == ref))
    source = session.scalar(query)
    if source is None:
        raise NewsdeskError(f"no source {ref!r} (see `newsdesk source list`)")
    return source


def list_health(session: Session) -> list[SourceHealth]:
    """Every source with its health and article count, in the order they were added."""
    counts = dict(
        session.execute(select(Article.source_id, func.count()).group_by(Article.source_id)).all()
    )
    return [
        SourceHealth(
            id=s.id,
            url=s.url,
            title=s.title,
            folder=s.folder,
            status=s.status,
            paused=s.paused,
            last_fetched_at=s.last_fetched_at,
            last_status=s.last_status,
            last_error=s.last_error,
            last_warning=s.last_warning,
            consecutive_failures=s.consecutive_failures,
            article_count=counts.get(s.id, 0),
            next_due_at=None if s.paused else s.next_due_at,
        )
        for s in session.scalars(select(Source).order_by(Source.id))
    ]


def due_sources(
    session: Session, *, now: datetime | None = None, force: bool = False
) -> Sequence[Source]:
    """Sources to fetch now: not paused, and due (or all unpaused ones with `force`)."""
    query = (
        select(Source).where(Source.paused.is_(False), Source.kind == "feed").order_by(Source.id)
    )
    if not force:
        now = now or utcnow()
        query = query.where(or_(Source.next_due_at.is_(None), Source.next_due_at <= now))
    return session.scalars(query).all()


def backoff_delay(interval_minutes: int, failures: int) -> timedelta:
    """Exponential backoff after consecutive failures: interval x 2^(n-1), at most a day."""
    base = timedelta(minutes=max(interval_minutes, 1))
    return min(base * (2 ** max(failures - 1, 0)), MAX_BACKOFF)

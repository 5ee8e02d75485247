"""Queries about articles: idempotent storing, listing, and the numbers behind `stats`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.store.models import MAX_INTEGER, Article, Fetch, Source
from newsdesk.store.storable import storable

INSERT_BATCH = 500
DEFAULTS: dict[str, Any] = {
    "authors": [],
    "categories": [],
    "enclosures": [],
    "raw": {},
    "text_origin": "feed",
}


def _insert_for(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def store_articles(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert article rows, skipping any whose (source_id, uid) is already stored.

    Every string in a row is made storable first (see storable.py), so both backends
    store the same text. Returns how many were new. Safe to repeat: storing the same
    items twice stores them once.
    """
    insert = _insert_for(session)
    new = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= INSERT_BATCH:
            new += _insert_batch(session, insert, batch)
            batch = []
    if batch:
        new += _insert_batch(session, insert, batch)
    return new


def _insert_batch(session: Session, insert: Any, batch: list[dict[str, Any]]) -> int:
    # De-duplicate inside the batch too: one feed may repeat an item.
    unique = list({(r["source_id"], r["uid"]): r for r in reversed(batch)}.values())[::-1]
    columns = {column.key for column in Article.__table__.columns} - {"id"}
    rows = [_complete(row, columns) for row in unique]
    # A plain executemany of one cached single-row statement, counted by its rowcount (rows
    # skipped as conflicts do not count). With RETURNING, SQLAlchemy would send one
    # multi-VALUES statement instead, and psycopg would re-parse its hundreds of
    # placeholders for every feed: that parsing was the larger part of storing a feed.
    statement = insert(Article.__table__).on_conflict_do_nothing(
        index_elements=["source_id", "uid"]
    )
    connection = session.connection().execution_options(preserve_rowcount=True)
    return connection.execute(statement, rows).rowcount


def _complete(row: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    """Every column present (executemany needs the same keys in every row), text storable."""
    full = dict.fromkeys(columns)
    full.update(DEFAULTS)
    full.update(storable(row))  # type: ignore[arg-type]  # a dict stays a dict
    full["fetched_at"] = full["fetched_at"] or utcnow()
    return full


def list_articles(
    session: Session,
    *,
    limit: int | None = 50,
    source: Source | None = None,
    since: datetime | None = None,
    language: str | None = None,
) -> Sequence[Article]:
    """Articles, newest first (by published time, then by when we fetched them)."""
    query = select(Article).options(joinedload(Article.source))
    if source is not None:
        query = query.where(Article.source_id == source.id)
    if since is not None:
        query = query.where(func.coalesce(Article.published_at, Article.fetched_at) >= since)
    if language:
        query = query.where(Article.language == language)
    query = query.order_by(
        func.coalesce(Article.published_at, Article.fetched_at).desc(), Article.id.desc()
    )
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()


def get_article(session: Session, article_id: int) -> Article:
    """One article by id; a clear error when there is none."""
    article = None
    if article_id <= MAX_INTEGER:
        article = session.get(Article, article_id, options=[joinedload(Article.source)])
    if article is None:
        raise NewsdeskError(f"no article {article_id} (see `newsdesk articles list`)")
    return article


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, or None."""
    return value.isoformat().replace("+00:00", "Z") if value else None


def article_json(article: Article, *, full: bool = False) -> dict[str, Any]:
    """An article as the JSON output of `articles list` / `articles show` gives it."""
    data: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": iso_utc(article.published_at),
        "language": article.language,
        "source_url": article.source.url,
        "source_title": article.source.title,
        "text_origin": article.text_origin,
    }
    if full:
        data |= {
            "guid": article.guid,
            "uid": article.uid,
            "authors": article.authors,
            "categories": article.categories,
            "published_raw": article.published_raw,
            "updated": iso_utc(article.updated_at),
            "fetched": iso_utc(article.fetched_at),
            "summary": article.summary,
            "text": article.text,
            "enclosures": article.enclosures,
            "extract_error": article.extract_error,
        }
    return data


def collect_stats(session: Session) -> dict[str, Any]:
    """Counts of sources (by health), articles (by language and text origin) and fetches."""
    sources = session.scalars(select(Source)).all()
    by_status: dict[str, int] = {}
    for source in sources:
        by_status[source.status] = by_status.get(source.status, 0) + 1
    by_language = dict(
        session.execute(select(Article.language, func.count()).group_by(Article.language)).all()
    )
    by_origin = dict(
        session.execute(
            select(Article.text_origin, func.count()).group_by(Article.text_origin)
        ).all()
    )
    newest = session.scalar(select(func.max(Article.published_at)))
    last_fetch = session.scalar(select(func.max(Fetch.started_at)))
    return {
        "sources": len(sources),
        "sources_by_status": by_status,
        "articles": session.scalar(select(func.count()).select_from(Article)) or 0,
        "articles_by_language": {k or "unknown": v for k, v in by_language.items()},
        "articles_by_text_origin": by_origin,
        "fetches": session.scalar(select(func.count()).select_from(Fetch)) or 0,
        "newest_article": iso_utc(newest),
        "last_fetch": iso_utc(last_fetch),
    }

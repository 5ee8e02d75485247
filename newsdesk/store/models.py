"""The tables: sources, their fetch history and the articles they published; the
engine's stories, merges, article vectors and state; editions with their deliveries,
versions and stories; workers and their work claims."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from newsdesk.clock import utcnow
from newsdesk.limits import MAX_INTEGER as MAX_INTEGER  # the store's callers read it here


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are always timezone-aware UTC in Python, whatever the backend keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    """One feed we poll, with its health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="feed")  # feed | bulk
    site_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(512))
    folder: Mapped[str | None] = mapped_column(String(512))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    interval_minutes: Mapped[int] = mapped_column(Integer, default=60)
    feed_kind: Mapped[str | None] = mapped_column(String(32))
    etag: Mapped[str | None] = mapped_column(String(1024))
    last_modified: Mapped[str | None] = mapped_column(String(256))
    last_fetched_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(32))
    # A resource limit hit on the last successful fetch (items dropped, text cut).
    last_warning: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)
    # The worker fetching it now, until the lease expires (see newsdesk.store.leases).
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]

    articles: Mapped[list[Article]] = relationship(back_populates="source", passive_deletes=True)

    @property
    def status(self) -> str:
        """One word for the source's health: paused, new, ok, failing."""
        if self.paused:
            return "paused"
        if self.last_fetched_at is None:
            return "new"
        return "failing" if self.consecutive_failures else "ok"


class Fetch(Base):
    """One attempt to fetch a source: the history behind its health."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    duration: Mapped[float] = mapped_column(default=0.0)
    status: Mapped[int | None]
    not_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(32))
    warning: Mapped[str | None] = mapped_column(Text)
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)


class Article(Base):
    """One item as published by one source. `(source_id, uid)` is its stable identity."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source_id", "uid", name="uq_articles_source_uid"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_url", "url"),
        Index("ix_articles_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(512))
    guid: Mapped[str | None] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(default=list)
    categories: Mapped[list[Any]] = mapped_column(default=list)
    summary: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    text_origin: Mapped[str] = mapped_column(String(32), default="feed")
    extract_error: Mapped[str | None] = mapped_column(Text)
    # Why the stored text is not the whole text (cut at the per-article length cap).
    text_note: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    published_at: Mapped[datetime | None]
    published_raw: Mapped[str | None] = mapped_column(String(256))
    updated_at: Mapped[datetime | None]
    enclosures: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # What the article's page says it is, when its page was read: {"section", "types"}.
    page_meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Filled by the story stages: a copy points at its original; originals join a story.
    copy_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    copy_kind: Mapped[str | None] = mapped_column(String(16))
    story_id: Mapped[str | None] = mapped_column(String(64), index=True)
    clustered_at: Mapped[datetime | None]
    cluster_note: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship(back_populates="articles")


class Story(Base):
    """A group of articles about one real-world event; persists and grows across runs."""

    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_seen: Mapped[datetime | None]
    last_seen: Mapped[datetime | None]
    size: Mapped[int] = mapped_column(Integer, default=0)  # originals, copies excluded
    outlets: Mapped[int] = mapped_column(Integer, default=0)  # distinct sources of originals
    languages: Mapped[list[Any]] = mapped_column(default=list)
    title: Mapped[str | None] = mapped_column(Text)
    top_terms: Mapped[list[Any]] = mapped_column(default=list)
    merged_into: Mapped[str | None] = mapped_column(String(64), index=True)


class StoryMerge(Base):
    """A record that two stories turned out to be one."""

    __tablename__ = "story_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[str] = mapped_column(String(64), index=True)
    into_story_id: Mapped[str] = mapped_column(String(64))
    merged_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)


class ArticleVector(Base):
    """An article's embedding, with the model that made it (recomputed when that changes)."""

    __tablename__ = "article_vectors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[str] = mapped_column(String(128))
    version: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class EngineState(Base):
    """The story engine's saved state, so a later run continues where this one stopped."""

    __tablename__ = "engine_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    articles_processed: Mapped[int] = mapped_column(Integer, default=0)


class EditionRecord(Base):
    """One roundup of a desk, stored whole (as JSON) with its status and version."""

    __tablename__ = "editions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    desk: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text)
    # draft | approved | publishing | published
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # While status is `publishing`: who claimed it (host:pid:nonce) and when it last said
    # it was alive (see newsdesk.publish.claim).
    publish_owner: Mapped[str | None] = mapped_column(String(256))
    publish_heartbeat: Mapped[datetime | None]


class EditionDelivery(Base):
    """One recipient's e-mail of an edition: `sending` from just before the message is
    committed to the mail server, then `sent` (or `refused`). Never sent twice."""

    __tablename__ = "edition_deliveries"

    edition_id: Mapped[str] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    recipient: Mapped[str] = mapped_column(String(320), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # sending | sent | refused
    message_id: Mapped[str] = mapped_column(String(512))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    detail: Mapped[str | None] = mapped_column(Text)


class EditionVersion(Base):
    """One saved version of an edition, kept whole so earlier drafts and edits can be read."""

    __tablename__ = "edition_versions"

    edition_id: Mapped[str] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(16))  # roundup | edit
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)


class EditionStory(Base):
    """A story's place in an edition: lead or list item, its rank and why it scored."""

    __tablename__ = "edition_stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[str] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), index=True
    )
    story_id: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(8))  # lead | also | folded
    position: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(default=0.0)
    size_at_edition: Mapped[int] = mapped_column(Integer, default=0)
    is_update: Mapped[bool] = mapped_column(Boolean, default=False)
    explain: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Worker(Base):
    """A `newsdesk worker` process: who it is and when it last said it was alive."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[datetime | None]
    step: Mapped[str | None] = mapped_column(Text)  # what it is doing (or did last)
    units: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WorkClaim(Base):
    """A unit of work one worker has claimed (e.g. a desk's edition for one window).

    An unfinished claim whose worker died is taken over once it expires.
    """

    __tablename__ = "work_claims"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    result: Mapped[str | None] = mapped_column(Text)

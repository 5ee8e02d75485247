"""The fetch stage: poll due sources, parse what they return, store new articles.

Feeds are parsed in worker processes within a CPU-time and memory budget (feeds/budget.py)
while the other sources are fetched and stored. A failure anywhere between a source's
bytes and the database (parse, normalise, hash, store) is recorded on that source alone.
Each source's outcome is stored in one transaction together with its new articles and its
conditional-GET validators, so a crash at any point loses nothing and stores nothing twice:
a re-run simply fetches again the sources whose transaction did not commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.ingest.feeds.article_rows import FIELD_CAP_WARNING, ParsedSource, one_line
from newsdesk.ingest.feeds.budget import ParseBudget, ParseWorkers
from newsdesk.ingest.feeds.fields import ITEM_CAP_WARNING
from newsdesk.ingest.network.fetch import Fetcher, FetchRequest, FetchResult
from newsdesk.ingest.network.pollhints import poll_hint_seconds
from newsdesk.ingest.pages.fulltext import fill_full_text
from newsdesk.store import Fetch, Source, Store
from newsdesk.store.articles import store_articles
from newsdesk.store.sources import backoff_delay, due_sources
from newsdesk.store.storable import storable_line, storable_name, storable_url

STORE_GROUP = 25  # sources stored per transaction


@dataclass
class SourceOutcome:
    """What happened to one source in a fetch run."""

    source_id: int
    url: str
    ok: bool
    not_modified: bool = False
    status: int | None = None
    seen: int = 0
    new: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    limit_warning: str | None = None


@dataclass
class FetchReport:
    """The outcome of a whole fetch run."""

    outcomes: list[SourceOutcome] = field(default_factory=list)
    extracted: int = 0
    extract_failed: int = 0

    @property
    def new_articles(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]


def fetch_sources(
    store: Store,
    settings: Settings,
    *,
    source_ids: Sequence[int] | None = None,
    force: bool = False,
    full_text: bool | None = None,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_full_text: Callable[[int, int], None] | None = None,
    budget: ParseBudget = ParseBudget(),
) -> FetchReport:
    """Fetch the due (or the given) sources and store their new articles, each feed
    parsed within ``budget``.

    `on_outcome` hears of each source as it is stored; `on_full_text(done, total)` of the
    article pages fetched afterwards for summary-only items."""
    with store.session() as session:
        if source_ids:
            query = select(Source).where(Source.id.in_(source_ids)).order_by(Source.id)
            sources = session.scalars(query).all()
        else:
            sources = due_sources(session, force=force)
        requests = [
            FetchRequest(url=s.url, etag=s.etag, last_modified=s.last_modified, key=s.id)
            for s in sources
        ]
    if on_start:
        on_start(len(requests))
    want_full_text = settings.fetch.full_text if full_text is None else full_text
    return asyncio.run(_run(store, settings, requests, want_full_text, on_outcome,
                            on_full_text, budget))


async def _run(
    store: Store,
    settings: Settings,
    requests: list[FetchRequest],
    full_text: bool,
    on_outcome: Callable[[SourceOutcome], None] | None,
    on_full_text: Callable[[int, int], None] | None = None,
    budget: ParseBudget = ParseBudget(),
) -> FetchReport:
    report = FetchReport()
    async with Fetcher(settings.fetch) as fetcher, ParseWorkers(budget) as workers:
        recorder = _Recorder(store, report, on_outcome)
        parsing = []
        async for result in fetcher.fetch_all(requests):
            parsing.append(asyncio.create_task(_parse_and_add(workers, settings, result, recorder)))
        await asyncio.gather(*parsing)
        recorder.flush()
        if full_text:
            report.extracted, report.extract_failed = await fill_full_text(
                store, fetcher, progress=on_full_text)
    return report


class _Recorder:
    """Stores finished sources a group at a time: one transaction per group, not per source.

    A group is as atomic as a single source: a crash loses the whole uncommitted group,
    articles and validators alike, and the next run fetches it again.
    """

    def __init__(
        self,
        store: Store,
        report: FetchReport,
        on_outcome: Callable[[SourceOutcome], None] | None,
    ) -> None:
        self.store = store
        self.report = report
        self.on_outcome = on_outcome
        self.pending: list[tuple[FetchResult, ParsedSource | None]] = []

    def add(self, result: FetchResult, parsed: ParsedSource | None) -> None:
        self.pending.append((result, parsed))
        if len(self.pending) >= STORE_GROUP:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        outcomes = record_results(self.store, self.pending)
        self.pending = []
        for outcome in outcomes:
            self.report.outcomes.append(outcome)
            if self.on_outcome:
                self.on_outcome(outcome)


async def _parse_and_add(
    workers: ParseWorkers, settings: Settings, result: FetchResult, recorder: _Recorder
) -> None:
    recorder.add(result, await _parse(workers, settings, result))


async def _parse(
    workers: ParseWorkers, settings: Settings, result: FetchResult
) -> ParsedSource | None:
    """The article rows of a fetched feed (None when there is nothing new to read)."""
    if not result.ok or result.not_modified:
        return None
    return await workers.parse(
        body=result.body or b"",
        url=result.url,
        content_type=result.content_type,
        max_items=settings.fetch.max_items,
        source_id=result.request.key,
        fetched_at=utcnow(),
    )


def record_results(
    store: Store, results: list[tuple[FetchResult, ParsedSource | None]]
) -> list[SourceOutcome]:
    """Store fetch results in one transaction: articles, sources' health, fetch history.

    Should the group fail to store, each source is stored in a transaction of its own,
    so one source's failure is recorded on it and loses none of the others.
    """
    try:
        with store.session() as session:
            return [record_result(session, result, parsed) for result, parsed in results]
    except (SQLAlchemyError, ValueError, TypeError):
        return [record_alone(store, result, parsed) for result, parsed in results]


def record_alone(
    store: Store, result: FetchResult, parsed: ParsedSource | None
) -> SourceOutcome:
    """Store one fetch result in its own transaction; when that fails, store the failure
    as the source's error (a database that fails even then raises)."""
    try:
        with store.session() as session:
            return record_result(session, result, parsed)
    except (SQLAlchemyError, ValueError, TypeError) as exc:
        reason = exc.orig if isinstance(exc, DBAPIError) and exc.orig else exc  # not the SQL
        failed = ParsedSource(error=f"could not store: {one_line(reason)}", error_kind="store")
    with store.session() as session:
        return record_result(session, result, failed)


def record_result(
    session: Session, result: FetchResult, parsed: ParsedSource | None
) -> SourceOutcome:
    """Store one fetch result: the articles, the source's health and the fetch history."""
    started = utcnow() - timedelta(seconds=result.elapsed)
    source = session.get(Source, result.request.key)
    if source is None:  # removed while we were fetching
        return SourceOutcome(0, result.request.url, ok=False, error="source was removed")
    outcome = _apply_result(session, source, result, parsed)
    session.add(
        Fetch(
            source_id=source.id,
            started_at=started,
            duration=result.elapsed,
            status=result.status,
            not_modified=result.not_modified,
            error=outcome.error,
            error_kind=source.error_kind if outcome.error else None,
            warning=outcome.limit_warning,
            bytes=len(result.body or b""),
            items_seen=outcome.seen,
            items_new=outcome.new,
        )
    )
    return outcome


def _apply_result(
    session: Session, source: Source, result: FetchResult, parsed: ParsedSource | None
) -> SourceOutcome:
    now = utcnow()
    outcome = SourceOutcome(source.id, source.url, ok=False, status=result.status)
    source.last_fetched_at = now
    source.last_status = result.status
    if result.error:
        return _mark_failed(source, outcome, result.error, result.error_kind or "fetch", now)
    wait = max(result.retry_after or 0, poll_hint_seconds(result.headers, result.body) or 0)
    if result.not_modified or parsed is None:
        outcome.not_modified = result.not_modified
        return _mark_ok(source, outcome, now, wait)
    if parsed.error:
        return _mark_failed(source, outcome, parsed.error, parsed.error_kind, now)
    outcome.seen = len(parsed.rows)
    outcome.new = store_articles(session, parsed.rows)
    outcome.warnings = parsed.warnings
    outcome.limit_warning = storable_line(describe_limit_hits(parsed.warnings, parsed.rows))
    source.last_warning = outcome.limit_warning
    source.etag = result.etag
    source.last_modified = result.last_modified
    source.feed_kind = parsed.kind
    source.title = source.title or storable_name(parsed.title)
    source.site_url = source.site_url or storable_url(parsed.link)
    return _mark_ok(source, outcome, now, wait)


def describe_limit_hits(feed_warnings: Sequence[str], rows: Sequence[dict]) -> str | None:
    """One "warning: ..." line naming every resource limit this fetch hit, or None.

    The fetch still counts as a success: what fitted under the limits is stored.
    """
    hits = [w for w in feed_warnings
            if ITEM_CAP_WARNING.fullmatch(w) or FIELD_CAP_WARNING.fullmatch(w)]
    cut = sum(1 for row in rows if row.get("text_note"))
    if cut:
        hits.append(f"cut the text of {cut} article{'s' if cut > 1 else ''} at the length cap")
    return "warning: " + "; ".join(hits) if hits else None


def _mark_ok(
    source: Source, outcome: SourceOutcome, now: datetime, retry_after: float | None
) -> SourceOutcome:
    """Record a success; the next fetch after the interval, or later if the feed asked."""
    source.last_success_at = now
    source.last_error = None
    source.error_kind = None
    source.consecutive_failures = 0
    delay = timedelta(minutes=source.interval_minutes)
    if retry_after:
        delay = max(delay, timedelta(seconds=retry_after))
    source.next_due_at = now + delay
    outcome.ok = True
    return outcome


def _mark_failed(
    source: Source, outcome: SourceOutcome, error: str, kind: str, now: datetime
) -> SourceOutcome:
    source.last_error = storable_line(error)
    source.error_kind = kind
    source.consecutive_failures += 1
    source.next_due_at = now + backoff_delay(source.interval_minutes, source.consecutive_failures)
    outcome.error = source.last_error
    return outcome

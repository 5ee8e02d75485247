"""The worker's loop: fetch due sources, read full text, cluster, make editions; repeat.

Each pass does at most one unit of each kind, and each unit commits atomically, so a worker
stopped (or killed) at any point loses nothing and a restart redoes nothing that committed:
sources are leased (and released, or the lease expires), clustering runs under a lock in
one worker at a time, and each desk's edition for a window is claimed by one worker.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import InterfaceError, OperationalError

from newsdesk.app.collect import fetch
from newsdesk.app.listener import Advance, Listener
from newsdesk.app.stories import cluster
from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.network.fetch import Fetcher
from newsdesk.ingest.pages.fulltext import fill_full_text
from newsdesk.store import Store
from newsdesk.store.leases import due_condition, lease_due_sources, release_leases, unleased
from newsdesk.store.models import Article, Source
from newsdesk.stories.process import ClusterReport
from newsdesk.text.embed import Embedder
from newsdesk.text.understand import embedder_named
from newsdesk.worker.coordination import (
    Heartbeat,
    exclusive,
    register,
    sign_off,
)
from newsdesk.worker.editions import EditionMaker
from newsdesk.worker.stopping import Abandoned, StopSignal

log = logging.getLogger("newsdesk.worker")

MAX_DB_BACKOFF = 60.0  # seconds between attempts to reach a lost database, at most
FULL_TEXT_UNIT = 100  # article pages read per unit
CLUSTER_UNIT = 1000  # articles clustered per unit (whole batches: a little more at most)
CLUSTER_MIN = 200  # articles worth a clustering unit while sources are still due ...
CLUSTER_WAIT = timedelta(seconds=10)  # ... unless the oldest of them has waited this long


class _UnitDone(Exception):  # noqa: N818 (not an error: the unit is big enough)
    """Raised from a progress callback to end a unit of work between two commits."""


class _ClusterUnit(Listener):
    """Hears a worker's clustering: marks its heartbeat once the clustering lock is held,
    and ends the unit after the batch that reaches `CLUSTER_UNIT` articles or on a stop.

    While fetches keep adding articles a clustering run could go on and on; a bounded
    unit keeps the log and a stop request prompt. Each batch has committed when the
    cluster step advances, so stopping there leaves nothing half-done.
    """

    def __init__(self, begin: Callable[[str], None], stop: StopSignal) -> None:
        self.begin = begin  # marks the worker's heartbeat with its step
        self.stop = stop
        self.done = 0  # articles clustered so far

    @contextmanager
    def step(self, label: str) -> Iterator[Advance]:
        if label == "understand":  # the first step: the lock is held, the unit begins
            self.begin("clustering")
        yield self._advance if label == "cluster" else (lambda done, total: None)

    def _advance(self, done: int, _total: int | None) -> None:
        self.done = done
        if done >= CLUSTER_UNIT or self.stop.requested:
            raise _UnitDone

    def clustered(self, report: ClusterReport) -> None:
        self.done = report.articles


@dataclass(frozen=True)
class WorkerOptions:
    """How a worker behaves; the defaults suit a long-running service."""

    desks: tuple[str, ...] = ()  # desks whose editions it makes (empty: the configured desk)
    editions: bool = True
    batch: int = 0  # sources leased per fetch unit (0: twice the fetch connections)
    idle: float = 5.0  # the longest nap when nothing is due, in seconds
    once: bool = False  # stop when a pass finds nothing to do


def lease_length(settings: Settings, batch: int) -> timedelta:
    """How long a fetch unit may hold its sources: the worst case its timeouts allow.

    Every request ends within `total_timeout`; at worst all the unit's sources share one
    host and go `per_host` at a time. The margin covers storing the results.
    """
    parallel = max(1, min(settings.fetch.max_connections, settings.fetch.per_host))
    rounds = math.ceil(batch / parallel)
    return timedelta(seconds=rounds * settings.fetch.total_timeout + 30)


class Worker:
    """One `newsdesk worker` process (or thread, beside the desk app)."""

    def __init__(self, settings: Settings, store: Store, worker_id: str,
                 options: WorkerOptions, stop: StopSignal) -> None:
        self.settings = settings
        self.store = store
        self.id = worker_id
        self.options = options
        self.stop = stop
        self.batch = options.batch or 2 * settings.fetch.max_connections
        self.lease = lease_length(settings, self.batch)
        self.heartbeat = Heartbeat(store, worker_id)
        self.editions = EditionMaker(settings, store, worker_id,
                                     options.desks or (settings.default_desk,))
        self._embedder: Embedder | None = None

    def run(self) -> None:
        """Work until a stop is requested (or, with `once`, until nothing is left to do)."""
        self._with_database(lambda: register(self.store, self.id))
        self.heartbeat.start()
        log.info("%s started: %d sources per unit, leases of %ds", self.id, self.batch,
                 self.lease.total_seconds())
        try:
            self._loop()
        except Abandoned as why:
            log.info("%s abandoned %s: %s", self.id, self.heartbeat.step, why)
        finally:
            self.heartbeat.stop()
            self._sign_off()

    def _loop(self) -> None:
        failures = 0
        while not self.stop.requested:
            try:
                busy = self._pass()
                if not busy and self.options.once:
                    return
                if not busy:
                    self._nap()
                failures = 0
            except (OperationalError, InterfaceError) as exc:
                failures += 1
                delay = min(2.0 ** failures, MAX_DB_BACKOFF)
                log.warning("%s lost the database (%s); retrying in %.0fs", self.id,
                            _first_line(exc), delay)
                self.stop.wait(delay)

    def _pass(self) -> bool:
        """One unit of each kind of work that is waiting; True when any was done."""
        units = (self._fetch, self._full_text, self._cluster, self._make_editions)
        busy = False
        for unit in units:
            if self.stop.requested:
                break
            with self.stop.unit():
                busy = unit() or busy
        return busy

    def _step(self, step: str) -> None:
        self.heartbeat.step = step
        self.heartbeat.units += 1
        self.heartbeat.beat()

    def _fetch(self) -> bool:
        ids = lease_due_sources(self.store, self.id, limit=self.batch, lease=self.lease)
        if not ids:
            return False
        self._step(f"fetching {len(ids)} sources")
        report = fetch(self.settings, self.store, Listener(), source_ids=ids, full_text=False)
        release_leases(self.store, self.id, ids)
        failed = len(report.failed)
        log.info("%s fetched %d sources: %d new articles, %d failed", self.id,
                 len(report.outcomes), report.new_articles, failed)
        return True

    def _full_text(self) -> bool:
        if not self.settings.fetch.full_text:
            return False
        with exclusive(self.store, "full-text") as held:
            if not held:
                return False
            extracted, failed = asyncio.run(self._read_pages())
        if extracted or failed:
            log.info("%s read %d article pages (%d failed)", self.id, extracted + failed, failed)
        return bool(extracted or failed)

    async def _read_pages(self) -> tuple[int, int]:
        async with Fetcher(self.settings.fetch) as fetcher:
            return await fill_full_text(self.store, fetcher, limit=FULL_TEXT_UNIT)

    def _cluster(self) -> bool:
        """Cluster waiting articles, as `newsdesk cluster` does, unless another worker is
        clustering (it will take these too); the unit ends after the batch that reaches
        `CLUSTER_UNIT` articles (see `_ClusterUnit`)."""
        if not self._cluster_due():
            return False
        unit = _ClusterUnit(self._step, self.stop)
        try:
            if cluster(self.settings, self.store, unit, embedder=self.embedder,
                       wait=False) is None:
                return False
        except _UnitDone:
            pass
        log.info("%s clustered %d articles", self.id, unit.done)
        return unit.done > 0

    def _make_editions(self) -> bool:
        if not self.options.editions:
            return False
        return self.editions.make_due(self._step)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = embedder_named(self.settings.embedder)
        return self._embedder

    def _cluster_due(self) -> bool:
        """Whether to cluster now: enough articles wait, or no source is due (the fetching
        is done for now), or the oldest waiting article has waited `CLUSTER_WAIT`.

        A clustering unit has a fixed cost (the story engine's state is loaded and saved),
        so while sources are still due, articles are gathered into fuller units.
        """
        now = utcnow()
        with self.store.session() as session:
            waiting = select(Article.id, Article.fetched_at).where(Article.clustered_at.is_(None))
            rows = session.execute(waiting.order_by(Article.id).limit(CLUSTER_MIN)).all()
            if not rows:
                return False
            due = session.scalar(select(Source.id).where(*due_condition(now), unleased(now))
                                 .limit(1))
        oldest = min(fetched for _, fetched in rows)
        return len(rows) >= CLUSTER_MIN or due is None or now - oldest >= CLUSTER_WAIT

    def _nap(self) -> None:
        """Sleep until the next source is due (at most `idle` seconds), or a stop request."""
        self.heartbeat.step = "idle"
        now = utcnow()
        with self.store.session() as session:
            upcoming = session.scalar(
                select(func.min(Source.next_due_at)).where(
                    Source.paused.is_(False), Source.kind == "feed", unleased(now)))
            due_now = session.scalar(select(Source.id).where(*due_condition(now), unleased(now))
                                     .limit(1))
        wait = self.options.idle
        if due_now is None and upcoming is not None:
            wait = min(wait, (upcoming - now).total_seconds())
        self.stop.wait(max(wait, 0.1))

    def _with_database(self, action) -> None:  # noqa: ANN001 (a no-argument callable)
        """Run `action`, retrying with back-off while the database cannot be reached."""
        failures = 0
        while True:
            try:
                action()
                return
            except (OperationalError, InterfaceError) as exc:
                failures += 1
                delay = min(2.0 ** failures, MAX_DB_BACKOFF)
                log.warning("%s cannot reach the database (%s); retrying in %.0fs", self.id,
                            _first_line(exc), delay)
                if self.stop.wait(delay):
                    raise NewsdeskError("stopped before the database could be reached") from None

    def _sign_off(self) -> None:
        try:
            released = sign_off(self.store, self.id)
        except (OperationalError, InterfaceError) as exc:
            log.warning("%s stopped without signing off (%s): its leases will expire", self.id,
                        _first_line(exc))
            return
        log.info("%s stopped: released %d leases", self.id, released)


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__

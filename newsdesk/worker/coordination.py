"""How workers know about each other: their rows and heartbeats, locks, the SQLite guard."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import threading
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from sqlalchemy import select, text, update
from sqlalchemy.exc import SQLAlchemyError

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.liveness import process_alive
from newsdesk.store import Store
from newsdesk.store.leases import release_leases
from newsdesk.store.models import Worker
from newsdesk.worker.health import HEARTBEAT

log = logging.getLogger("newsdesk.worker")

CLUSTER_LOCK = "cluster"  # clustering is one ordered stream: one process at a time


def new_worker_id() -> str:
    """A worker's name: host, pid and a random suffix (pids are reused across restarts)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def register(store: Store, worker_id: str) -> None:
    """Add this worker's row, and clean up after dead workers of this host."""
    now = utcnow()
    with store.session() as session:
        session.add(Worker(id=worker_id, host=socket.gethostname()[:255], pid=os.getpid(),
                           started_at=now, heartbeat_at=now, step="starting"))
    for dead in _dead_local_workers(store):
        released = release_leases(store, dead)
        with store.session() as session:
            session.execute(update(Worker).where(Worker.id == dead).values(stopped_at=now))
        log.info("worker %s on this host is gone: released its %d leases", dead, released)


def _dead_local_workers(store: Store) -> list[str]:
    """Workers of this host whose process no longer exists but never said they stopped."""
    with store.session() as session:
        rows = session.execute(
            select(Worker.id, Worker.pid).where(
                Worker.host == socket.gethostname()[:255], Worker.stopped_at.is_(None),
                Worker.pid != os.getpid())
        ).all()
    return [worker_id for worker_id, pid in rows if not process_alive(pid)]



def sign_off(store: Store, worker_id: str) -> int:
    """Release this worker's leases and mark it stopped; returns the leases released."""
    released = release_leases(store, worker_id)
    with store.session() as session:
        session.execute(update(Worker).where(Worker.id == worker_id)
                        .values(stopped_at=utcnow(), step="stopped"))
    return released


class Heartbeat:
    """A daemon thread that stamps the worker's row every few seconds with its current step."""

    def __init__(self, store: Store, worker_id: str) -> None:
        self.store = store
        self.worker_id = worker_id
        self.step = "starting"
        self.units = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def beat(self) -> None:
        """Stamp the row now (errors are left to the caller)."""
        with self.store.session() as session:
            session.execute(update(Worker).where(Worker.id == self.worker_id).values(
                heartbeat_at=utcnow(), step=self.step, units=self.units))

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT.total_seconds()):
            with contextlib.suppress(SQLAlchemyError):  # the main loop reports a lost database
                self.beat()


@contextlib.contextmanager
def exclusive(store: Store, name: str, *, wait: bool = False) -> Iterator[bool]:
    """Hold the PostgreSQL advisory lock `name` for the block if no other process holds it
    (with `wait`, wait for it to be free).

    Yields whether it is held; the lock goes with the connection, so a worker that dies
    releases it. SQLite runs one worker only (see `single_worker_guard`): always held.
    """
    if store.dialect != "postgresql":
        yield True
        return
    key = zlib.crc32(f"newsdesk:{name}".encode())
    with store.engine.connect() as connection:
        if wait:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            held = True
        else:
            held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                           {"k": key}).scalar())
        connection.commit()
        try:
            yield held
        finally:
            if held:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()


def single_worker_guard(store: Store) -> IO[str] | None:
    """On SQLite, lock a file beside the database so a second worker cannot start.

    Returns the open lock file (keep it open while working); None for PostgreSQL or an
    in-memory database. Raises a one-line error naming the worker already running.
    """
    if store.dialect != "sqlite":
        return None
    database = store.engine.url.database
    if not database or database == ":memory:":
        return None
    path = Path(f"{database}.worker.lock")
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise NewsdeskError(
            f"another worker ({holder}) is running on this SQLite database; SQLite allows one "
            "worker: use PostgreSQL to run several") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    return handle

"""Sharing work between workers through the database: source leases and claims.

Due sources are leased with `SELECT ... FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite runs
one worker, and ignores the row lock), so two workers never fetch the same source at once.
A lease carries an expiry: a worker that dies leaves its sources to be leased again once
it has passed. Other units of work (a desk's edition for one window) are claimed by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.store.database import Store
from newsdesk.store.models import Source, WorkClaim


def due_condition(now: datetime):  # noqa: ANN201 (an SQL expression)
    """Sources that are due now: unpaused feeds whose next fetch time has come."""
    return (
        Source.paused.is_(False),
        Source.kind == "feed",
        or_(Source.next_due_at.is_(None), Source.next_due_at <= now),
    )


def unleased(now: datetime):  # noqa: ANN201 (an SQL expression)
    """Sources no live worker holds: never leased, released, or the lease expired."""
    return or_(Source.lease_expires_at.is_(None), Source.lease_expires_at <= now)


def lease_due_sources(
    store: Store, owner: str, *, limit: int, lease: timedelta, now: datetime | None = None
) -> list[int]:
    """Lease up to `limit` due sources to `owner` until now + `lease`; their ids, oldest due first.

    Rows another worker is leasing at this moment are skipped, not waited for.
    """
    now = now or utcnow()
    with store.session() as session:
        query = (
            select(Source.id)
            .where(*due_condition(now), unleased(now))
            .order_by(Source.next_due_at.is_not(None), Source.next_due_at, Source.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(session.scalars(query))
        if ids:
            session.execute(
                update(Source)
                .where(Source.id.in_(ids))
                .values(lease_owner=owner, lease_expires_at=now + lease)
            )
    return ids


def release_leases(store: Store, owner: str, source_ids: Sequence[int] | None = None) -> int:
    """Release `owner`'s leases (on the given sources, or all of them); returns how many."""
    with store.session() as session:
        query = update(Source).where(Source.lease_owner == owner)
        if source_ids is not None:
            query = query.where(Source.id.in_(list(source_ids)))
        result = session.execute(query.values(lease_owner=None, lease_expires_at=None))
        return result.rowcount or 0


def claim(store: Store, name: str, owner: str, *, ttl: timedelta) -> bool:
    """Claim the unit of work `name` for `owner`; False when it is done or held by another.

    A claim left unfinished by a worker that died can be taken over once it has expired.
    """
    now = utcnow()
    try:
        with store.session() as session:
            session.add(WorkClaim(name=name, owner=owner, claimed_at=now, expires_at=now + ttl))
        return True
    except IntegrityError:
        pass
    with store.session() as session:
        taken = session.execute(
            update(WorkClaim)
            .where(WorkClaim.name == name, WorkClaim.done_at.is_(None),
                   WorkClaim.expires_at <= now)
            .values(owner=owner, claimed_at=now, expires_at=now + ttl)
        )
        return bool(taken.rowcount)


def finish_claim(store: Store, name: str, owner: str, result: str) -> None:
    """Mark `owner`'s claim `name` done, with a one-line result."""
    with store.session() as session:
        session.execute(
            update(WorkClaim)
            .where(WorkClaim.name == name, WorkClaim.owner == owner)
            .values(done_at=utcnow(), result=result)
        )


def drop_claim(store: Store, name: str, owner: str) -> None:
    """Give up `owner`'s unfinished claim `name`, so another worker may take it at once."""
    with store.session() as session:
        found = session.get(WorkClaim, name)
        if found is not None and found.owner == owner and found.done_at is None:
            session.delete(found)


def leases_held(session: Session, now: datetime | None = None) -> int:
    """How many sources are leased now (unexpired leases)."""
    now = now or utcnow()
    query = select(Source.id).where(Source.lease_expires_at > now)
    return len(session.scalars(query).all())

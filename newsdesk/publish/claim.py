"""The claim on an edition being published: one publisher at a time, and a dead one's work
finished by the next.

Publishing starts with a compare-and-set on the edition's status in one transaction:
`approved -> publishing` (or `draft -> publishing` when the desk needs no review), written
together with the claimant (`host:pid:nonce`) and a heartbeat. Every later step of the
publisher renews the heartbeat with a compare-and-set on its own name, so a publisher that
lost its claim stops before its next e-mail. The last step, `publishing -> published`, is
a compare-and-set too.

A second caller that finds `publishing` decides whether the claimant is alive: on the same
host, by its process id (a killed publisher is taken over at once); on another host, by
its heartbeat, which must be younger than the lease. Why not a lock held by the
publisher's connection (a row lock or advisory lock on PostgreSQL, BEGIN IMMEDIATE on
SQLite)? SQLite's write lock would stop every other writer for the whole publication, and
a lock can say "someone is publishing" but not "who, since when": the claim in the row
works the same on both backends, survives reconnections, and shows in `editions`.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.liveness import process_alive
from newsdesk.store import Store
from newsdesk.store.models import EditionRecord

# A publisher on another host that has not renewed its claim for this long is taken to be
# dead. Every e-mail renews it, and one SMTP exchange times out long before.
LEASE = timedelta(minutes=10)
_TRIES = 5


class AlreadyPublished(NewsdeskError):
    """The edition was published before: nothing to do, nothing done."""


class BeingPublished(NewsdeskError):
    """A live publisher holds the edition's claim."""


class ClaimLost(NewsdeskError):
    """Another publisher took the claim over (ours had expired): stop at once."""


@dataclass(frozen=True)
class Claim:
    """This process's claim on an edition. `resumed` when it took over an unfinished one;
    `previous` is the status before the claim (`publishing` for a resumed one)."""

    edition_id: str
    owner: str
    previous: str
    resumed: bool


@dataclass(frozen=True)
class _Seen:
    status: str
    owner: str | None
    heartbeat: datetime | None
    published_at: datetime | None


def new_owner() -> str:
    """A claimant's name: this host, this process, and a nonce for this publication."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def claim_edition(store: Store, edition_id: str, *, review_required: bool) -> Claim:
    """Claim the edition for publishing, or raise the one-line reason why not.

    AlreadyPublished for a published edition, BeingPublished while a live publisher holds
    it, NewsdeskError for a draft of a desk that requires review.
    """
    owner = new_owner()
    for _ in range(_TRIES):
        seen = _read(store, edition_id)
        resumed = _may_claim(edition_id, seen, review_required=review_required)
        if _compare_and_set(store, edition_id, seen, owner):
            return Claim(edition_id, owner, seen.status, resumed)
    raise BeingPublished(f"edition {edition_id} changed while claiming it; try again")


def check_publishable(store: Store, edition_id: str, *, review_required: bool) -> None:
    """Raise what `claim_edition` would refuse with, without claiming anything."""
    _may_claim(edition_id, _read(store, edition_id), review_required=review_required)


def renew_claim(connection: Connection, claim: Claim) -> None:
    """Renew the heartbeat inside the caller's transaction; ClaimLost if it is not ours."""
    result = connection.execute(
        update(EditionRecord)
        .where(EditionRecord.id == claim.edition_id, EditionRecord.status == "publishing",
               EditionRecord.publish_owner == claim.owner)
        .values(publish_heartbeat=utcnow()))
    if result.rowcount != 1:
        raise ClaimLost(f"another publisher took edition {claim.edition_id} over; "
                        "this one stopped")


def release_claim(store: Store, claim: Claim, *, delivered: bool) -> None:
    """Give the claim up after a failure, so the next call need not wait for the lease.

    Before any e-mail went out the edition returns to its previous status (it may still
    be edited); after one it stays `publishing`, final, for the next call to finish.
    """
    status = "publishing" if delivered or claim.resumed else claim.previous
    with store.engine.begin() as connection:
        connection.execute(
            update(EditionRecord)
            .where(EditionRecord.id == claim.edition_id,
                   EditionRecord.publish_owner == claim.owner)
            .values(status=status, publish_owner=None, publish_heartbeat=None,
                    published_at=None if status != "publishing" else EditionRecord.published_at))


def finish_claim(store: Store, claim: Claim) -> datetime:
    """`publishing -> published`, if the claim is still ours; return the publication time."""
    with store.session() as session:
        renew_claim(session.connection(), claim)
        record = session.get(EditionRecord, claim.edition_id, populate_existing=True)
        assert record is not None  # the claim above holds its row
        now = utcnow()
        published_at = record.published_at or now
        record.status = "published"
        record.updated_at = now
        record.published_at = published_at
        record.publish_owner = None
        record.publish_heartbeat = None
        record.content = {**record.content, "status": "published",
                          "published_at": published_at.isoformat()}
    return published_at


def _read(store: Store, edition_id: str) -> _Seen:
    with store.engine.connect() as connection:
        row = connection.execute(
            select(EditionRecord.status, EditionRecord.publish_owner,
                   EditionRecord.publish_heartbeat, EditionRecord.published_at)
            .where(EditionRecord.id == edition_id)).first()
    if row is None:
        raise NewsdeskError(f"no edition {edition_id!r} (see `newsdesk editions`)")
    return _Seen(*row)


def already_published(edition_id: str, published_at: datetime | None) -> AlreadyPublished:
    """The refusal to publish a published edition again, saying when it was published."""
    when = f" on {published_at:%Y-%m-%d %H:%M} UTC" if published_at else ""
    return AlreadyPublished(f"edition {edition_id} is already published{when}; "
                            "nothing was done")


def _may_claim(edition_id: str, seen: _Seen, *, review_required: bool) -> bool:
    """Whether the claim would resume an unfinished publication; raise if none may be made."""
    if seen.status == "published":
        raise already_published(edition_id, seen.published_at)
    if seen.status == "draft" and review_required:
        raise NewsdeskError(f"edition {edition_id} needs an editor's approval first: "
                            f"newsdesk approve {edition_id}")
    if seen.status == "publishing":
        if seen.owner and _alive(seen.owner, seen.heartbeat):
            since = f" (last heard {seen.heartbeat:%H:%M:%S} UTC)" if seen.heartbeat else ""
            raise BeingPublished(f"edition {edition_id} is being published by "
                                 f"{seen.owner.rsplit(':', 1)[0]}{since}; nothing was done")
        return True
    if seen.status not in ("draft", "approved"):
        raise NewsdeskError(f"edition {edition_id} is {seen.status}; only a draft or an "
                            "approved edition can be published")
    return False


def _compare_and_set(store: Store, edition_id: str, seen: _Seen, owner: str) -> bool:
    """Set `publishing` and our claim only if the row is still as `seen`; True if it was.

    The UPDATE is the transaction's first statement, so SQLite takes its write lock there
    (no stale read to upgrade) and PostgreSQL re-checks the condition after a concurrent
    writer commits: of many callers exactly one matches.
    """
    now = utcnow()
    same_owner = (EditionRecord.publish_owner.is_(None) if seen.owner is None
                  else EditionRecord.publish_owner == seen.owner)
    same_beat = (EditionRecord.publish_heartbeat.is_(None) if seen.heartbeat is None
                 else EditionRecord.publish_heartbeat == seen.heartbeat)
    with store.engine.begin() as connection:
        result = connection.execute(
            update(EditionRecord)
            .where(EditionRecord.id == edition_id, EditionRecord.status == seen.status,
                   same_owner, same_beat)
            .values(status="publishing", publish_owner=owner, publish_heartbeat=now,
                    updated_at=now, published_at=seen.published_at
                    if seen.status == "publishing" and seen.published_at else now))
    return result.rowcount == 1


def _alive(owner: str, heartbeat: datetime | None) -> bool:
    """Whether the claimant may still be working: its process on this host, else its lease."""
    parts = owner.rsplit(":", 2)
    host, pid_text = (parts[0], parts[1]) if len(parts) == 3 else ("", "")
    if heartbeat is None or utcnow() - heartbeat > LEASE:
        return False
    if host == socket.gethostname() and pid_text.isdigit():
        return process_alive(int(pid_text))
    return True

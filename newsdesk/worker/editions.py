"""The worker's edition step: each desk's edition when its cadence is due, made once.

A desk is due when its cadence says so (`newsdesk.write.cadence`, as for `newsdesk run`).
The edition of a due desk is claimed by name, `edition:<desk>:<slot>` where the slot counts
cadences since the epoch, so of several workers exactly one makes it; a claim whose worker
died is taken over when it expires.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from newsdesk.clock import utcnow
from newsdesk.config import Settings
from newsdesk.desks.config import Desk, find_desk
from newsdesk.errors import NewsdeskError
from newsdesk.store import Store
from newsdesk.store.leases import claim, drop_claim, finish_claim
from newsdesk.write.cadence import check_cadence

log = logging.getLogger("newsdesk.worker")

CLAIM_TTL = timedelta(minutes=30)  # an edition takes far less; then another worker may try


def edition_slot(desk: Desk, now: datetime) -> str:
    """The claim name of the desk's edition due at `now`."""
    seconds = max(desk.schedule.cadence.total_seconds(), 60.0)
    return f"edition:{desk.name}:{int(now.timestamp() // seconds)}"


def edition_due(store: Store, desk: Desk, now: datetime) -> bool:
    """Whether the desk's cadence makes an edition ending now due (as `newsdesk run` asks)."""
    with store.session() as session:
        return check_cadence(session, desk, now).due


class EditionMaker:
    """Makes the due editions of the worker's desks, each claimed so it is made once."""

    def __init__(self, settings: Settings, store: Store, owner: str,
                 desks: tuple[str, ...]) -> None:
        self.settings = settings
        self.store = store
        self.owner = owner
        self.desks = desks

    def make_due(self, step: Callable[[str], None]) -> bool:
        """Make each due desk's edition that no other worker has claimed; True if any."""
        made = False
        for name in self.desks:
            desk = find_desk(name, self.settings.home, self.settings.desks)
            now = utcnow()
            if not edition_due(self.store, desk, now):
                continue
            slot = edition_slot(desk, now)
            if not claim(self.store, slot, self.owner, ttl=CLAIM_TTL):
                continue
            step(f"making the {desk.name} edition")
            finish_claim(self.store, slot, self.owner, self._make(desk, slot))
            made = True
        return made

    def _make(self, desk: Desk, slot: str) -> str:
        from newsdesk.app.editions import make_edition  # the same steps as `newsdesk run`
        from newsdesk.app.listener import Listener

        try:
            said = make_edition(self.settings, self.store, desk, Listener())
        except NewsdeskError as exc:
            said = f"failed: {exc}"
        except BaseException:
            drop_claim(self.store, slot, self.owner)  # let another worker (or restart) retry
            raise
        log.info("%s %s: %s", self.owner, desk.name, said)
        return said

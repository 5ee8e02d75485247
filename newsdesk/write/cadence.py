"""A desk's cadence: whether its next edition is due, judged from the editions it has.

An edition is due when the window it would end is at least one cadence after the end of
the desk's last edition before it, whatever that edition's status (a draft awaiting
review counts: the desk has its edition for that period). An empty edition (no story met
the bar, e.g. on a run without network) does not count. Nothing is stored for this: the
editions table is the schedule's memory, so a replay of past weeks (`--until`) follows
the same rule as a cron job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.desks.config import Desk
from newsdesk.store.models import EditionRecord, EditionStory

# A run this much before the due time still counts as on time, so a job run every hour
# (whose previous edition ended a few seconds after the hour) does not slip an hour a week.
EARLY_SLACK = timedelta(minutes=15)


@dataclass(frozen=True)
class CadenceCheck:
    """Whether the desk's edition ending at `window_end` is due, and why (not)."""

    due: bool
    window_end: datetime
    last_id: str | None = None
    last_end: datetime | None = None
    next_due: datetime | None = None

    def explanation(self, desk: Desk) -> str:
        """One line saying when the next edition is due (for a check that is not due)."""
        return (f"{desk.name}: no edition due (the last, {self.last_id}, ends "
                f"{_minute(self.last_end)}); the next is due at {_minute(self.next_due)}, "
                f"{_span(desk.schedule.cadence)} (--force makes one now)")


def check_cadence(session: Session, desk: Desk, window_end: datetime) -> CadenceCheck:
    """Whether an edition of `desk` ending at `window_end` is due (see the module notes)."""
    last = session.execute(
        select(EditionRecord.id, EditionRecord.window_end)
        .where(EditionRecord.desk == desk.name, EditionRecord.window_end <= window_end,
               EditionRecord.id.in_(select(EditionStory.edition_id)))
        .order_by(EditionRecord.window_end.desc(), EditionRecord.created_at.desc())
        .limit(1)
    ).first()
    if last is None:
        return CadenceCheck(due=True, window_end=window_end)
    last_end = last.window_end
    next_due = last_end + desk.schedule.cadence
    return CadenceCheck(due=window_end >= next_due - EARLY_SLACK, window_end=window_end,
                        last_id=last.id, last_end=last_end, next_due=next_due)


def _minute(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def _span(cadence: timedelta) -> str:
    if cadence % timedelta(weeks=1) == timedelta(0):
        weeks = cadence // timedelta(weeks=1)
        return "weekly" if weeks == 1 else f"{weeks} weeks"
    if cadence % timedelta(days=1) == timedelta(0):
        days = cadence.days
        return "daily" if days == 1 else f"{days} days"
    return f"{cadence.total_seconds() / 3600:g} hours"

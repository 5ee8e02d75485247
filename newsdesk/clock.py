"""The clock: the current moment as an aware UTC datetime, for every stage and the store."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC (aware)."""
    return datetime.now(UTC)

"""How often a feed asks to be polled: `Cache-Control: max-age`, RSS `<ttl>`, `sy:update*`.

Hints only ever make polling rarer than the source's own interval, and at most
`MAX_HINT` apart: a feed cannot make us poll it more often, nor silence itself for weeks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

MAX_HINT = 24 * 3600.0  # seconds
HEAD_BYTES = 16 * 1024  # the hints sit in a feed's channel header, before the items

_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_TTL = re.compile(rb"<ttl>\s*(\d+)\s*</ttl>", re.IGNORECASE)
_PERIOD = re.compile(rb"<sy:updatePeriod>\s*(\w+)\s*</sy:updatePeriod>", re.IGNORECASE)
_FREQUENCY = re.compile(rb"<sy:updateFrequency>\s*(\d+)\s*</sy:updateFrequency>",
                        re.IGNORECASE)
_PERIODS = {b"hourly": 3600, b"daily": 86400, b"weekly": 7 * 86400,
            b"monthly": 30 * 86400, b"yearly": 365 * 86400}


def poll_hint_seconds(headers: Mapping[str, str], body: bytes | None) -> float | None:
    """The longest poll interval the response asks for, in seconds (at most `MAX_HINT`)."""
    hints = [h for h in (_cache_max_age(headers), *_feed_hints(body or b"")) if h]
    return min(max(hints), MAX_HINT) if hints else None


def _cache_max_age(headers: Mapping[str, str]) -> float | None:
    value = headers.get("cache-control") or ""
    if "no-cache" in value.lower() or "no-store" in value.lower():
        return None
    found = _MAX_AGE.search(value)
    return float(found.group(1)) if found else None


def _feed_hints(body: bytes) -> tuple[float | None, float | None]:
    head = body[:HEAD_BYTES]
    ttl = _TTL.search(head)
    period = _PERIOD.search(head)
    frequency = _FREQUENCY.search(head)
    every = None
    if period and period.group(1).lower() in _PERIODS:
        times = int(frequency.group(1)) if frequency else 1
        every = _PERIODS[period.group(1).lower()] / max(times, 1)
    return (float(ttl.group(1)) * 60 if ttl else None), every

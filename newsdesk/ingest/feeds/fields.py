"""Field-level normalisation shared by the XML and JSON feed readers."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from datetime import datetime, tzinfo

from newsdesk.ingest.feeds.dates import is_implausible_date, parse_date
from newsdesk.ingest.feeds.model import Enclosure
from newsdesk.ingest.urls import InvalidURLError, canonical_url

# The warning limit_items gives; the fetch stage looks for it to record the cap on the source.
ITEM_CAP_WARNING = re.compile(r"kept the first \d+ of \d+ items")


def clean_text(value: object) -> str | None:
    """Stripped text, or None for missing, non-text or blank values."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped or None


def unique(values: Iterable[str | None]) -> list[str]:
    """Non-empty stripped values, first occurrence kept, in order."""
    seen: dict[str, None] = {}
    for value in values:
        text = clean_text(value)
        if text is not None:
            seen.setdefault(text, None)
    return list(seen)


def read_link(value: object, base: str | None, warnings: list[str]) -> str | None:
    """The canonical form of a link, or None (with a warning) when it is unusable."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return canonical_url(text, base)
    except InvalidURLError as error:
        warnings.append(f"skipped a link: {error}")
        return None


def read_date(raw: object, assume_tz: tzinfo, warnings: list[str]) -> datetime | None:
    """Parse an entry date; unreadable and implausible dates are noted in ``warnings``."""
    text = clean_text(raw)
    if text is None:
        return None
    moment = parse_date(text, assume_tz=assume_tz)
    if moment is None:
        warnings.append(f"unreadable date {text[:60]!r}")
    elif is_implausible_date(moment):
        warnings.append(f"implausible date {text[:60]!r} ({moment.isoformat()}) kept as given")
    return moment


def read_enclosure(url: object, media_type: object, length: object,
                   base: str | None, warnings: list[str]) -> Enclosure | None:
    """An Enclosure with a canonical URL, or None when its URL is unusable."""
    link = read_link(url, base, warnings)
    if link is None:
        return None
    return Enclosure(url=link, type=clean_text(media_type), length=read_length(length))


def read_length(value: object) -> int | None:
    """A non-negative byte count, or None when the feed gave nothing sensible."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        number = int(float(text))
    except (ValueError, OverflowError):
        return None
    return number if number >= 0 else None


def jsonable(value: object) -> object:
    """A JSON-serialisable deep copy: dicts, lists, str, numbers, bools and None only."""
    if isinstance(value, str):  # by far the most common value: answered first
        return value
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
        return [jsonable(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def limit_items(items: list[dict], max_items: int, warnings: list[str]) -> list[dict]:
    """The first ``max_items`` items, with a warning when some were dropped."""
    limit = max(0, max_items)
    if len(items) > limit:
        warnings.append(f"kept the first {limit} of {len(items)} items")
    return items[:limit]

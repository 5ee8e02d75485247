"""Publication dates as feeds really write them, read into aware UTC datetimes.

Formats, tried in order: RFC 822/1123 (any weekday, missing seconds, two-digit years,
numeric offsets and the zone names listed in ZONE_OFFSETS), ISO 8601 / W3CDTF (including
reduced precision and basic format), slashed and dotted dates such as ``2020/1/10 14:33:00``,
CJK dates such as ``2020年1月10日 14:33``, and finally feedparser's own date handlers
(asctime, Korean, Greek, Hungarian, Perforce...).

A date written without a zone is read in ``assume_tz`` (UTC when not given): parse_feed
passes UTC+8 for feeds whose language is Chinese (zh*), where local time is the norm and
``CST`` means China Standard Time, not US Central.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from feedparser.datetimes import _parse_date as feedparser_parse_date

EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=2)
CHINA_TIME = timezone(timedelta(hours=8), "UTC+08:00")

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
# Hours east of UTC for zone names seen in real feeds (RFC 822 names first).
ZONE_OFFSETS = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7, "akst": -9, "akdt": -8, "hst": -10,
    "ast": -4, "adt": -3, "nst": -3.5, "ndt": -2.5, "bst": 1, "ist": 5.5, "wet": 0,
    "west": 1, "cet": 1, "cest": 2, "met": 1, "mest": 2, "eet": 2, "eest": 3, "msk": 3,
    "msd": 4, "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "awst": 8, "acst": 9.5,
    "acdt": 10.5, "aest": 10, "aedt": 11, "nzst": 12, "nzdt": 13, "pht": 8, "wib": 7,
}
ZONE = r"(?P<zone>[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})?"
TIME = (r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
        r"(?:\s*(?P<meridiem>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?")
RFC822 = re.compile(
    r"^(?:[A-Za-z]+\.?,?\s*)?(?P<day>\d{1,2})[\s-]+(?P<month>[A-Za-z]{3,9})\.?[\s-]+"
    r"(?P<year>\d{2,4})(?:[\sT]+" + TIME + r")?\s*" + ZONE + r"(?:\s*\(.*\))?$"
)
RFC822_MONTH_FIRST = re.compile(
    r"^(?:[A-Za-z]+\.?,?\s*)?(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+"
    r"(?P<year>\d{4})(?:[\s,]+" + TIME + r")?\s*" + ZONE + r"$"
)
ISO8601 = re.compile(
    r"^(?P<year>\d{4})(?:-?(?P<month>\d{2})(?:-?(?P<day>\d{2}))?)?"
    r"(?:[T\s]+(?P<hour>\d{2}):?(?P<minute>\d{2})(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?$",
    re.IGNORECASE,
)
SLASHED = re.compile(
    r"^(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})\.?(?:[\sT]+" + TIME
    + r")?\s*" + ZONE + r"$"
)
CJK = re.compile(
    r"^(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]"
    r"(?:\s*(?:[上下]午)?\s*(?P<hour>\d{1,2})\s*[:时時点]\s*(?P<minute>\d{1,2})"
    r"(?:\s*[:分]\s*(?:(?P<second>\d{1,2})\s*秒?)?)?)?\s*$"
)


def parse_date(raw: str | None, *, assume_tz: tzinfo | None = None) -> datetime | None:
    """Return ``raw`` as an aware UTC datetime, or None when it is not a readable date.

    Never raises. A date without a zone is taken to be in ``assume_tz`` (UTC by default).
    Implausible dates (before 1990, far in the future) are returned unchanged: use
    :func:`is_implausible_date` to flag them.
    """
    if not isinstance(raw, str):
        return None
    text = normalise_date_text(raw)
    if not text or len(text) > 100:
        return None
    local = assume_tz or UTC
    for reader in DATE_READERS:
        try:
            moment = reader(text, local)
        except (ValueError, OverflowError, TypeError):
            return None  # the form matched but names no real moment (month 13, 25:61)
        if moment is not None:
            return moment.astimezone(UTC)
    return None


def is_implausible_date(moment: datetime, now: datetime | None = None) -> bool:
    """True for dates before 1990 or more than two days after ``now`` (default: now)."""
    reference = now or datetime.now(UTC)
    return moment < EARLIEST_PLAUSIBLE or moment > reference + FUTURE_TOLERANCE


def zone_for_language(language: str | None) -> tzinfo:
    """The zone to assume for zoneless dates: China time for Chinese (zh*) feeds, else UTC."""
    if language and language.strip().lower().startswith("zh"):
        return CHINA_TIME
    return UTC


def normalise_date_text(raw: str) -> str:
    """Fold full-width digits and odd spaces to ASCII and collapse whitespace."""
    folded = unicodedata.normalize("NFKC", raw)
    return " ".join(folded.split())


def read_rfc822(text: str, local: tzinfo) -> datetime | None:
    """Read RFC 822/1123 dates, day-first or month-first."""
    match = RFC822.match(text) or RFC822_MONTH_FIRST.match(text)
    if not match:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    year = expand_year(match["year"])
    return build_datetime(year, month, int(match["day"]), match, local)


def read_iso8601(text: str, local: tzinfo) -> datetime | None:
    """Read ISO 8601 / W3CDTF dates, including ``YYYY``, ``YYYY-MM`` and basic format."""
    match = ISO8601.match(text)
    if not match:
        return None
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    return build_datetime(int(match["year"]), month, day, match, local)


def read_slashed(text: str, local: tzinfo) -> datetime | None:
    """Read year-first slashed or dotted dates such as ``2020/1/10 14:33:00``."""
    match = SLASHED.match(text)
    if not match:
        return None
    return build_datetime(int(match["year"]), int(match["month"]), int(match["day"]), match, local)


def read_cjk(text: str, local: tzinfo) -> datetime | None:
    """Read Chinese and Japanese dates such as ``2020年1月10日 14:33``."""
    match = CJK.match(text)
    if not match:
        return None
    moment = build_datetime(int(match["year"]), int(match["month"]), int(match["day"]),
                            match, local)
    if moment is not None and "下午" in text and moment.hour < 12:
        moment += timedelta(hours=12)  # 下午 = afternoon, written on a 12-hour clock
    return moment


def read_with_feedparser(text: str, local: tzinfo) -> datetime | None:
    """Last resort: feedparser's handlers (they assume UTC for zoneless dates)."""
    parsed = feedparser_parse_date(text)
    if parsed is None:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


DATE_READERS: tuple[Callable[[str, tzinfo], datetime | None], ...] = (
    read_rfc822, read_iso8601, read_slashed, read_cjk, read_with_feedparser,
)


def build_datetime(year: int, month: int, day: int, match: re.Match[str],
                   local: tzinfo) -> datetime | None:
    """Assemble an aware datetime from a match's time and zone groups."""
    groups = match.groupdict()
    hour = int(groups.get("hour") or 0)
    minute = int(groups.get("minute") or 0)
    second = min(int(groups.get("second") or 0), 59)  # a leap second is not worth a None
    micro = int((groups.get("fraction") or "0")[:6].ljust(6, "0"))
    hour = to_24_hour(hour, groups.get("meridiem"))
    zone = zone_for(groups.get("zone"), local)
    if hour == 24 and minute == 0 and second == 0:
        return datetime(year, month, day, tzinfo=zone) + timedelta(days=1)
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)


def to_24_hour(hour: int, meridiem: str | None) -> int:
    """Convert a 12-hour clock reading with AM/PM to 24-hour time."""
    if not meridiem:
        return hour
    afternoon = meridiem.lower().startswith("p")
    if hour == 12:
        return 12 if afternoon else 0
    return hour + 12 if afternoon else hour


def zone_for(zone: str | None, local: tzinfo) -> tzinfo:
    """Return the tzinfo a zone token names; no token means ``local``."""
    if not zone:
        return local
    token = zone.strip()
    if token[0] in "+-":
        return offset_zone(token)
    name = token.lower()
    if name == "cst" and local.utcoffset(None) == CHINA_TIME.utcoffset(None):
        return CHINA_TIME  # in a Chinese feed CST is China Standard Time
    hours = ZONE_OFFSETS.get(name)
    if hours is None:
        # RFC 5322: unknown zone names (military letters included) mean "unknown", i.e. UTC
        return UTC
    return timezone(timedelta(hours=hours))


def offset_zone(token: str) -> tzinfo:
    """Turn ``+0800``, ``-05:00``, ``+8`` or ``+08`` into a fixed-offset tzinfo."""
    sign = -1 if token[0] == "-" else 1
    digits = token[1:].replace(":", "")
    if len(digits) <= 2:
        hours, minutes = int(digits), 0
    else:
        hours, minutes = int(digits[:-2]), int(digits[-2:])
    if hours > 14 or minutes > 59:
        raise ValueError(f"offset out of range: {token}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def expand_year(year: str) -> int:
    """Expand two-digit years the RFC 2822 way (00-49 -> 20xx, 50-99 -> 19xx)."""
    number = int(year)
    if len(year) == 2:
        return number + (2000 if number < 50 else 1900)
    if len(year) == 3:
        return number + 1900  # RFC 2822 section 4.3 obsolete three-digit years
    return number

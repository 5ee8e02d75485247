"""parse_date reads the date forms real feeds use into aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsdesk.ingest.feeds.dates import CHINA_TIME, is_implausible_date, parse_date

NEW_YORK_WINTER = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(("raw", "expected"), [
    ("Tue, 07 Sep 2021 02:47:57 +0200", datetime(2021, 9, 7, 0, 47, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 2021 02:47 +0200", datetime(2021, 9, 7, 0, 47, tzinfo=UTC)),
    ("Mon, 07 Sep 2021 02:47:57 GMT", datetime(2021, 9, 7, 2, 47, 57, tzinfo=UTC)),
    ("7 Sep 2021 02:47:57 EDT", datetime(2021, 9, 7, 6, 47, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 21 02:47:57 PST", datetime(2021, 9, 7, 10, 47, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 2021 02:47:57 -05:30", datetime(2021, 9, 7, 8, 17, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 2021 02:47:57 CEST", datetime(2021, 9, 7, 0, 47, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 2021 02:47:57 Z", datetime(2021, 9, 7, 2, 47, 57, tzinfo=UTC)),
    ("Tue, 07 Sep 2021 02:47:57 A", datetime(2021, 9, 7, 2, 47, 57, tzinfo=UTC)),
    ("Sat, Dec 16 2023 02:02:33 PM", datetime(2023, 12, 16, 14, 2, 33, tzinfo=UTC)),
    ("2003-12-13T18:30:02Z", datetime(2003, 12, 13, 18, 30, 2, tzinfo=UTC)),
    ("2003-12-13T18:30:02.25+01:00", datetime(2003, 12, 13, 17, 30, 2, 250000, tzinfo=UTC)),
    ("2003-12-13", datetime(2003, 12, 13, tzinfo=UTC)),
    ("2003-12", datetime(2003, 12, 1, tzinfo=UTC)),
    ("20031213T183002Z", datetime(2003, 12, 13, 18, 30, 2, tzinfo=UTC)),
    ("2020/1/10 14:33:00", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
    ("2020-01-10 14:33", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
    ("2020.01.10 14:33", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
    ("2020年1月10日 14:33", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
    ("２０２０年１月１０日 下午2:33", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
    ("Sun Jan  4 16:29:06 PST 2004", datetime(2004, 1, 5, 0, 29, 6, tzinfo=UTC)),
])
def test_date_forms_are_read_as_utc(raw: str, expected: datetime) -> None:
    assert parse_date(raw) == expected


def test_weekday_that_does_not_match_the_date_is_ignored() -> None:
    assert parse_date("Fri, 07 Sep 2021 02:47:57 GMT") == datetime(2021, 9, 7, 2, 47, 57,
                                                                   tzinfo=UTC)


def test_zoneless_date_is_read_in_the_assumed_zone() -> None:
    assert parse_date("2020/1/10 14:33:00", assume_tz=CHINA_TIME) == datetime(
        2020, 1, 10, 6, 33, tzinfo=UTC)
    assert parse_date("2020-01-10 14:33", assume_tz=NEW_YORK_WINTER) == datetime(
        2020, 1, 10, 19, 33, tzinfo=UTC)


def test_explicit_zone_wins_over_the_assumed_zone() -> None:
    assert parse_date("2020-01-10T14:33:00Z", assume_tz=CHINA_TIME) == datetime(
        2020, 1, 10, 14, 33, tzinfo=UTC)


def test_cst_in_a_chinese_feed_means_china_standard_time() -> None:
    raw = "Fri, 10 Jan 2020 14:33:00 CST"
    assert parse_date(raw) == datetime(2020, 1, 10, 20, 33, tzinfo=UTC)
    assert parse_date(raw, assume_tz=CHINA_TIME) == datetime(2020, 1, 10, 6, 33, tzinfo=UTC)


@pytest.mark.parametrize("raw", [None, "", "   ", "not a date", "Tue, 31 Feb 2021 10:00 GMT",
                                 "2021-13-01", "yesterday", "2021-01-01T25:61:00Z", "x" * 500])
def test_unreadable_dates_are_none(raw: str | None) -> None:
    assert parse_date(raw) is None


def test_implausible_dates_are_returned_unchanged_and_flagged() -> None:
    old = parse_date("Thu, 01 Jan 1970 00:00:00 GMT")
    assert old == datetime(1970, 1, 1, tzinfo=UTC)
    assert is_implausible_date(old)
    now = datetime(2024, 5, 7, tzinfo=UTC)
    assert is_implausible_date(datetime(2024, 5, 10, tzinfo=UTC), now=now)
    assert not is_implausible_date(datetime(2024, 5, 8, tzinfo=UTC), now=now)

"""feedparser's own illformed/ and encoding/ cases, translated onto our ParsedFeed.

Each case file states ``Expect: <python expression>`` over feedparser's result (and
sometimes ``Header: Content-type: ...``, the HTTP header feedparser's harness serves it
with). We evaluate that expression against a view of our ParsedFeed in feedparser's
vocabulary: ``bozo`` means "parse_feed raised FeedError or reported warnings",
``encoding`` compares codec names (a superset such as gb18030 for gb2312 counts as equal,
since that is deliberate), ``entries[i]['description']`` is our summary (else content).
Expectations about feedparser internals are skipped with the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.ingest.feeds.charset import codec_name
from newsdesk.ingest.feeds.parse import FeedEntry, FeedError, ParsedFeed, parse_feed
from tests.ingest.conftest import shared_feed_files

pytestmark = pytest.mark.shared

ILLFORMED = shared_feed_files("feedparser/illformed", "*.xml")
ENCODING = shared_feed_files("feedparser/encoding", "*.xml")
HEADER = re.compile(r"^\s*(Description|Expect|Header|SkipUnless):\s*(.*?)\s*$", re.M)
# Why some expectations do not apply to newsdesk.
INAPPLICABLE = (
    ("bozo_exception", "checks which exception class feedparser stored"),
    ("where", "GeoRSS/GML locations are not extracted by newsdesk"),
    ("&#x2019;", "feedparser rewrites windows-1252 character references in escaped HTML; "
                 "newsdesk keeps content as published"),
    ("\\xe2\\u20ac", "checks feedparser's last-resort decoding of invalid bytes; newsdesk "
                     "reads mostly-valid UTF-8 with replacement characters instead"),
)
US_ASCII_DEFAULT = (
    "RFC 3023 default of us-ascii for text/* without charset; newsdesk follows RFC 7303 "
    "(BOM, then the XML declaration), which obsoletes that rule"
)


class EncodingName(str):
    """An encoding name that equals any label naming the same (or our superset) codec."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and codec_name(other) == codec_name(self)

    __hash__ = str.__hash__


class EntryView(dict):
    """One of our entries under feedparser's key names, by key or attribute."""

    def __getattr__(self, name: str) -> object:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def entry_view(entry: FeedEntry) -> EntryView:
    """Our entry in feedparser's vocabulary."""
    body = entry.summary if entry.summary is not None else entry.content
    return EntryView(title=entry.title, link=entry.link, summary=body, description=body,
                     id=entry.guid, published=entry.published_raw)


def case_headers(body: bytes) -> dict[str, str]:
    """The Description/Expect/Header/SkipUnless lines of a case, in whatever encoding."""
    for encoding in ("utf-8", "utf-16", "utf-32", "utf-16-be", "utf-16-le", "utf-32-be",
                     "utf-32-le", "latin-1"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        found = dict(HEADER.findall(text))
        if "Expect" in found:
            return found
    raise AssertionError("case file has no Expect header")


def content_type_of(headers: dict[str, str]) -> str | None:
    """The Content-Type the feedparser harness would serve the case with."""
    header = headers.get("Header", "")
    name, _, value = header.partition(":")
    return value.strip() if name.strip().lower() == "content-type" else None


def skip_reason(headers: dict[str, str]) -> str | None:
    """Why a case's expectation does not apply to newsdesk, or None when it does."""
    expect = headers["Expect"]
    for marker, reason in INAPPLICABLE:
        if marker in expect or marker in headers.get("Description", ""):
            return reason
    content_type = content_type_of(headers) or ""
    if (content_type.lower().startswith("text/") and "charset=" not in content_type
            and "us-ascii" in expect):
        return US_ASCII_DEFAULT
    return None


def evaluate_case(path: Path) -> None:
    """Parse one case with parse_feed and assert its translated expectation."""
    body = path.read_bytes()
    headers = case_headers(body)
    reason = skip_reason(headers)
    if reason:
        pytest.skip(reason)
    try:
        feed: ParsedFeed | None = parse_feed(body, content_type=content_type_of(headers))
    except FeedError:
        feed = None
    namespace = {
        "bozo": feed is None or bool(feed.warnings),
        "encoding": EncodingName(feed.encoding or "") if feed else None,
        "entries": [entry_view(entry) for entry in feed.entries] if feed else [],
        "feed": {"title": feed.title, "link": feed.link} if feed else {},
    }
    assert eval(headers["Expect"], {"__builtins__": __builtins__}, namespace), (  # noqa: S307
        headers["Expect"], feed)


@pytest.mark.parametrize("relative", ILLFORMED)
def test_feedparser_illformed_case_holds_for_parse_feed(shared_data: Path,
                                                        relative: str) -> None:
    evaluate_case(shared_data / "feeds" / "feedparser" / "illformed" / relative)


@pytest.mark.parametrize("relative", ENCODING)
def test_feedparser_encoding_case_holds_for_parse_feed(shared_data: Path,
                                                       relative: str) -> None:
    evaluate_case(shared_data / "feeds" / "feedparser" / "encoding" / relative)

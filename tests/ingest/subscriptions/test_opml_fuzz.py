"""Property tests: read_opml on arbitrary and mutated bytes returns a report or raises OpmlError.

CI runs a modest number of examples; set NEWSDESK_FUZZ_EXAMPLES for a longer session,
e.g. ``NEWSDESK_FUZZ_EXAMPLES=20000 pytest tests/ingest/subscriptions/test_opml_fuzz.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.ingest.subscriptions.opml import (
    OpmlError,
    OpmlFeed,
    OpmlReport,
    read_opml,
    write_opml,
)
from tests.ingest.subscriptions.test_opml import MALFORMED, NESTED

EXAMPLES = int(os.environ.get("NEWSDESK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEEDS = [NESTED, MALFORMED]
MARKUP = st.sampled_from([
    b"<", b">", b"</", b"/>", b"<?xml version='1.0'?>", b"<opml>", b"</opml>", b"<opml",
    b"<body>", b"</body>", b"<head>", b"<title>", b"<outline", b"</outline>", b"<outline/>",
    b' xmlUrl="', b' text="', b' type="rss"', b' url="', b' htmlUrl="', b'"', b"'", b"=",
    b"https://news.example/feed", b"feed://x.example/", b"file:///etc/passwd", b"&", b"&amp;",
    b"&#0;", b"&#x110000;", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<!DOCTYPE opml>",
    b"<!ENTITY", b"<!entity", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xe4\xb8",
    b"encoding='utf-16'", b"encoding='nonsense'", b" ", b"\n",
])


def reads_or_refuses(data: bytes) -> None:
    """read_opml returns an OpmlReport of web feeds, or raises a one-line OpmlError."""
    try:
        report = read_opml(data, name="fuzz.opml")
    except OpmlError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(report, OpmlReport)
    urls = [feed.url for feed in report.feeds]
    assert len(urls) == len(set(urls))
    assert all(url.lower().startswith(("http://", "https://")) for url in urls)
    assert all(isinstance(problem, str) for problem in report.problems)


@FUZZ
@given(st.binary(max_size=2048))
def test_read_opml_on_arbitrary_bytes_returns_a_report_or_opml_error(data: bytes) -> None:
    reads_or_refuses(data)


@FUZZ
@given(st.lists(st.one_of(MARKUP, st.binary(max_size=8)), max_size=80))
def test_read_opml_on_markup_soup_returns_a_report_or_opml_error(pieces: list[bytes]) -> None:
    reads_or_refuses(b"".join(pieces))


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A real OPML file with a few bytes replaced, inserted or cut."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "cut"]))
        chunk = draw(st.one_of(MARKUP, st.binary(min_size=1, max_size=4)))
        if action == "insert":
            data[at:at] = chunk
        elif action == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@FUZZ
@given(mutated_seed())
def test_read_opml_on_mutated_files_returns_a_report_or_opml_error(data: bytes) -> None:
    reads_or_refuses(data)


FOLDER_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@FUZZ
@given(st.lists(st.tuples(FOLDER_TEXT, FOLDER_TEXT), min_size=1, max_size=10))
def test_written_opml_of_any_titles_reads_back_every_feed(named: list[tuple[str, str]]) -> None:
    feeds = [
        OpmlFeed(url=f"https://news.example/feed/{n}", title=title or None, folder=folder or None)
        for n, (title, folder) in enumerate(named)
    ]
    report = read_opml(write_opml(feeds, title="fuzz"))
    assert sorted(feed.url for feed in report.feeds) == sorted(feed.url for feed in feeds)


def test_unknown_encoding_declaration_is_read_leniently() -> None:
    report = read_opml(NESTED.replace(b'encoding="UTF-8"', b'encoding="U-F-8"'))
    assert not report.well_formed
    assert "https://technode.com/feed/" in [feed.url for feed in report.feeds]

"""XML attacks end to end: hostile feeds served over HTTP and hostile OPML files imported.

The secret is a file written by the test (and /etc/passwd); the DTD URL is the test's own
loopback server, so any attempt to fetch it would show in the request log.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from newsdesk.config import load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.collect import fetch_sources
from newsdesk.ingest.subscriptions.opml import OpmlError
from newsdesk.ingest.subscriptions.subscribe import import_opml, subscribe
from newsdesk.store import Article, Source, Store
from newsdesk.store.sources import add_source
from tests.feedserver import FeedServer
from tests.security.hostile_xml import hostile_feeds, hostile_opml

pytestmark = pytest.mark.timeout(120)  # a hang guard: an expanding bomb would never finish
SECRET = "TOP-SECRET-4f1c9e"
PASSWD_MARK = "root:x:0:0"
EXPECTED_ATTACKS = 8


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _everything_stored(store: Store) -> str:
    """Every text column of every article and source, as one string to search for leaks."""
    with store.session() as session:
        articles = session.scalars(select(Article)).all()
        sources = session.scalars(select(Source)).all()
        rows = [
            [a.title, a.text, a.summary, a.content, json.dumps(a.raw), a.extract_error]
            for a in articles
        ] + [[s.title, s.last_error, s.last_warning] for s in sources]
    return "\n".join(str(value) for row in rows for value in row)


def test_hostile_feeds_are_refused_on_the_source_and_leak_nothing(
    sqlite_store: Store, feed_server: FeedServer, secret_file: Path
) -> None:
    store = sqlite_store
    dtd_url = feed_server.url("/evil.dtd")
    feed_server.route("/evil.dtd", f'<!ENTITY leak "{SECRET}">')
    attacks = hostile_feeds(secret_file.as_uri(), dtd_url)
    assert len(attacks) == EXPECTED_ATTACKS
    ids = {}
    with store.session() as session:
        for n, (name, body) in enumerate(attacks.items()):
            ids[name] = add_source(session, feed_server.route(f"/attack{n}.xml", body))[0].id
    report = fetch_sources(store, load_settings(), full_text=False)
    assert len(report.failed) == len(attacks)
    with store.session() as session:
        for name, source_id in ids.items():
            source = session.get(Source, source_id)
            assert source.error_kind == "parse", name
            assert source.last_error.startswith("unsafe XML: entity declarations"), name
            assert "\n" not in source.last_error
        assert session.scalars(select(Article)).all() == []
    stored = _everything_stored(store)
    assert SECRET not in stored and PASSWD_MARK not in stored
    assert feed_server.requests_for("/evil.dtd") == []


def test_source_add_of_a_hostile_feed_is_a_one_line_error(
    sqlite_store: Store, feed_server: FeedServer, secret_file: Path
) -> None:
    attacks = hostile_feeds(secret_file.as_uri(), feed_server.url("/evil.dtd"))
    for n, body in enumerate(attacks.values()):
        url = feed_server.route(f"/attack{n}.xml", body)
        with pytest.raises(NewsdeskError, match="unsafe XML") as caught:
            subscribe(sqlite_store, load_settings(), url)
        assert "\n" not in str(caught.value) and SECRET not in str(caught.value)
    with sqlite_store.session() as session:
        assert session.scalars(select(Source)).all() == []
    assert feed_server.requests_for("/evil.dtd") == []


def test_hostile_opml_import_is_a_one_line_error_and_adds_nothing(
    store: Store, feed_server: FeedServer, secret_file: Path, tmp_path: Path
) -> None:
    feed_server.route("/evil.dtd", f'<!ENTITY leak "{SECRET}">')
    attacks = hostile_opml(secret_file.as_uri(), feed_server.url("/evil.dtd"))
    assert len(attacks) == EXPECTED_ATTACKS
    for n, (name, data) in enumerate(attacks.items()):
        path = tmp_path / f"attack{n}.opml"
        path.write_bytes(data)
        with pytest.raises(OpmlError) as caught:
            import_opml(store, path)
        message = str(caught.value)
        assert "\n" not in message and SECRET not in message, name
        assert "unsafe" in message, (name, message)
    with store.session() as session:
        assert session.scalars(select(Source)).all() == []
    assert feed_server.requests == []


def test_opml_with_an_external_dtd_is_read_without_fetching_it(
    store: Store, feed_server: FeedServer, tmp_path: Path
) -> None:
    dtd = feed_server.route("/opml.dtd", '<!ENTITY leak "x">')
    path = tmp_path / "dtd.opml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "{dtd}"><opml version="2.0"><body>'
        '<outline type="rss" text="Feed" xmlUrl="https://news.example/feed.xml"/></body></opml>',
        encoding="utf-8",
    )
    report = import_opml(store, path)
    assert report.added == 1
    assert feed_server.requests == []

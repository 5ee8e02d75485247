"""One hostile feed never stops the others: unstorable text and over-long fields (issue 20).

The same hostile corpus is fetched through the real fetch stage from a loopback HTTP
server on SQLite and on PostgreSQL; every expectation below is the same for both
backends, so both store exactly the same characters. Good sources fetched in the same
run are stored in full.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from newsdesk.config import load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.collect import STORE_GROUP, fetch_sources
from newsdesk.ingest.subscriptions.subscribe import import_opml, subscribe
from newsdesk.store import Article, Fetch, Source, Store
from newsdesk.store.sources import add_source
from newsdesk.store.storable import (
    MAX_AUTHOR_CHARS,
    MAX_CATEGORY_CHARS,
    MAX_NAME_CHARS,
    MAX_TITLE_CHARS,
    storable,
    storable_text,
)
from tests.feedfactory import rss
from tests.feedserver import FeedServer

JSON_FEED = "https://jsonfeed.org/version/1.1"
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
FIVE_MIB = 5 * 2**20


def json_feed(item: str, *, title: str = "s") -> bytes:
    """A JSON Feed of one item, written as text so that escapes stay as the attacker sent them."""
    return f'{{"version":"{JSON_FEED}","title":"{title}","items":[{item}]}}'.encode()


def xml_feed(title: bytes, *, channel: bytes = b"x") -> bytes:
    return (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>'
            + channel + b"</title><item><title>" + title
            + b"</title><link>https://x.example/1</link><description>body</description>"
              b"</item></channel></rss>")


# path -> (body, the title each backend must store)
HOSTILE = {
    "/surrogate.json": (json_feed('{"id":"s1","title":"lone \\ud800 surrogate",'
                                  '"content_text":"x"}'), "lone \ufffd surrogate"),
    "/nul.json": (json_feed('{"id":"n1","title":"nul \\u0000 here","content_text":"x \\u0000",'
                            '"authors":[{"name":"a\\u0000b"}],"tags":["t\\u0007ag"]}'),
                  "nul  here"),
    "/controls.json": (json_feed('{"id":"c1","title":"bell \\u0007 esc \\u001b tab \\t end",'
                                 '"content_text":"x"}', title="chan\\u0000nel"),
                       "bell  esc  tab \t end"),
    "/raw-nul.xml": (xml_feed(b"raw \x00 nul", channel=b"ch\x00an"), None),
    "/char-ref.xml": (xml_feed(b"ref &#0; nul"), None),
    "/surrogate-ref.xml": (xml_feed(b"ref &#xD800; half"), None),
}


def _add(store: Store, url: str) -> int:
    with store.session() as session:
        return add_source(session, url)[0].id


def _strings(value: object) -> list[str]:
    """Every string in a stored value (JSON columns included), keys too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(key) + _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _stored_text(article: Article) -> list[str]:
    fields = [article.title, article.text, article.summary, article.content, article.url,
              article.guid, article.uid, article.authors, article.categories, article.raw,
              article.enclosures]
    return [s for value in fields for s in _strings(value)]


def test_hostile_text_is_stored_the_same_on_every_backend_and_good_sources_are_kept(
    store: Store, feed_server: FeedServer
) -> None:
    good = [_add(store, feed_server.route(f"/good{n}.xml", rss(range(n * 10, n * 10 + 5))))
            for n in range(3)]
    hostile = {path: _add(store, feed_server.route(path, body))
               for path, (body, _) in HOSTILE.items()}
    report = fetch_sources(store, load_settings(), full_text=False)
    assert len(report.outcomes) == len(good) + len(hostile)
    with store.session() as session:
        for source_id in good:
            assert len(session.scalars(
                select(Article).where(Article.source_id == source_id)).all()) == 5
        for path, (_, title) in HOSTILE.items():
            source = session.get(Source, hostile[path])
            articles = session.scalars(
                select(Article).where(Article.source_id == source.id)).all()
            if source.last_error is not None:  # refused: one clear line, nothing stored
                assert "\n" not in source.last_error and not articles, path
                continue
            assert len(articles) == 1, path
            if title is not None:
                assert articles[0].title == title, path
            for text in _stored_text(articles[0]) + _strings(source.title):
                assert not UNSTORABLE.search(text), (path, text)
        nul = session.scalars(select(Article).where(
            Article.source_id == hostile["/nul.json"])).one()
        assert nul.authors == ["ab"] and nul.categories == ["tag"] and nul.content == "x "
        assert session.get(Source, hostile["/controls.json"]).title == "channel"


def test_hostile_sources_fail_or_store_again_on_the_next_run(
    store: Store, feed_server: FeedServer
) -> None:
    """The issue's symptom: every later fetch died the same way. Now a re-run is normal."""
    for path, (body, _) in HOSTILE.items():
        _add(store, feed_server.route(path, body))
    good = _add(store, feed_server.route("/good.xml", rss(range(3))))
    stored = []
    for _ in range(2):
        report = fetch_sources(store, load_settings(), force=True, full_text=False)
        assert len(report.outcomes) == len(HOSTILE) + 1
        with store.session() as session:
            stored.append(sorted((a.source_id, a.uid) for a in session.scalars(select(Article))))
    assert stored[0] == stored[1]  # the same hostile items again: nothing stored twice
    with store.session() as session:
        assert len(session.scalars(select(Article).where(Article.source_id == good)).all()) == 3
        assert len(session.scalars(select(Fetch)).all()) == 2 * (len(HOSTILE) + 1)


def test_storable_text_drops_c0_controls_and_replaces_lone_surrogates_everywhere() -> None:
    value = {"k\x00ey": ["a\x01b", ("\ud800", 3)], "t": "tab\tlf\ncr\r del\x7f c1\x85"}
    assert storable(value) == {"key": ["ab", ["\ufffd", 3]],
                               "t": "tab\tlf\ncr\r del\x7f c1\x85"}
    assert storable_text("nul \u0000 here") == "nul  here"


def test_five_mib_fields_are_cut_at_their_caps_with_a_warning(
    store: Store, feed_server: FeedServer
) -> None:
    huge, long = "T" * FIVE_MIB, "L" * 2**20  # 13 MiB in all: under the 20 MiB decoded cap
    item = json.dumps({"id": "big", "title": huge, "url": "https://x.example/" + "p" * FIVE_MIB,
                       "authors": [{"name": long}], "tags": [long, "ok"], "content_text": "x"})
    body = json_feed(item, title=long)
    source_id = _add(store, feed_server.route("/huge.json", body, gzip=True))
    report = fetch_sources(store, load_settings(), full_text=False)
    assert report.outcomes[0].ok
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        source = session.get(Source, source_id)
    assert len(article.title) == MAX_TITLE_CHARS and article.title.endswith("…")
    assert article.url is None  # a cut URL would point elsewhere: dropped
    assert [len(a) for a in article.authors] == [MAX_AUTHOR_CHARS]
    assert [len(c) for c in article.categories] == [MAX_CATEGORY_CHARS, 2]
    assert len(source.title) == MAX_NAME_CHARS
    assert source.last_warning is not None
    assert "cut over-long fields of 1 article at their caps (title, authors, categories)" \
        in source.last_warning
    assert max(len(s) for s in _strings(article.raw)) <= 1_000_000


def _poison_titles(store: Store, title: str) -> None:
    """A real database trigger that refuses any article with this title."""
    statements = {
        "sqlite": [f"CREATE TRIGGER poison BEFORE INSERT ON articles WHEN NEW.title = '{title}' "
                   "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"],
        "postgresql": [
            "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.title = '{title}' THEN RAISE EXCEPTION 'poisoned row'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER poison BEFORE INSERT ON articles FOR EACH ROW "
            "EXECUTE FUNCTION poison()",
        ],
    }[store.dialect]
    with store.engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)


def test_a_source_whose_store_fails_is_recorded_and_its_group_is_kept(
    store: Store, feed_server: FeedServer
) -> None:
    """A failing store of one source must not lose the other sources of its group."""
    ids = [_add(store, feed_server.route(f"/f{n}.xml", rss(range(n, n + 2))))
           for n in range(STORE_GROUP - 1)]
    bad = _add(store, feed_server.route("/bad.json", json_feed(
        '{"id":"p","title":"poison","content_text":"x"}')))
    _poison_titles(store, "poison")
    report = fetch_sources(store, load_settings(), full_text=False)
    with store.session() as session:
        kept = {i: len(session.scalars(select(Article).where(Article.source_id == i)).all())
                for i in ids}
        source = session.get(Source, bad)
        history = session.scalars(select(Fetch).where(Fetch.source_id == bad)).one()
    assert kept == dict.fromkeys(ids, 2)
    assert len(report.outcomes) == STORE_GROUP
    assert [o.source_id for o in report.failed] == [bad]
    assert source.error_kind == "store" and history.error_kind == "store"
    assert source.last_error.startswith("could not store: ") and "poisoned row" in source.last_error
    assert "\n" not in source.last_error


def test_opml_with_five_mib_fields_and_nul_imports_capped_and_clean(
    store: Store, tmp_path: Path
) -> None:
    huge_url = "https://feeds.example/" + "u" * FIVE_MIB
    opml = ('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
            f'<outline type="rss" text="long url" xmlUrl="{huge_url}"/>'
            f'<outline type="rss" title="{"T" * FIVE_MIB}" xmlUrl="https://feeds.example/a"'
            f' htmlUrl="{huge_url}"/>'
            '<outline type="rss" title="nul &#0; &#x7; here" xmlUrl="https://feeds.example/b"/>'
            "</body></opml>")
    path = tmp_path / "hostile.opml"
    path.write_bytes(opml.encode())
    report = import_opml(store, path)
    with store.session() as session:
        sources = {s.url: s for s in session.scalars(select(Source))}
    assert report.added == 2 and set(sources) == {"https://feeds.example/a",
                                                  "https://feeds.example/b"}
    assert len([p for p in report.problems if "longer than 2,048 characters" in p]) == 1
    assert all(len(problem) < 400 for problem in report.problems)
    assert len(sources["https://feeds.example/a"].title) == MAX_NAME_CHARS
    assert sources["https://feeds.example/a"].site_url is None
    assert not UNSTORABLE.search(sources["https://feeds.example/b"].title or "")


def test_source_add_of_a_five_mib_url_is_refused_in_one_short_line(store: Store) -> None:
    with pytest.raises(NewsdeskError) as refused:
        subscribe(store, load_settings(), "https://feeds.example/" + "u" * FIVE_MIB, check=False)
    message = str(refused.value)
    assert "longer than 2,048 characters" in message
    assert len(message) < 400 and "\n" not in message


def test_an_article_page_with_nul_and_an_absurd_language_is_stored_clean(
    store: Store, feed_server: FeedServer
) -> None:
    paragraph = "<p>The council approved the new budget after a long debate \x00 today.</p>"
    page = (f'<html lang="{"x" * 40}"><head><title>Budget</title>'
            '<meta name="author" content="Ann\x00 Lee"></head><body><article><h1>Budget</h1>'
            + paragraph * 30 + "</article></body></html>").encode()
    page_url = feed_server.route("/story.html", page, headers={"Content-Type": "text/html"})
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>c</title><item>'
            f"<title>Budget</title><link>{page_url}</link><description>Short.</description>"
            "</item></channel></rss>").encode()
    _add(store, feed_server.route("/teaser.xml", feed))
    report = fetch_sources(store, load_settings(), full_text=True)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert report.extracted == 1 and article.text_origin == "extracted"
    assert "council approved" in article.text and "\x00" not in article.text
    assert article.language is None or len(article.language) <= 3  # a base language code
    assert all("\x00" not in author for author in article.authors)

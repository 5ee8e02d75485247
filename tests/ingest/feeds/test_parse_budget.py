"""Parsing within a budget: absurd shapes refused cheaply, the rest bounded (issue 20)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsdesk.clock import utcnow
from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.ingest.feeds.budget import ParseBudget, ParseWorkers
from newsdesk.ingest.feeds.parse import FeedError, parse_feed
from newsdesk.ingest.feeds.shape import MAX_ATTRIBUTES, MAX_TAGS
from newsdesk.store import Article, Source, Store
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer
from tests.security.pathological_feeds import HEAD, crowded_item, many_items, unclosed_tags


def test_an_element_with_a_hundred_thousand_attributes_is_refused() -> None:
    with pytest.raises(FeedError, match=f"more than {MAX_ATTRIBUTES} attributes"):
        parse_feed(crowded_item(100_000))


def test_an_element_with_as_many_attributes_as_allowed_is_read() -> None:
    assert len(parse_feed(crowded_item(MAX_ATTRIBUTES)).entries) == 1


def test_words_after_a_stray_angle_bracket_are_not_taken_for_attributes() -> None:
    text = "if a<b then " + "word " * 2 * MAX_ATTRIBUTES
    body = f"{HEAD}<item><title>x</title><description><![CDATA[{text}]]></description></item>"
    feed = parse_feed((body + "</channel></rss>").encode())
    assert feed.entries[0].summary.startswith("if a<b then word")


def test_a_million_unclosed_tags_are_refused_before_parsing() -> None:
    with pytest.raises(FeedError, match=r"1,600,00\d tags, more than"):
        parse_feed(unclosed_tags(1_600_000))


def test_tags_inside_cdata_do_not_count_towards_the_tag_cap() -> None:
    html = "<p>x</p>" * (MAX_TAGS // 2 + 10)
    body = f"{HEAD}<item><title>x</title><description><![CDATA[{html}]]></description></item>"
    assert len(parse_feed((body + "</channel></rss>").encode()).entries) == 1


def test_items_past_max_items_are_cut_before_parsing_with_the_usual_warning() -> None:
    feed = parse_feed(many_items(70_000), max_items=1000)
    assert len(feed.entries) == 1000
    assert feed.entries[-1].title == "t999"
    assert "kept the first 1000 of 70000 items" in feed.warnings


def test_atom_entries_past_max_items_are_cut_and_the_feed_end_kept() -> None:
    entries = "".join(f"<entry><id>urn:{n}</id><title>e{n}</title></entry>" for n in range(30))
    body = ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{entries}</feed>").encode()
    feed = parse_feed(body, max_items=5)
    assert [e.title for e in feed.entries] == [f"e{n}" for n in range(5)]
    assert feed.title == "t" and "kept the first 5 of 30 items" in feed.warnings
    assert not any("not well-formed" in w for w in feed.warnings)


def job(body: bytes) -> dict:
    return {"body": body, "url": "http://e.example/feed", "content_type": None,
            "max_items": 1000, "source_id": 1, "fetched_at": utcnow()}


async def test_a_feed_over_the_cpu_budget_is_refused_and_the_next_feed_parses() -> None:
    async with ParseWorkers(ParseBudget(cpu_seconds=0.3, workers=1)) as workers:
        slow = await workers.parse(**job(unclosed_tags(MAX_TAGS - 100)))
        fine = await workers.parse(**job(rss(range(3))))
    assert slow.error_kind == "budget"
    assert slow.error == ("refused: parsing this feed took more than 0.3 s of CPU time "
                          "(parse budget)")
    assert fine.error is None and len(fine.rows) == 3


async def test_a_feed_over_the_memory_budget_is_refused_and_the_next_feed_parses() -> None:
    html = "&lt;p&gt;" + "word " * 2_000_000 + "&lt;/p&gt;"  # 10 MB of text in one item
    big = f"{HEAD}<item><title>x</title><description>{html}</description></item></channel></rss>"
    async with ParseWorkers(ParseBudget(memory_bytes=24 * 2**20, workers=1)) as workers:
        greedy = await workers.parse(**job(big.encode()))
        fine = await workers.parse(**job(rss(range(2))))
    assert greedy.error_kind == "budget" and greedy.error.startswith("refused: parsing this feed")
    assert fine.error is None and len(fine.rows) == 2


async def test_a_worker_that_does_not_answer_in_time_is_replaced() -> None:
    budget = ParseBudget(cpu_seconds=60, wall_seconds=0.5, workers=1)
    async with ParseWorkers(budget) as workers:
        stuck = await workers.parse(**job(unclosed_tags(MAX_TAGS - 100)))
        fine = await workers.parse(**job(rss(range(1))))
    assert stuck.error == "refused: parsing this feed did not finish within 0.5 s (parse budget)"
    assert fine.error is None and len(fine.rows) == 1


def test_a_feed_over_the_budget_fails_alone_in_a_fetch_run(
    store: Store, feed_server: FeedServer
) -> None:
    with store.session() as session:
        slow = feed_server.route("/slow.xml", unclosed_tags(MAX_TAGS - 100))
        bad = add_source(session, slow)[0].id
        good = [add_source(session, feed_server.route(f"/g{n}.xml", rss(range(n, n + 4))))[0].id
                for n in range(3)]
    report = fetch_sources(store, load_settings(), full_text=False,
                           budget=ParseBudget(cpu_seconds=0.3))
    with store.session() as session:
        source = session.get(Source, bad)
        counts = [len(session.scalars(select(Article).where(Article.source_id == g)).all())
                  for g in good]
    assert [o.source_id for o in report.failed] == [bad]
    assert source.error_kind == "budget" and "CPU time" in source.last_error
    assert counts == [4, 4, 4]

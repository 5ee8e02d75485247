"""A teaser feed whose article pages cannot be fetched keeps the longest body it carried."""

from __future__ import annotations

from xml.sax.saxutils import escape

from sqlalchemy import select

from newsdesk.config import load_settings
from newsdesk.ingest.collect import fetch_sources
from newsdesk.store import Article, Store
from newsdesk.store.sources import add_source
from tests.feedserver import FeedServer

DESCRIPTION = ("Regulators in Beijing approved a new batch of video game licences on Friday, "
               "the third this year, with titles from Tencent and NetEase among them.")
CONTENT = (DESCRIPTION + " The approvals come as the industry recovers from a freeze that "
           "lasted most of 2021. Analysts at two brokerages said the pace of approvals "
           "suggests the regulator now sees games as a source of growth and exports. "
           "Shares of both companies rose in Hong Kong after the list was published, and "
           "smaller studios said they expected more approvals before the end of the ...")


def _teaser_feed(base: str) -> bytes:
    """The trial's shape: a short description beside a longer, truncated content:encoded."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Outlet</title><link>{base}/</link><language>en</language>"
        f"<item><title>Game licences approved</title><link>{base}/gone/1</link>"
        f"<guid>{base}/gone/1</guid><pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate>"
        f"<description>{escape(DESCRIPTION)}</description>"
        f"<content:encoded>{escape('<p>' + CONTENT + '</p>')}</content:encoded>"
        "</item></channel></rss>"
    ).encode()


def test_a_truncated_content_is_kept_over_a_shorter_description_when_the_page_is_gone(
    store: Store, feed_server: FeedServer
) -> None:
    base = feed_server.url("").rstrip("/")
    url = feed_server.route("/feed.xml", _teaser_feed(base))  # /gone/1 is not served: 404
    with store.session() as session:
        add_source(session, url)
    report = fetch_sources(store, load_settings(), full_text=True)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert (report.extracted, report.extract_failed) == (0, 1)
    assert feed_server.requests_for("/gone/1"), "the article page was tried"
    assert article.extract_error  # why the page gave nothing is recorded
    assert article.text == CONTENT
    assert len(article.text) > len(DESCRIPTION) + 200

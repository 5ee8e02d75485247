"""Full text: when a feed carries only a summary, fetch the article page and extract it.

The feed's own content is kept when it is already complete (`text_origin = "feed"`); an
article whose page could not be fetched or read keeps its summary and records why.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from newsdesk.ingest.feeds.article_rows import text_cut_note
from newsdesk.ingest.network.fetch import Fetcher, FetchRequest, FetchResult
from newsdesk.ingest.pages.extract import extract_page
from newsdesk.store import Article, Store
from newsdesk.store.storable import MAX_AUTHOR_CHARS, cut, storable_line, storable_text
from newsdesk.text.language_codes import normalise_language

HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
BATCH = 200


async def fill_full_text(
    store: Store, fetcher: Fetcher, *, limit: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Extract the pages of summary-only articles; returns (extracted, failed).

    `progress(done, total)` is called once the pages to fetch are known and after each one.
    """
    with store.session() as session:
        pending = session.execute(
            select(Article.id, Article.url)
            .where(Article.text_origin == "summary", Article.extract_error.is_(None))
            .where(Article.url.is_not(None))
            .order_by(Article.id)
            .limit(limit)
        ).all()
    requests = [
        FetchRequest(url=url, accept=HTML_ACCEPT, key=article_id) for article_id, url in pending
    ]
    extracted = failed = 0
    if progress:
        progress(0, len(requests))
    async for result in fetcher.fetch_all(requests):
        if record_page(store, result):
            extracted += 1
        else:
            failed += 1
        if progress:
            progress(extracted + failed, len(requests))
    return extracted, failed


def record_page(store: Store, result: FetchResult) -> bool:
    """Store the text extracted from one article page, or why there is none.

    The page is hostile input like a feed: its text is made storable and its author and
    language are capped (see storable.py) before they are stored.
    """
    page = None
    error = result.error
    if not error:
        page = extract_page(result.body or b"", url=result.url)
        if page is None or not page.text.strip():
            error = "no article text found on the page"
    with store.session() as session:
        article = session.get(Article, result.request.key)
        if article is None:
            return False
        if page is None or error:
            article.extract_error = storable_line(error)
            return False
        if len(page.text) > len(article.text or ""):
            article.text = storable_text(page.text)
            article.text_origin = "extracted"
            if page.text_cut_from is not None:
                article.text_note = text_cut_note(len(page.text), page.text_cut_from)
        else:
            article.extract_error = "page text is not longer than the feed's summary"
        if not article.authors and page.author:
            article.authors = [cut(storable_text(page.author), MAX_AUTHOR_CHARS)]
        article.published_at = article.published_at or page.published
        article.language = article.language or normalise_language(page.language)
        return article.text_origin == "extracted"

"""Stored articles: list them (newest first) or read one with its text."""

from __future__ import annotations

from typing import Any

from newsdesk.store import Store
from newsdesk.store.articles import article_json, get_article, list_articles
from newsdesk.store.sources import find_source

__all__ = ["article_rows", "read_article"]


def article_rows(store: Store, *, limit: int, source: str | None = None,
                 language: str | None = None) -> list[dict[str, Any]]:
    """The `limit` newest articles (of the source `source` names, id or URL, and in
    `language`, when given), as `newsdesk articles list --json` prints them."""
    with store.session() as session:
        chosen = find_source(session, source) if source else None
        return [article_json(article) for article
                in list_articles(session, limit=limit, source=chosen, language=language)]


def read_article(store: Store, article_id: int) -> dict[str, Any]:
    """One article with its text, as `newsdesk articles show --json` prints it."""
    with store.session() as session:
        return article_json(get_article(session, article_id), full=True)

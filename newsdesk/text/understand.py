"""The understand stage over the store: languages and vectors for new articles.

Vectors are kept with the name and version of the model that made them and computed
again only when the model changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from newsdesk.errors import NewsdeskError
from newsdesk.store import Article, Store
from newsdesk.store.models import ArticleVector
from newsdesk.text.embed import Embedder, embed_in_batches, model_text
from newsdesk.text.language import detect_language, normalise_language

BATCH = 256

Progress = Callable[[int, int], None]


def missing_vectors(session: Session, embedder: Embedder, limit: int) -> list[Article]:
    """Articles without a vector from this embedder (absent, or made by another model)."""
    current = and_(
        ArticleVector.article_id == Article.id,
        ArticleVector.model == embedder.name,
        ArticleVector.version == embedder.version,
    )
    query = (
        select(Article)
        .outerjoin(ArticleVector, current)
        .where(ArticleVector.article_id.is_(None))
        .order_by(Article.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def understand_articles(
    store: Store, embedder: Embedder, *, progress: Progress | None = None
) -> int:
    """Fill in languages and vectors for every article that lacks them; returns how many."""
    done = 0
    with store.session() as session:
        priors = source_languages(session)  # as the run found them, whatever it adds
    while True:
        with store.session() as session:
            articles = missing_vectors(session, embedder, BATCH)
            if not articles:
                return done
            for article in articles:
                article.language = article_language(article.title, article.text,
                                                    article.language,
                                                    priors.get(article.source_id))
            texts = [model_text(a.title, a.text or "") for a in articles]
            vectors = embed_in_batches(embedder, texts, batch_size=64)
            for article, vector in zip(articles, vectors, strict=True):
                store_vector(session, article.id, embedder, vector)
            done += len(articles)
        if progress:
            progress(done, done)


def article_language(title: str | None, text: str | None, declared: str | None,
                     prior: Mapping[str, int] | None = None) -> str | None:
    """An article's language: the one its feed declared (normalised), else detected from
    its title and the start of its text, weighed by `prior`, the languages of its source's
    earlier articles (see `detect_language`)."""
    return normalise_language(declared) or detect_language(
        f"{title or ''}\n{(text or '')[:2000]}", prior)


def source_languages(session: Session) -> dict[int, dict[str, int]]:
    """For each source, how many of its articles are in each language (those known)."""
    query = (select(Article.source_id, Article.language, func.count())
             .where(Article.language.is_not(None))
             .group_by(Article.source_id, Article.language))
    counts: dict[int, dict[str, int]] = {}
    for source_id, language, count in session.execute(query):
        counts.setdefault(source_id, {})[language] = count
    return counts


def store_vector(session: Session, article_id: int, embedder: Embedder, vector: np.ndarray) -> None:
    """Keep one article's vector (replacing one made by another model)."""
    row = session.get(ArticleVector, article_id)
    data = np.asarray(vector, dtype=np.float32).tobytes()
    if row is None:
        session.add(
            ArticleVector(
                article_id=article_id,
                model=embedder.name,
                version=embedder.version,
                dim=int(vector.shape[0]),
                vector=data,
            )
        )
        return
    row.model, row.version, row.dim, row.vector = (
        embedder.name,
        embedder.version,
        int(vector.shape[0]),
        data,
    )


def load_vectors(
    session: Session, article_ids: list[int], embedder: Embedder
) -> dict[int, np.ndarray]:
    """The current model's vectors of the given articles."""
    rows = session.execute(
        select(ArticleVector.article_id, ArticleVector.vector).where(
            ArticleVector.article_id.in_(article_ids),
            ArticleVector.model == embedder.name,
            ArticleVector.version == embedder.version,
        )
    )
    return {article_id: np.frombuffer(blob, dtype=np.float32) for article_id, blob in rows}


def embedder_named(name: str) -> Embedder:
    """The embedding backend a setting names."""
    from newsdesk.text.embed import HashingEmbedder, UseMultilingualEmbedder

    if name == "use-multilingual-v3":
        return UseMultilingualEmbedder()
    if name == "hashing":
        return HashingEmbedder()
    raise NewsdeskError(f"unknown embedder {name!r} (use-multilingual-v3 or hashing)")

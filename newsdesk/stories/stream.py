"""Story-set files (one JSON article per line) through dedup and clustering, no database.

Schema: {"id", "story" (gold label, optional), "lang", "date" (YYYY-MM-DD or null),
"source", "title" (may be null), "text"}; optional "url".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from newsdesk.errors import NewsdeskError
from newsdesk.stories.cluster import StoryEngine
from newsdesk.stories.model import Assignment, StoryArticle
from newsdesk.text.embed import Embedder, UseMultilingualEmbedder, embed_in_batches, model_text

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LabelledArticle:
    """One line of a story-set file: the article and its gold story, if labelled."""

    article: StoryArticle
    gold: str | None


def read_story_file(path: str | Path) -> list[LabelledArticle]:
    """Read a story-set file; a missing file or a bad line raises NewsdeskError."""
    source = Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsdeskError(f"cannot read {source}: {exc.__class__.__name__}") from None
    return [
        _read_line(line, number, source)
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]


def _read_line(line: str, number: int, source: Path) -> LabelledArticle:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise NewsdeskError(f"{source}:{number}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise NewsdeskError(f"{source}:{number}: not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict) or record.get("id") in (None, ""):
        raise NewsdeskError(f"{source}:{number}: expected an object with an 'id'")
    gold = record.get("story")
    article = StoryArticle(
        id=str(record["id"]),
        title=_text_field(record.get("title")),
        text=_text_field(record.get("text")) or "",
        lang=_text_field(record.get("lang")),
        published=_read_date(record.get("date"), number, source),
        source=_text_field(record.get("source")),
        url=_text_field(record.get("url")),
    )
    return LabelledArticle(article, None if gold is None else str(gold))


def _text_field(value: object) -> str | None:
    return None if value is None else str(value)


def _read_date(value: object, number: int, source: Path) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise NewsdeskError(f"{source}:{number}: bad date {value!r}") from None
    return parsed


def embed_articles(
    articles: list[StoryArticle], embedder: Embedder, progress: Progress | None = None
) -> np.ndarray:
    """Vectors of the articles' model texts (title and lead), in batches."""
    texts = [model_text(a.title, a.text) for a in articles]
    return embed_in_batches(embedder, texts, batch_size=128, progress=progress)


def cluster_articles(
    articles: list[StoryArticle], vectors: np.ndarray, engine: StoryEngine | None = None
) -> list[Assignment]:
    """Stream articles through one engine in order; story ids are resolved after merges."""
    engine = engine or StoryEngine(today=date.today())
    # One BLAS thread: the engine's products are small, and thread hand-offs cost more.
    with threadpool_limits(limits=1, user_api="blas"):
        assignments = [engine.add(a, v) for a, v in zip(articles, vectors, strict=True)]
    for assignment in assignments:
        assignment.story_id = engine.resolve(assignment.story_id) or assignment.story_id
    return assignments


def cluster_file(
    path: str | Path, *, embedder: Embedder | None = None, progress: Progress | None = None
) -> Iterator[tuple[str, str]]:
    """(article id, story id) for every article of a story-set file, in file order."""
    labelled = read_story_file(path)
    articles = [item.article for item in labelled]
    vectors = embed_articles(articles, embedder or UseMultilingualEmbedder(), progress)
    for article, assignment in zip(articles, cluster_articles(articles, vectors), strict=True):
        yield article.id, assignment.story_id

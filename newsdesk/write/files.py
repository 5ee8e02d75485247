"""Write-ups without a store: stories read from a JSON-lines file, written up one per line.

The input follows ../shared/data/roundups/: one story per line with `id` and `articles`
(each with `source`, `title`, `url`, `text`, and optionally `lang`, `date` or `published`
(ISO 8601), `categories` and `author`); other fields are ignored. The writing is the same
`Writer` the editions use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from newsdesk.errors import NewsdeskError
from newsdesk.write.edition import Sentence, StoryWriteUp
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import cited_urls


class StoryFileError(NewsdeskError):
    """A story file that cannot be read: missing, not JSON lines, or a malformed story."""


@dataclass
class FileStory:
    """One story of a story file: its id and its articles, in file order."""

    id: str
    articles: list[SourceArticle]
    line: int


def read_story_file(path: Path, warn: Callable[[str], None] = lambda _: None
                    ) -> Iterator[FileStory]:
    """Yield the stories of a JSON-lines file, in order.

    Raises StoryFileError (naming the line) for a missing file, a line that is not JSON,
    or a story without an id or with malformed articles. A story with no articles is
    skipped with a message to `warn`: there is nothing to write, but the file is fine.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise StoryFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise StoryFileError(f"{path}:{number}: not UTF-8 text") from None
            if not line.strip():
                continue
            story = _parse_story(path, number, line)
            if not story.articles:
                warn(f"{path}:{number}: story {story.id!r} has no articles; skipped")
                continue
            yield story


def _parse_story(path: Path, number: int, line: str) -> FileStory:
    """One line as a story, or a StoryFileError naming the line."""
    where = f"{path}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise StoryFileError(f"{where}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise StoryFileError(f"{where}: not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("id"), str | int):
        raise StoryFileError(f"{where}: a story must be an object with an 'id'")
    articles = record.get("articles") or []
    if not isinstance(articles, list):
        raise StoryFileError(f"{where}: 'articles' must be a list")
    story_id = str(record["id"])
    parsed = [_parse_article(where, story_id, i, item) for i, item in enumerate(articles)]
    return FileStory(id=story_id, articles=parsed, line=number)


def _parse_article(where: str, story_id: str, index: int, item: Any) -> SourceArticle:
    """One article of a story; `url` and `text` are required, `source` and `title` not."""
    if not isinstance(item, dict):
        raise StoryFileError(f"{where}: article {index} of story {story_id!r} is not an object")
    for key in ("url", "text"):
        if not isinstance(item.get(key), str):
            raise StoryFileError(
                f"{where}: article {index} of story {story_id!r} has no '{key}' string"
            )
    title, author, categories = item.get("title"), item.get("author"), item.get("categories")
    return SourceArticle(
        id=f"{story_id}/{index}",
        outlet=str(item.get("source") or "unknown outlet"),
        title=title if isinstance(title, str) else None,
        url=item["url"],
        text=item["text"],
        language=item.get("lang") if isinstance(item.get("lang"), str) else None,
        published=_published(where, story_id, index, item.get("published") or item.get("date")),
        categories=[str(c) for c in categories] if isinstance(categories, list) else [],
        author=author if isinstance(author, str) and author.strip() else None,
    )


def _published(where: str, story_id: str, index: int, value: Any) -> datetime | None:
    """An article's publication time from an ISO 8601 string ("2021-04-22" or with a
    time), None when absent, or a StoryFileError naming the article."""
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise StoryFileError(
            f"{where}: article {index} of story {story_id!r} has a bad date {value!r}"
        ) from None


def write_up_text(write_up: StoryWriteUp) -> str:
    """The write-up's body as plain text: sentences joined by spaces, paragraphs by a
    blank line (the one-liner when the write-up has no paragraphs)."""
    if not write_up.paragraphs:
        return write_up.one_liner.text if write_up.one_liner else ""
    return "\n\n".join(" ".join(s.text for s in paragraph) for paragraph in write_up.paragraphs)


def story_record(write_up: StoryWriteUp) -> dict[str, Any]:
    """A write-up as one output line: id, headline, summary (plain text), sources (URLs),
    and its sentences one by one (`sentence_record`)."""
    sentences = [s for paragraph in write_up.paragraphs for s in paragraph]
    if not write_up.paragraphs and write_up.one_liner:
        sentences = [write_up.one_liner]
    return {
        "id": write_up.story_id,
        "headline": write_up.headline,
        "summary": write_up_text(write_up),
        "sources": cited_urls(write_up),
        "sentences": [sentence_record(sentence) for sentence in sentences],
    }


def sentence_record(sentence: Sentence) -> dict[str, str | None]:
    """One sentence as machine-readable copy: its text, the URL of the article it comes
    from, the kind of that article ("report" or "opinion") and its day (ISO, or None)."""
    published = sentence.citation.published
    return {
        "text": sentence.text,
        "url": sentence.citation.url,
        "kind": sentence.kind,
        "date": published.date().isoformat() if published else None,
    }

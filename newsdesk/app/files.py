"""Story-set files, without the store: write up each story of a file as a desk would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from newsdesk.config import Settings
from newsdesk.desks.config import find_desk
from newsdesk.text.understand import embedder_named
from newsdesk.write.files import read_story_file, story_record
from newsdesk.write.generative import writer_for
from newsdesk.write.summarize import ExtractiveWriter, Writer

__all__ = ["write_story_file"]


def write_story_file(settings: Settings, path: Path, *, desk: str | None,
                     language: str | None, paragraphs: int,
                     warn: Callable[[str], None]) -> Iterator[dict]:
    """Each story of a JSON-lines file written up (its record: id, headline, summary,
    sources), in `language` (default: the desk's, else en), by the desk's writer when a
    desk is named (else extractively); `warn` hears of lines that are skipped."""
    embedder = embedder_named(settings.embedder)
    writer: Writer = ExtractiveWriter(embedder=embedder)
    if desk is not None:
        chosen = find_desk(desk, settings.home, settings.desks)
        writer = writer_for(chosen, settings.home, embedder)
        language = language or chosen.language
    language = language or "en"
    for story in read_story_file(path, warn=warn):
        write_up = writer.write(story.id, story.articles, language=language,
                                paragraphs=paragraphs)
        yield story_record(write_up)

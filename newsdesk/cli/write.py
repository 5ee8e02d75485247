"""Write-up commands: `write-file` writes up the stories of a JSON-lines file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.context import require_file
from newsdesk.config import load_settings
from newsdesk.desks.config import find_desk
from newsdesk.text.understand import embedder_named
from newsdesk.write.files import read_story_file, story_record
from newsdesk.write.generative import writer_for
from newsdesk.write.summarize import ExtractiveWriter, Writer


def register(app: typer.Typer) -> None:
    """Add the write-up commands to the app."""

    @app.command("write-file")
    def write_file(
        path: Annotated[Path, typer.Argument(help="Stories, one JSON object per line.")],
        language: Annotated[str | None, typer.Option(
            help="The output language \\[default: the desk's, else en].")] = None,
        paragraphs: Annotated[int, typer.Option(min=1, max=4, help="Paragraphs per story.")] = 2,
        desk: Annotated[str | None, typer.Option(
            help="Write as this desk does (its \\[writer] and language); default: extractive."
        )] = None,
    ) -> None:
        """Write up each story of IN.jsonl; print one JSON line per story
        (id, headline, summary, sources) without touching the store."""
        require_file(path)
        settings = load_settings()
        embedder = embedder_named(settings.embedder)
        writer: Writer = ExtractiveWriter(embedder=embedder)
        if desk is not None:
            chosen = find_desk(desk, settings.home)
            writer = writer_for(chosen, settings.home, embedder)
            language = language or chosen.language
        language = language or "en"
        for story in read_story_file(path, warn=_warn):
            write_up = writer.write(story.id, story.articles, language=language,
                                    paragraphs=paragraphs)
            typer.echo(json.dumps(story_record(write_up), ensure_ascii=False))


def _warn(message: str) -> None:
    """A warning on stderr that does not stop the run."""
    typer.echo(f"newsdesk: warning: {message}", err=True)

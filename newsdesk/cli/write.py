"""Write-up commands: `write-file` writes up the stories of a JSON-lines file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.context import require_file


def register(app: typer.Typer) -> None:
    """Add the write-up commands to the app."""

    @app.command("write-file")
    def write_file(
        path: Annotated[Path, typer.Argument(help="Stories, one JSON object per line.")],
        language: Annotated[str | None, typer.Option(
            help="The output language [default: the desk's, else en].")] = None,
        paragraphs: Annotated[int, typer.Option(min=1, max=4, help="Paragraphs per story.")] = 2,
        desk: Annotated[str | None, typer.Option(
            help="Write as this desk does (its [writer] and language); default: extractive."
        )] = None,
    ) -> None:
        """Write up each story of IN.jsonl; print one JSON line per story
        (id, headline, summary, sources) without touching the store."""
        from newsdesk.app.files import write_story_file
        from newsdesk.config import load_settings

        require_file(path)
        records = write_story_file(load_settings(), path, desk=desk, language=language,
                                   paragraphs=paragraphs, warn=_warn)
        for record in records:
            typer.echo(json.dumps(record, ensure_ascii=False))


def _warn(message: str) -> None:
    """A warning on stderr that does not stop the run."""
    typer.echo(f"newsdesk: warning: {message}", err=True)

"""`newsdesk show` and `newsdesk edit`: an editor reads a draft, edits it, and sees its history.

`show` prints an edition as the Markdown that would be published (or its JSON, or the list
of its versions). `edit` opens the edition's JSON in $VISUAL/$EDITOR (or reads an edited
file with --file) and saves the result as the edition's next version; a file that is not a
valid edit is refused with one line and nothing is saved.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import typer
from rich.table import Table

from newsdesk.cli.context import console, opened_store, print_json
from newsdesk.errors import NewsdeskError
from newsdesk.publish.markdown import render_markdown
from newsdesk.store.articles import iso_utc
from newsdesk.write.editions import (
    edit_edition,
    edition_from_json,
    edition_to_json,
    edition_versions,
    ensure_editable,
    get_edition,
)


def read_edited(text: str, source: str) -> dict:
    """The edited edition's JSON object, or a one-line error naming where it came from."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NewsdeskError(f"{source} is not valid JSON: line {exc.lineno}: {exc.msg}; "
                            "nothing was saved") from None
    if not isinstance(data, dict):
        raise NewsdeskError(f"{source} must hold one JSON object (an edition); nothing was saved")
    return data


def edit_in_editor(text: str) -> str:
    """`text` after the user's $VISUAL/$EDITOR (else vi) edited it in a temporary .json file.

    The editor command runs through the shell, as git runs it, so it may carry arguments.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="newsdesk-edit-") as folder:
        path = Path(folder) / "edition.json"
        path.write_text(text, encoding="utf-8")
        try:
            result = subprocess.run(["sh", "-c", f'{editor} "$@"', editor, str(path)],
                                    check=False)
        except OSError as exc:
            raise NewsdeskError(f"could not start the editor {editor!r}: {exc}") from None
        if result.returncode != 0:
            raise NewsdeskError(f"the editor {editor!r} exited with status "
                                f"{result.returncode}; nothing was saved")
        return path.read_text(encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add the review commands to the app."""

    @app.command()
    def show(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        version: int | None = typer.Option(None, "--version", min=1,
                                           help="An earlier version (default: the latest)."),
        as_json: bool = typer.Option(False, "--json", help="Print the edition's JSON."),
        versions: bool = typer.Option(False, "--versions", help="List the saved versions."),
    ) -> None:
        """Print an edition as Markdown (or JSON), to review it before approving."""
        with opened_store() as (_, store), store.session() as session:
            if versions:
                rows = [{"version": v.version, "origin": v.origin,
                         "saved": iso_utc(v.created_at), "title": v.content.get("title")}
                        for v in edition_versions(session, edition)]
            else:
                _, chosen = get_edition(session, edition, version)
        if versions:
            if as_json:
                print_json(rows)
                return
            table = Table("version", "origin", "saved", "title")
            for row in rows:
                table.add_row(str(row["version"]), row["origin"], row["saved"][:16],
                              row["title"] or "")
            console.print(table)
        elif as_json:
            print_json(edition_to_json(chosen))
        else:
            typer.echo(render_markdown(chosen), nl=False)

    @app.command()
    def edit(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        file: Path | None = typer.Option(
            None, "--file", "-f", exists=True, dir_okay=False,
            help="Read the edited JSON from this file instead of opening an editor.",
        ),
    ) -> None:
        """Edit a draft or approved edition (its JSON) and save it as a new version."""
        with opened_store() as (_, store):
            with store.session() as session:
                record, current = get_edition(session, edition)
                ensure_editable(record)
            if file is not None:
                data = read_edited(file.read_text(encoding="utf-8"), str(file))
            else:
                original = json.dumps(edition_to_json(current), ensure_ascii=False, indent=2)
                text = edit_in_editor(original + "\n")
                if text.strip() == original.strip():
                    console.print(f"no changes: edition {edition} stays at version "
                                  f"{current.version}")
                    return
                data = read_edited(text, "the edited text")
            edited = edition_from_json(data)
            with store.session() as session:
                record = edit_edition(session, edition, edited)
                saved = (record.id, record.version)
        console.print(f"saved edition {saved[0]} as version {saved[1]} (draft: approve it "
                      "before publishing if its desk asks for review)")

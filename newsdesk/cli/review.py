"""`newsdesk show` and `newsdesk edit`: an editor reads a draft, edits it, and sees its history.

`show` prints an edition as the Markdown that would be published (or its JSON, or the list
of its versions). `edit` opens the edition's JSON in $VISUAL/$EDITOR (or reads an edited
file with --file) and saves the result as the edition's next version. An edit that is not
valid goes back to the editor with the reason on top (a file given with --file is refused
with one line); nothing is saved until an edit is valid.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from newsdesk.cli.context import console, opened_store, print_json, read_text_file
from newsdesk.errors import NewsdeskError
from newsdesk.limits import MAX_INTEGER

T = TypeVar("T")


NOTE = "//"  # a line of newsdesk's notes above the edited JSON, stripped before reading


def read_edited(text: str, source: str) -> dict:
    """The edited edition's JSON object, or a one-line error naming where it came from.

    Lines starting with `//` above the JSON (newsdesk's notes to the editor) are ignored."""
    try:
        data = json.loads(without_notes(text))
    except json.JSONDecodeError as exc:
        raise NewsdeskError(f"{source} is not valid JSON: line {exc.lineno}: {exc.msg}; "
                            "nothing was saved") from None
    except RecursionError:
        raise NewsdeskError(f"{source} is not valid JSON: nested too deeply; "
                            "nothing was saved") from None
    if not isinstance(data, dict):
        raise NewsdeskError(f"{source} must hold one JSON object (an edition); nothing was saved")
    return data


def without_notes(text: str) -> str:
    """The text without the `//` note lines at its top (kept as blank lines, so the JSON
    reader's line numbers still match what the editor shows)."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not line.lstrip().startswith(NOTE):
            break
        lines[number] = ""
    return "\n".join(lines)


def with_error_note(text: str, error: str) -> str:
    """The edited text with the error that refused it on top, replacing earlier notes."""
    return (f"{NOTE} newsdesk: {error}\n"
            f"{NOTE} Fix it and save to try again; save it unchanged to give up (the file "
            "is kept).\n" + without_notes(text).lstrip("\n"))


def run_editor(path: Path) -> None:
    """Open `path` in the user's $VISUAL/$EDITOR (else vi); an error if it fails.

    The editor command runs through the shell, as git runs it, so it may carry arguments.
    """
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        result = subprocess.run(["sh", "-c", f'{editor} "$@"', editor, str(path)], check=False)
    except OSError as exc:
        raise NewsdeskError(f"could not start the editor {editor!r}: {exc}") from None
    if result.returncode != 0:
        raise NewsdeskError(f"the editor {editor!r} exited with status {result.returncode}")


def edit_in_editor(text: str, save: Callable[[str], T]) -> T | None:
    """Let the user edit `text` in their editor and `save` the result; None if unchanged.

    An edit that `save` refuses (bad JSON, an edit that breaks a rule) goes back to the
    editor with the reason on top; one saved again unchanged, or an editor that fails, ends
    the edit with a one-line error naming the file that keeps the user's text."""
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-edit-"))
    path = folder / "edition.json"
    shown = text
    while True:
        path.write_text(shown, encoding="utf-8")
        try:
            run_editor(path)
        except NewsdeskError as exc:
            raise NewsdeskError(f"{exc}; nothing was saved, your text is kept in {path}") \
                from None
        edited = path.read_text(encoding="utf-8")
        if without_notes(edited).strip() == text.strip():
            shutil.rmtree(folder, ignore_errors=True)
            return None
        try:
            saved = save(edited)
        except NewsdeskError as exc:
            if edited == shown and shown != text:
                raise NewsdeskError(f"{exc}; your edit is kept in {path}") from None
            shown = with_error_note(edited, str(exc))
            continue
        shutil.rmtree(folder, ignore_errors=True)
        return saved


def register(app: typer.Typer) -> None:
    """Add the review commands to the app."""

    @app.command()
    def show(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        version: int | None = typer.Option(None, "--version", min=1, max=MAX_INTEGER,
                                           help="An earlier version (default: the latest)."),
        as_json: bool = typer.Option(False, "--json", help="Print the edition's JSON."),
        versions: bool = typer.Option(False, "--versions", help="List the saved versions."),
    ) -> None:
        """Print an edition as Markdown (or JSON), to review it before approving."""
        from rich.table import Table

        from newsdesk.app.review import edition_history, read_edition
        from newsdesk.publish.markdown import render_markdown
        from newsdesk.write.editions import edition_to_json

        with opened_store() as (_, store):
            if versions:
                rows = edition_history(store, edition)
            else:
                chosen = read_edition(store, edition, version)
        if versions:
            if as_json:
                print_json(rows)
                return
            table = Table("version", "origin", "saved", "title")
            for row in rows:
                table.add_row(str(row["version"]), row["origin"], row["saved"][:16],
                              row["title"] or "")
            console().print(table)
        elif as_json:
            print_json(edition_to_json(chosen))
        else:
            typer.echo(render_markdown(chosen), nl=False)

    @app.command()
    def edit(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        file: Path | None = typer.Option(
            None, "--file", "-f",
            help="Read the edited JSON from this file instead of opening an editor.",
        ),
    ) -> None:
        """Edit a draft or approved edition (its JSON) and save it as a new version."""
        from newsdesk.app.review import editable_edition, save_edit
        from newsdesk.write.editions import edition_to_json

        file_text = None if file is None else read_text_file(file)
        with opened_store() as (_, store):
            current = editable_edition(store, edition)

            def save(text: str, source: str) -> tuple[str, int]:
                return save_edit(store, edition, read_edited(text, source))

            if file_text is not None:
                saved = save(file_text, str(file))
            else:
                original = json.dumps(edition_to_json(current), ensure_ascii=False, indent=2)
                saved = edit_in_editor(original + "\n",
                                       lambda text: save(text, "the edited text"))
                if saved is None:
                    console().print(f"no changes: edition {edition} stays at version "
                                  f"{current.version}")
                    return
        console().print(f"saved edition {saved[0]} as version {saved[1]} (draft: approve it "
                      "before publishing if its desk asks for review)")

"""`newsdesk source ...`: add, list, remove, pause, resume, import and export sources."""

from __future__ import annotations

from pathlib import Path

import typer

from newsdesk.cli.context import console, opened_store, print_json, require_file
from newsdesk.errors import NewsdeskError

source_app = typer.Typer(help="Manage the feeds newsdesk polls.", no_args_is_help=True)


@source_app.command("add")
def add(
    url: str = typer.Argument(..., help="A feed URL, or a site URL whose page links to its feed."),
    folder: str | None = typer.Option(None, help="Folder (category) to file the source under."),
    no_check: bool = typer.Option(False, "--no-check", help="Add without fetching it first."),
) -> None:
    """Subscribe to a feed (discovering it from a site's page when needed)."""
    from newsdesk.app.subscriptions import add_source

    with opened_store() as (settings, store):
        sub = add_source(settings, store, url, folder=folder, check=not no_check)
    found = f" (discovered from {sub.discovered_from})" if sub.discovered_from else ""
    verb = "added" if sub.created else "already subscribed:"
    console().print(f"{verb} {sub.url}{found} as source {sub.source_id}")


@source_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print a JSON array.")) -> None:
    """List sources with their health: last fetch, status, last error, articles, next due."""
    from rich.markup import escape
    from rich.table import Table

    from newsdesk.app.sources import source_health

    with opened_store() as (_, store):
        health = source_health(store)
    if as_json:
        print_json([h.as_json() for h in health])
        return
    table = Table("id", "status", "articles", "last fetch", "next due", "url / last error")
    for h in health:
        detail = h.url + (f"\n[red]{escape(h.last_error)}[/red]" if h.last_error else "")
        detail += f"\n[yellow]{escape(h.last_warning)}[/yellow]" if h.last_warning else ""
        table.add_row(
            str(h.id),
            h.status,
            str(h.article_count),
            _short_time(h.last_fetched_at),
            _short_time(h.next_due_at),
            detail,
        )
    console().print(table)


def _short_time(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"  # type: ignore[attr-defined]


@source_app.command("remove")
def remove(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Remove a source and its articles."""
    from newsdesk.app.sources import remove_source

    with opened_store() as (_, store):
        url = remove_source(store, ref)
    console().print(f"removed {url}")


@source_app.command("pause")
def pause(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Stop fetching a source (its articles stay)."""
    _set_paused(ref, True)


@source_app.command("resume")
def resume(ref: str = typer.Argument(..., help="Source id or URL.")) -> None:
    """Fetch a paused source again."""
    _set_paused(ref, False)


def _set_paused(ref: str, paused: bool) -> None:
    from newsdesk.app.sources import set_paused

    with opened_store() as (_, store):
        url = set_paused(store, ref, paused)
    console().print(f"{'paused' if paused else 'resumed'} {url}")


@source_app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="OPML files."),
    as_json: bool = typer.Option(False, "--json", help="Print the per-file report as JSON."),
) -> None:
    """Subscribe to the feeds of OPML files (read leniently), with a report per file."""
    from newsdesk.app.subscriptions import import_opml_files

    for path in paths:
        require_file(path)
    with opened_store() as (settings, store):
        reports = import_opml_files(settings, store, paths)
    if as_json:
        print_json([r.__dict__ for r in reports])
        return
    for r in reports:
        note = "" if r.well_formed else " (not well-formed XML, read leniently)"
        console().print(f"{r.path}: {r.read} feeds read, {r.added} added, {r.already} known{note}")
        for problem in r.problems[:5]:
            console().print(f"  - {problem}")


@source_app.command("export")
def export(
    output: Path | None = typer.Option(
        None, "-o", "--output", help="File to write (default stdout)."
    ),
) -> None:
    """Export the sources as OPML 2.0 (folders as nested outlines)."""
    from newsdesk.app.subscriptions import export_sources

    with opened_store() as (_, store):
        data = export_sources(store)
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise NewsdeskError(f"cannot write {output}: {exc.strerror or exc}") from None


def register(app: typer.Typer) -> None:
    """Add `newsdesk source ...` to the app."""
    app.add_typer(source_app, name="source")

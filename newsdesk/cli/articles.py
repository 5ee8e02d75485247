"""`newsdesk articles list|show` and `newsdesk stats`."""

from __future__ import annotations

import typer

from newsdesk.cli.context import console, opened_store, print_json
from newsdesk.errors import NewsdeskError
from newsdesk.limits import MAX_INTEGER

articles_app = typer.Typer(help="Read stored articles.", no_args_is_help=True)


@articles_app.command("list")
def list_(
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=MAX_INTEGER,
                              help="How many, newest first."),
    source: str | None = typer.Option(None, help="Only this source (id or URL)."),
    language: str | None = typer.Option(None, "--lang", help="Only this language, e.g. zh."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
) -> None:
    """List stored articles, newest first."""
    from rich.table import Table

    from newsdesk.app.articles import article_rows

    with opened_store() as (_, store):
        rows = article_rows(store, limit=limit, source=source, language=language)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "published", "lang", "title", "source")
    for row in rows:
        table.add_row(
            str(row["id"]),
            (row["published"] or "-")[:16],
            row["language"] or "-",
            row["title"] or "(untitled)",
            row["source_title"] or row["source_url"],
        )
    console().print(table)


@articles_app.command("show")
def show(
    article_id: str = typer.Argument(..., help="Article id."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one article with its text."""
    from newsdesk.app.articles import read_article

    if not article_id.isdigit():
        raise NewsdeskError(f"article id must be a number, got {article_id!r}")
    with opened_store() as (_, store):
        data = read_article(store, int(article_id))
    if as_json:
        print_json(data)
        return
    console().print(f"[bold]{data['title'] or '(untitled)'}[/bold]")
    console().print(
        f"{data['url']}\n{data['published'] or 'undated'} · {data['language'] or '?'}"
        f" · {data['source_title'] or data['source_url']} · text from {data['text_origin']}"
    )
    console().print()
    console().print(data["text"] or "(no text)", markup=False)


def register(app: typer.Typer) -> None:
    """Add `articles` and `stats` to the app."""
    app.add_typer(articles_app, name="articles")

    @app.command()
    def stats(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """Counts of sources, articles and fetches; the workers, queue depth and lag."""
        from newsdesk.app.stats import house_stats

        with opened_store() as (_, store):
            data = house_stats(store)
        if as_json:
            print_json([{"name": key, "value": value} for key, value in data.items()])
            return
        for key, value in data.items():
            if key != "workers":
                console().print(f"{key}: {value}")
        for row in data["workers"]:
            console().print(f"worker {row['id']}: {row['state']}, heartbeat {row['heartbeat']} "
                          f"({row['heartbeat_age_s']}s ago), {row['step']}", markup=False)

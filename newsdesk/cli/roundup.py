"""`newsdesk stories`, `cluster`, `roundup`, `approve`, `publish` and `editions`: from
stories to editions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import typer

from newsdesk.cli.context import console, err_console, opened_store, print_json
from newsdesk.errors import NewsdeskError
from newsdesk.limits import MAX_INTEGER


def parse_until(text: str) -> datetime:
    """`--until`: a date (the end of that day, UTC) or an ISO 8601 time (naive means UTC).

    A time after the end of today (UTC) is refused: a window cannot end in the future."""
    from newsdesk.clock import utcnow

    value = text.strip()
    try:
        if len(value) == len("YYYY-MM-DD"):
            moment = datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(value)
    except ValueError:
        raise NewsdeskError(f"--until {text!r} is not a date or time "
                            "(use e.g. 2026-03-09 or 2026-03-09T18:00Z)") from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if moment.date() > utcnow().date():
        raise NewsdeskError(f"--until {text!r} is in the future: a window ends today at the "
                            "latest")
    return moment


def register(app: typer.Typer) -> None:
    """Add the story and edition commands to the app."""

    @app.command()
    def stories(
        desk: str | None = typer.Option(None, help="Rank the stories for this desk."),
        explain_: bool = typer.Option(False, "--explain", help="Show each signal's share."),
        limit: int = typer.Option(30, "--limit", "-n", min=1, max=MAX_INTEGER),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    ) -> None:
        """List stored stories (or a desk's ranking of them, with --desk)."""
        from newsdesk.app import editions as editions_app
        from newsdesk.app.stories import desk_ranking, latest_stories

        with opened_store() as (settings, store):
            if desk or explain_:
                chosen = editions_app.load_desk(settings, desk)
                rows = desk_ranking(settings, store, chosen)[:limit]
            else:
                language = editions_app.load_desk(settings, None).language
                rows = latest_stories(store, limit, language)
        if as_json or explain_:
            print_json(rows)
            return
        _print_stories(rows, ranked=bool(desk))

    @app.command()
    def cluster(quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing.")) -> None:
        """De-duplicate new articles and group them into stories."""
        from newsdesk.app.stories import cluster as cluster_job
        from newsdesk.cli.printer import listener

        with opened_store() as (settings, store):
            cluster_job(settings, store, listener(quiet))

    @app.command()
    def roundup(
        desk: str | None = typer.Option(None, help="Desk name (default: the configured desk)."),
        since: str | None = typer.Option(None, help="Window to cover, e.g. 7d, 36h, 2w."),
        until: str | None = typer.Option(
            None, help="End the window here: a date (its end, UTC) or an ISO time "
                       "(default: now)."),
    ) -> None:
        """Make a draft edition of a desk from its ranked stories."""
        from newsdesk.app import editions as editions_app
        from newsdesk.cli.printer import Printer

        window_end = parse_until(until) if until else None
        with opened_store() as (settings, store):
            chosen = editions_app.load_desk(settings, desk, since)
            editions_app.roundup(settings, store, chosen, Printer(), window_end=window_end)

    @app.command("approve")
    def approve_(edition: str = typer.Argument(..., help="Edition id.")) -> None:
        """Approve a draft edition (an editor's sign-off)."""
        from newsdesk.app import editions as editions_app

        with opened_store() as (settings, store):
            editions_app.approve(settings, store, edition)
        console().print(f"approved {edition}")

    @app.command()
    def publish(
        edition: str = typer.Argument(..., help="Edition id (see `newsdesk editions`)."),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Change nothing: write what would be published (site, "
            "feed, Markdown, .eml) to a preview folder and print its path."
        ),
    ) -> None:
        """Publish an edition once: Markdown, the static site and its feed, e-mail."""
        from newsdesk.app import editions as editions_app
        from newsdesk.cli.printer import report_published
        from newsdesk.publish.claim import AlreadyPublished

        with opened_store() as (settings, store):
            try:
                report = editions_app.publish(settings, store, edition, dry_run=dry_run)
            except AlreadyPublished as done:
                console().print(str(done))
                return
            report_published(report)

    @app.command()
    def editions(
        desk: str | None = typer.Option(None, help="Only this desk."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON array."),
    ) -> None:
        """List editions with their status and version."""
        from rich.table import Table

        from newsdesk.app.review import edition_rows

        with opened_store() as (_, store):
            rows = edition_rows(store, desk)
        if as_json:
            print_json(rows)
            return
        table = Table("id", "status", "version", "created", "title")
        for row in rows:
            table.add_row(
                row["id"], row["status"], str(row["version"]), row["created"][:16], row["title"]
            )
        console().print(table)


def _print_stories(rows: list[dict], *, ranked: bool) -> None:
    from rich.table import Table

    if not rows:
        err_console().print("no stories yet: run `newsdesk run` (or fetch, then cluster)")
        return
    if ranked:
        table = Table("score", "story", "title", "excluded")
        for row in rows:
            table.add_row(
                f"{row['score']:.2f}", row["story_id"], row["title"] or "", row["excluded"] or ""
            )
    else:
        table = Table("story", "size", "outlets", "langs", "last seen", "title", "terms")
        for row in rows:
            table.add_row(
                row["id"],
                str(row["size"]),
                str(row["outlets"]),
                ",".join(row["languages"]),
                (row["last_seen"] or "-")[:16],
                row["title"] or "",
                " ".join(row["top_terms"][:5]),
            )
    console().print(table)

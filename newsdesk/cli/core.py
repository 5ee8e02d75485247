"""Core commands: `version`, `init` and the main job `run`."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path

import typer

from newsdesk import __version__
from newsdesk.cli.context import console, opened_store
from newsdesk.cli.ingest import run_fetch
from newsdesk.cli.roundup import (
    load_desk,
    make_due_roundup,
    parse_until,
    report_published,
    run_clustering,
    subscribe_desk_sources,
)
from newsdesk.config import CONFIG_FILE, Settings
from newsdesk.desks.config import Desk
from newsdesk.ingest.subscriptions.subscribe import import_opml
from newsdesk.publish.outputs import check_email_settings, publish_edition
from newsdesk.store import Source, Store

DEFAULT_CONFIG = """\
# newsdesk settings. Environment variables override these:
# NEWSDESK_HOME, NEWSDESK_DATABASE_URL, NEWSDESK_ALLOWED_NETWORKS.

# database_url = "postgresql+psycopg://newsdesk@127.0.0.1/newsdesk"
# allowed_networks = ["10.0.0.0/8"]   # intranet feeds that may be fetched
desk = "china-tech"

[fetch]
max_connections = 16
per_host = 2
interval_minutes = 60
full_text = true
"""


def default_desk_opml(name: str) -> Path:
    """The OPML source list shipped with the package for a built-in desk."""
    return Path(str(resources.files("newsdesk.desks").joinpath(f"{name}.opml")))


def initialise(settings: Settings, store: Store, *, with_sources: bool = True) -> int:
    """Write a default config file and subscribe to the default desk's sources once.

    Returns how many sources were added (0 when the store already had sources).
    """
    config = settings.home / CONFIG_FILE
    if not config.exists():
        config.write_text(DEFAULT_CONFIG, encoding="utf-8")
    with store.session() as session:
        has_sources = session.query(Source.id).first() is not None
    if not with_sources or has_sources:
        return 0
    return import_opml(store, default_desk_opml(settings.default_desk)).added


def register(app: typer.Typer) -> None:
    """Add the core commands to the app."""

    @app.command()
    def version() -> None:
        """Print the newsdesk version."""
        typer.echo(__version__)

    @app.command()
    def init(
        no_sources: bool = typer.Option(
            False, "--no-sources", help="Do not subscribe to the default desk's sources."
        ),
    ) -> None:
        """Create the data directory, config file and database (idempotent)."""
        with opened_store() as (settings, store):
            added = initialise(settings, store, with_sources=not no_sources)
        console.print(f"data directory: {settings.home}")
        console.print(f"database: {store.engine.url.render_as_string(hide_password=True)}")
        if added:
            console.print(f"subscribed to {added} sources of the {settings.default_desk} desk")

    @app.command()
    def run(
        desk: str | None = typer.Option(None, help="Desk name (default: the configured desk)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing (for cron)."),
        no_fetch: bool = typer.Option(False, "--no-fetch", help="Work on what is stored."),
        force: bool = typer.Option(False, "--force", help="Make an edition even if the "
                                   "desk's cadence says the next one is not due yet."),
        until: str | None = typer.Option(
            None, help="End the edition's window here: a date (its end, UTC) or an ISO "
                       "time (default: now)."),
    ) -> None:
        """The main job: fetch, cluster, rank, write, compose, and publish (or leave a draft).

        An edition is made only when the desk's cadence says one is due (--force: anyway)."""
        window_end = parse_until(until) if until else None
        with opened_store() as (settings, store):
            initialise(settings, store, with_sources=False)
            chosen = load_desk(settings, desk)
            if not chosen.review.required:  # it will publish: refuse bad e-mail settings now
                check_email_settings(chosen)
            subscribe_desk_sources(settings, store, chosen, quiet=quiet)
            if not no_fetch:
                run_fetch(settings, store, quiet=quiet)
            run_clustering(settings, store, quiet=quiet)
            make_edition(settings, store, chosen, window_end=window_end, force=force,
                         quiet=quiet)


def make_edition(settings: Settings, store: Store, desk: Desk, *, quiet: bool,
                 window_end: datetime | None = None, force: bool = False) -> str:
    """Make the desk's edition if its cadence says it is due (or `force`) and publish it
    unless it needs review; returns one line saying what it did."""
    edition = make_due_roundup(settings, store, desk, window_end=window_end, force=force,
                               quiet=quiet)
    if edition is None:
        return "no edition due yet"
    if edition.is_empty:
        return f"edition {edition.id}: no stories met the bar"
    if desk.review.required:
        if not quiet:
            console.print(f"left as a draft for review: newsdesk show {edition.id} "
                          "(or newsdesk serve, in a browser), then "
                          f"newsdesk approve {edition.id}")
        return f"edition {edition.id} left as a draft for review"
    report = publish_edition(store, settings, desk, edition.id)
    if not quiet:
        report_published(report)
    return f"published {report.edition_id}"

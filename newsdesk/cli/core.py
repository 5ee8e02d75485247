"""Core commands: `version`, `init` and the main job `run`."""

from __future__ import annotations

import typer

from newsdesk import __version__


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
        from newsdesk.app.run import initialise
        from newsdesk.cli.context import console, opened_store

        with opened_store() as (settings, store):
            added = initialise(settings, store, with_sources=not no_sources)
        console().print(f"data directory: {settings.home}")
        console().print(f"database: {store.engine.url.render_as_string(hide_password=True)}")
        if added:
            console().print(f"subscribed to {added} sources of the {settings.default_desk} desk")

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
        from newsdesk.app.run import RunOptions
        from newsdesk.app.run import run as run_main_job
        from newsdesk.cli.context import opened_store
        from newsdesk.cli.printer import listener
        from newsdesk.cli.roundup import parse_until

        options = RunOptions(desk=desk, fetch=not no_fetch, force=force,
                             window_end=parse_until(until) if until else None)
        with opened_store() as (settings, store):
            run_main_job(settings, store, options, listener(quiet))

"""`newsdesk worker`: the always-on process that keeps the desks fresh."""

from __future__ import annotations

import typer

from newsdesk.cli.context import opened_store


def log_to_stderr() -> None:
    """One timestamped line per worker step on stderr (journald keeps it under systemd)."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("newsdesk").setLevel(logging.INFO)  # libraries' chatter stays out


def register(app: typer.Typer) -> None:
    """Add the `worker` command to the app."""

    @app.command()
    def worker(
        desk: list[str] = typer.Option(
            None, "--desk", help="Make this desk's editions (repeatable; default: the "
                                 "configured desk)."),
        no_editions: bool = typer.Option(
            False, "--no-editions", help="Fetch and cluster only; make no editions."),
        batch: int = typer.Option(
            0, "--batch", min=0, max=10_000,
            help="Sources leased per fetch unit (0: twice the fetch connections)."),
        once: bool = typer.Option(False, "--once", help="Stop when nothing is left to do."),
        grace: float = typer.Option(
            3.0, "--grace", min=0.0, max=3600.0,
            help="Seconds a unit may finish after SIGTERM before it is abandoned."),
    ) -> None:
        """Run always: fetch each source when due, cluster, make editions when due.

        Several workers may share one PostgreSQL database; SQLite allows one.
        """
        from newsdesk.worker import WorkerOptions, run_worker

        log_to_stderr()
        options = WorkerOptions(desks=tuple(desk or ()), editions=not no_editions,
                                batch=batch, once=once)
        with opened_store() as (settings, store):
            run_worker(settings, store, options, grace=grace)

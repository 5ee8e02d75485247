"""Core commands: version and set-up."""

from __future__ import annotations

import typer

from newsdesk import __version__


def register(app: typer.Typer) -> None:
    """Add the core commands to the app."""

    @app.command()
    def version() -> None:
        """Print the newsdesk version."""
        typer.echo(__version__)

"""The `newsdesk` command line: a thin Typer app over the library stages.

Each area registers its commands from its own module (`register(app)`); this module only
assembles them and turns user errors into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys

import typer

from newsdesk.errors import NewsdeskError

app = typer.Typer(
    name="newsdesk",
    help="Turn news feeds into an editor-quality roundup.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """newsdesk: read, de-duplicate, group, rank and write up the news for an editor."""


def _register_commands() -> None:
    from newsdesk.cli import (
        articles,
        backfill,
        core,
        deskapp,
        ingest,
        review,
        roundup,
        sources,
        stories,
        worker,
        write,
    )

    for module in (core, sources, ingest, articles, backfill, roundup, review, deskapp,
                   stories, write, worker):
        module.register(app)


_register_commands()


def main() -> None:
    """Console entry point: run the app, reporting user errors without a traceback."""
    try:
        app()
    except NewsdeskError as exc:
        print(f"newsdesk: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        raise SystemExit(130) from None

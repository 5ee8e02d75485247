"""The `newsdesk` command line: a thin Typer app over the library stages.

Each area registers its commands from its own module (`register(app)`); this module only
assembles them and turns every error into one line on stderr and a non-zero exit: a
user's mistake says what to change, anything else is reported as a bug (the traceback is
shown with NEWSDESK_DEBUG=1).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import typer
from typer.exceptions import TyperException

from newsdesk.errors import NewsdeskError

DEBUG_VARIABLE = "NEWSDESK_DEBUG"

app = typer.Typer(
    name="newsdesk",
    help="Turn news feeds into an editor-quality roundup.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help: rendering it with rich doubles the start-up of `--help`. Lines
    # as wide as the terminal (up to 120), so each command's one-line help fits.
    rich_markup_mode=None,
    context_settings={"max_content_width": 120},
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


def main(args: list[str] | None = None) -> None:
    """Console entry point: run the app; every error ends as one line on stderr.

    User errors (NewsdeskError, Click's usage errors) exit 2. Anything else is a bug: one
    line naming it and exit 1, with the traceback when NEWSDESK_DEBUG is set."""
    try:
        code = app(args=args, prog_name="newsdesk", standalone_mode=False)
    except NewsdeskError as exc:
        _fail(f"error: {exc}", 2)
    except TyperException as exc:  # Click's usage errors, as Typer raises them
        _fail(f"error: {exc.format_message()}{_help_hint(exc)}", exc.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        _fail(f"internal error: {type(exc).__name__}: {str(exc)[:300]} (please report it; "
              f"re-run with {DEBUG_VARIABLE}=1 to see the traceback)", 1)
    raise SystemExit(code if isinstance(code, int) else 0)


def _help_hint(exc: TyperException) -> str:
    """Where to read the usage of the command a usage error is about."""
    context = getattr(exc, "ctx", None)
    return f" (see `{context.command_path} --help`)" if context is not None else ""


def _fail(message: str, code: int) -> NoReturn:
    """Print `newsdesk: MESSAGE` as one line on stderr and exit with `code`."""
    print(f"newsdesk: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(code) from None

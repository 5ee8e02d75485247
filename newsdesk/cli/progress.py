"""Progress bars for the long steps (fetch, full text, understand, cluster, write).

Drawn with rich on stderr, and only when stderr is a terminal: `--quiet`, cron jobs and
pipes get none, and stdout stays clean for what a command prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from newsdesk.cli.context import err_console

Advance = Callable[[int, int | None], None]


def shows_progress(quiet: bool) -> bool:
    """Whether progress is drawn: not quiet, and stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


def progress_bar(quiet: bool, *extra: TextColumn) -> Progress:
    """A rich Progress with a label, a bar, done/total and the elapsed time."""
    return Progress(
        TextColumn("{task.description:<11}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        *extra,
        console=err_console(),
        disable=not shows_progress(quiet),
    )


@contextmanager
def step(label: str, *, quiet: bool) -> Iterator[Advance]:
    """One step's bar; yields `advance(done, total)` to report how far it is (total may be
    None while unknown)."""
    with progress_bar(quiet) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        yield advance

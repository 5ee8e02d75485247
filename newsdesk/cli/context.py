"""What every command needs: the settings, an open store, and consistent output.

Imported by every command module at start, so it imports nothing heavy: the settings, the
store (and SQLAlchemy) load when a command opens it, rich's console when it first prints."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.errors import NewsdeskError

if TYPE_CHECKING:
    from rich.console import Console

    from newsdesk.config import Settings
    from newsdesk.store import Store


@cache
def console() -> Console:
    """The console a command prints its output to (stdout)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@cache
def err_console() -> Console:
    """The console for progress and notes (stderr)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def opened_store() -> Iterator[tuple[Settings, Store]]:
    """Load the settings and open (and migrate) the store for one command."""
    from newsdesk.config import load_settings
    from newsdesk.store import Store

    settings = load_settings()
    prepare_home(settings.home)
    store = Store.open(settings.database_url)
    try:
        yield settings, store
    finally:
        store.close()


def prepare_home(home: Path) -> None:
    """Create the data directory if needed; a one-line error when it cannot hold data."""
    from newsdesk.config import HOME_VARIABLE

    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsdeskError(f"cannot create the data directory {home}: "
                            f"{exc.strerror or exc} (set {HOME_VARIABLE} to a writable "
                            "folder)") from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise NewsdeskError(f"the data directory {home} is not writable (set "
                            f"{HOME_VARIABLE} to a writable folder)")


def require_file(path: Path) -> Path:
    """`path` when it is a regular file; a one-line error for a missing file, a folder or a
    device (reading /dev/zero would never end)."""
    if not path.exists():
        raise NewsdeskError(f"no such file: {path}")
    if not path.is_file():
        raise NewsdeskError(f"{path} is not a regular file")
    return path


def read_text_file(path: Path) -> str:
    """A regular file's text, which must be UTF-8; a one-line error otherwise."""
    try:
        return require_file(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NewsdeskError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise NewsdeskError(f"cannot read {path}: {exc.strerror or exc}") from None


def print_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, not ASCII-escaped), one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

"""What every command needs: the settings, an open store, and consistent output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console

from newsdesk.config import Settings, load_settings
from newsdesk.store import Store

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def opened_store() -> Iterator[tuple[Settings, Store]]:
    """Load the settings and open (and migrate) the store for one command."""
    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.database_url)
    try:
        yield settings, store
    finally:
        store.close()


def print_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, not ASCII-escaped), one document."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

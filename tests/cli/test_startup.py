"""The command line starts without the libraries its commands use (issue 18): importing it,
`newsdesk version` and any `--help` load no database layer, numeric library or HTTP client;
each command loads what it needs in its body."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "numpy", "httpx", "starlette", "newsdesk.store", "newsdesk.app")


def loaded_after(args: list[str] | None) -> list[str]:
    """The heavy modules loaded in a fresh interpreter after importing the command line
    and, when `args` is given, running it with them."""
    run = "" if args is None else (
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n")
    script = ("import sys\nfrom newsdesk.cli import main\n" + run +
              f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, check=True)
    return result.stdout.splitlines()[-1].split()[1:]


def test_importing_the_command_line_loads_none_of_them() -> None:
    assert loaded_after(None) == []


@pytest.mark.parametrize("args", [["version"], ["--help"], ["source", "list", "--help"],
                                  ["run", "--help"], ["serve", "--help"]])
def test_version_and_help_load_none_of_them(args: list[str]) -> None:
    assert loaded_after(args) == []


def test_a_command_that_reads_the_store_loads_it(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: a command that opens the store does load SQLAlchemy."""
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path))
    monkeypatch.delenv("NEWSDESK_DATABASE_URL", raising=False)
    assert "sqlalchemy" in loaded_after(["editions"])

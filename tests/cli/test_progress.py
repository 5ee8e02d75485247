"""Progress on the long steps: drawn on a terminal, never in a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_run import _write_desk, newsdesk, newsroom  # noqa: F401

STEPS = ("fetching", "full text", "understand", "cluster", "write")


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run newsdesk with stdout and stderr on a pseudo-terminal; its exit code and output."""
    main, child = pty.openpty()
    env = dict(os.environ, COLUMNS="120", TERM="xterm")
    process = subprocess.Popen([sys.executable, "-m", "newsdesk", *args], stdin=child,
                               stdout=child, stderr=child, env=env, close_fds=True)
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select.select([main], [], [], 1.0)
        if ready:
            try:
                data = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(main)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_run_shows_progress_on_a_terminal_for_every_long_step(
    database_url: str, newsroom: list[str], isolated_home: Path  # noqa: F811
) -> None:
    # The feeds carry teasers whose pages are missing: the full-text step runs too.
    _write_desk(isolated_home, "test", newsroom)
    code, output = _on_a_terminal("run", "--desk", "test")
    assert code == 0, output
    for label in STEPS:
        assert label in output, label
    assert "━" in output  # rich's bar


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_progress_in_a_pipe_or_with_quiet(
    database_url: str, newsroom: list[str], isolated_home: Path  # noqa: F811
) -> None:
    _write_desk(isolated_home, "test", newsroom)
    piped = newsdesk("run", "--desk", "test")
    assert piped.returncode == 0, piped.stderr
    assert "━" not in piped.stdout + piped.stderr
    assert not any(f"{label} " in piped.stderr for label in ("understand", "cluster", "write"))
    code, output = _on_a_terminal("run", "--desk", "test", "--quiet", "--force")
    assert code == 0, output
    assert output.strip() == ""

"""Run `newsdesk ARGS` inside the test process, seen as a subprocess would see it.

A `python -m newsdesk` subprocess pays for starting Python and importing the command line
(seconds on a loaded machine) before it does anything; most CLI tests only want a
command's output and exit status. `newsdesk()` calls the console entry point `main()` with
stdin empty and stdout/stderr captured, and returns the same CompletedProcess a subprocess
run gives. Tests about the process itself (signals, kills, start-up, a terminal, several
processes at once) keep running `python -m newsdesk` in a subprocess.

What a command may change in this process is put back afterwards: os.environ, the signal
handlers (the worker's stop signal installs some), the logging handlers (the worker
configures logging) and the current directory.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout

from newsdesk.cli import DEBUG_VARIABLE, main

SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGHUP)


def newsdesk(*args: str, env: Mapping[str, str | None] | None = None
             ) -> subprocess.CompletedProcess[str]:
    """Run `newsdesk ARGS` through main() in this process; its exit status and output.
    `env` sets (or, for None, unsets) environment variables for this run only."""
    out, err = _text_stream(), _text_stream()
    with _restored_process_state(), _stdin(_text_stream()), redirect_stdout(out), \
            redirect_stderr(err):
        for name, value in (env or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        code = _exit_status(list(args))
    return subprocess.CompletedProcess(["newsdesk", *args], code, _read(out), _read(err))


def _exit_status(args: list[str]) -> int:
    """main(args)'s exit status, as the process running it would end with."""
    try:
        main(args)
    except SystemExit as exited:
        if exited.code is None or isinstance(exited.code, int):
            return exited.code or 0
        print(exited.code, file=sys.stderr)
        return 1
    except Exception:  # main() lets a bug through only with NEWSDESK_DEBUG set
        if not os.environ.get(DEBUG_VARIABLE):
            raise
        traceback.print_exc()
        return 1
    return 0


def _text_stream() -> io.TextIOWrapper:
    """A UTF-8 text stream over bytes (commands may write to `.buffer`), not a terminal."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _read(stream: io.TextIOWrapper) -> str:
    """What was written, decoded as `subprocess.run(text=True)` would (universal newlines)."""
    stream.flush()
    data = stream.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]
    return data.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def _stdin(stream: io.TextIOWrapper) -> Iterator[None]:
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved


@contextmanager
def _restored_process_state() -> Iterator[None]:
    """Put back os.environ, signal handlers, root logging handlers and the directory."""
    environ, cwd = dict(os.environ), os.getcwd()
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    root = logging.getLogger()
    root_handlers, root_level = list(root.handlers), root.level
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        root.handlers[:] = root_handlers
        root.setLevel(root_level)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environ)

"""Atomic output: a reader (or a crash) sees the old file or site or the new one, never a mix.

Single files are written by ``newsdesk.output_files.write_atomic`` (a hidden temporary
sibling, fsynced and renamed into place).

A site is a directory tree, which no rename can replace atomically, so the published path
is a symbolic link: ``site -> .site.builds/<build>``. A build renders into a fresh
directory beside the live one; once it is complete a temporary link to it is renamed over
``site`` (``rename(2)`` replaces a link atomically). A SIGKILL at any moment leaves
``site`` pointing at a complete build; stale builds and links from a killed run are
removed by the next one. A lock file serialises concurrent builds of the same site.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.config import publish_fault_delay, publish_kill_point
from newsdesk.errors import NewsdeskError
from newsdesk.output_files import ensure_output_dir

_steps_reached: dict[str, int] = {}


def pause_for_fault_injection() -> None:
    """Sleep for the test-only delay in NEWSDESK_PUBLISH_FAULT_DELAY, if set."""
    delay = publish_fault_delay()
    if delay:
        time.sleep(delay)


def kill_point(step: str) -> None:
    """SIGKILL this process here if NEWSDESK_PUBLISH_KILL_AT names this step (test hook)."""
    wanted = publish_kill_point()
    if not wanted:
        return
    _steps_reached[step] = _steps_reached.get(step, 0) + 1
    if wanted in (step, f"{step}:{_steps_reached[step]}"):
        os.kill(os.getpid(), signal.SIGKILL)


def builds_dir(out_dir: Path) -> Path:
    """Where the builds behind the published ``out_dir`` link live."""
    return out_dir.parent / f".{out_dir.name}.builds"


def publish_tree(out_dir: Path, render: Callable[[Path], None]) -> Path:
    """Render a complete tree with ``render(build_dir)`` and switch ``out_dir`` to it atomically.

    Returns the build directory now published. On any error the previous site stays live
    and the partial build is removed.
    """
    out_dir = out_dir.absolute()
    ensure_output_dir(out_dir.parent)
    with _build_lock(out_dir):
        builds = builds_dir(out_dir)
        ensure_output_dir(builds)
        _adopt_plain_directory(out_dir, builds)
        _remove_stale_builds(out_dir, builds)
        build = builds / _new_build_name()
        try:
            build.mkdir()
            render(build)
            _switch_link(out_dir, build)
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        _remove_stale_builds(out_dir, builds)
        return build


def _new_build_name() -> str:
    """A sortable, unique build directory name."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}"


@contextlib.contextmanager
def _build_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock for this site while building; released even on SIGKILL."""
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    try:
        handle = open(lock_path, "a")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise NewsdeskError(f"cannot write to {out_dir.parent}: {exc.strerror or exc}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _adopt_plain_directory(out_dir: Path, builds: Path) -> None:
    """Turn a site published as a plain directory (by hand or an old version) into a build.

    This one-time migration has a brief moment without ``out_dir``; every later switch is
    atomic.
    """
    if out_dir.is_symlink() or not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise NewsdeskError(f"output path {out_dir} exists and is not a directory")
    adopted = builds / _new_build_name()
    try:
        os.rename(out_dir, adopted)
    except OSError as exc:
        raise NewsdeskError(f"cannot take over {out_dir}: {exc.strerror or exc}") from None
    _switch_link(out_dir, adopted)


def _switch_link(out_dir: Path, build: Path) -> None:
    """Point ``out_dir`` at ``build`` with one atomic rename of a fresh symbolic link."""
    pause_for_fault_injection()
    tmp_link = out_dir.parent / f".{out_dir.name}.link-{secrets.token_hex(4)}"
    target = os.path.relpath(build, out_dir.parent)
    try:
        os.symlink(target, tmp_link)
        pause_for_fault_injection()
        os.replace(tmp_link, out_dir)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_link)
        raise NewsdeskError(f"cannot publish to {out_dir}: {exc.strerror or exc}") from None
    pause_for_fault_injection()


def _remove_stale_builds(out_dir: Path, builds: Path) -> None:
    """Remove builds not currently published and temporary links left by a killed run."""
    live = out_dir.resolve() if out_dir.is_symlink() else None
    for entry in builds.iterdir():
        if entry.resolve() == live:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    for link in out_dir.parent.glob(f".{out_dir.name}.link-*"):
        with contextlib.suppress(OSError):
            link.unlink()

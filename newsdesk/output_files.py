"""Output files written whole or not at all, for every stage that writes one (editions,
feeds, mails, saved model answers): a reader or a crash sees the old file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from newsdesk.errors import NewsdeskError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is either complete or absent/unchanged.

    Raises NewsdeskError (one line) when the directory cannot be created or written.
    """
    ensure_output_dir(path.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise NewsdeskError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise NewsdeskError(f"cannot write {path}: {exc.strerror or exc}") from None


def ensure_output_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) or raise a one-line NewsdeskError."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsdeskError(f"cannot create output directory {directory}: "
                            f"{exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise NewsdeskError(f"output directory {directory} is not writable")

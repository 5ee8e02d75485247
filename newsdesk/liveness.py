"""Is a process on this machine still alive? (Claims and worker rows name their pid.)"""

from __future__ import annotations

import os


def process_alive(pid: int) -> bool:
    """True while process `pid` runs (a zombie, killed but not yet reaped, is dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except (OSError, IndexError):
        return True

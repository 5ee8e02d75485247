"""Stopping a worker cleanly: a stop request, and abandoning a unit that will not finish.

The first SIGTERM or SIGINT asks the worker to stop after its current unit of work. A unit
still running `grace` seconds later is abandoned (`Abandoned` is raised in it); so is one
running when a second signal comes. Abandoning is safe: every unit commits atomically, and
the work it leaves (leases, claims) expires or is released on the way out.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Abandoned(KeyboardInterrupt):  # noqa: N818 (not an error: a stop request carried out)
    """Raised inside a unit of work to abandon it because the worker must stop now.

    A KeyboardInterrupt, because asyncio (and other libraries) let only that and SystemExit
    through: any other exception raised in a transport callback is logged and swallowed.
    """


class StopSignal:
    """The stop request of one worker, set by signals (main thread) or by its owner."""

    def __init__(self, grace: float = 3.0, event: threading.Event | None = None) -> None:
        self.grace = grace
        self.event = event or threading.Event()
        self.in_unit = False
        self._installed = False

    @property
    def requested(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking at once when a stop is requested; True if requested."""
        return self.event.wait(max(seconds, 0.0))

    def install(self) -> None:
        """Handle SIGTERM and SIGINT (only possible in the main thread; a no-op elsewhere)."""
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGALRM, self._on_deadline)
        self._installed = True

    @contextmanager
    def unit(self) -> Iterator[None]:
        """Mark a unit of work: the span a stop request may cut short after the grace period."""
        self.in_unit = True
        try:
            yield
        finally:
            self.in_unit = False
            if self._installed:
                signal.setitimer(signal.ITIMER_REAL, 0)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.event.is_set() and self.in_unit:
            raise Abandoned(signal.Signals(signum).name)
        self.event.set()
        if self.in_unit:
            signal.setitimer(signal.ITIMER_REAL, self.grace)

    def _on_deadline(self, _signum: int, _frame: FrameType | None) -> None:
        if self.in_unit:
            raise Abandoned(f"still working {self.grace:g}s after the stop request")

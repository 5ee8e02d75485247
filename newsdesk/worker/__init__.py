"""The always-on worker: fetch due sources, cluster, make editions; several share one database.

`run_worker` runs one in this process until SIGTERM/SIGINT; `start_worker_thread` runs one
beside the desk app. See `newsdesk.worker.loop` for what a pass does.
"""

from __future__ import annotations

import gc
import threading

from newsdesk.config import Settings
from newsdesk.store import Store
from newsdesk.worker.coordination import new_worker_id, single_worker_guard
from newsdesk.worker.loop import Worker, WorkerOptions
from newsdesk.worker.stopping import StopSignal

__all__ = ["WorkerOptions", "run_worker", "start_worker_thread"]


def run_worker(settings: Settings, store: Store, options: WorkerOptions, *,
               grace: float = 3.0) -> None:
    """Run a worker in this process (main thread) until a signal stops it."""
    guard = single_worker_guard(store)
    # Everything imported so far lives as long as the process: keep it out of the garbage
    # collector's way, or collecting it at exit alone can take seconds on a busy machine.
    gc.freeze()
    try:
        stop = StopSignal(grace)
        stop.install()
        Worker(settings, store, new_worker_id(), options, stop).run()
    finally:
        if guard is not None:
            guard.close()


def start_worker_thread(settings: Settings, store: Store,
                        options: WorkerOptions) -> tuple[threading.Thread, StopSignal]:
    """Start a worker in a daemon thread; set the returned signal's event to stop it."""
    guard = single_worker_guard(store)
    stop = StopSignal()

    def work() -> None:
        try:
            Worker(settings, store, new_worker_id(), options, stop).run()
        finally:
            if guard is not None:
                guard.close()

    thread = threading.Thread(target=work, name="newsdesk-worker", daemon=True)
    thread.start()
    return thread, stop

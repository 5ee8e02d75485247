"""Feeds parsed in worker processes, each within a CPU-time and a memory budget.

Parsing is the one step of the fetch stage whose cost a feed's author controls: a feed
under the size cap could make feedparser run for minutes or take gigabytes. Cheap checks
refuse the known absurd shapes first (shape.py); beyond them, every feed is parsed in a
worker process (parse_worker.py): the event loop goes on fetching and storing the other
sources meanwhile, a CPU-time limit and an address-space limit bound each feed, and a
worker that dies or stops answering is replaced. A feed over the budget becomes its
source's error (kind "budget"); the run goes on.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsdesk.ingest.feeds.article_rows import ParsedSource
from newsdesk.ingest.feeds.parse_worker import HEADER, frame, over_budget

# The folder newsdesk is imported from, so a worker imports the same code.
CODE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class ParseBudget:
    """What parsing one feed may cost. Wall time only backs up the CPU limit: a worker
    that has not answered after ``wall_seconds`` (stuck in C code, or starved on a busy
    machine) is killed."""

    cpu_seconds: float = 10.0
    memory_bytes: int = 512 * 2**20
    wall_seconds: float = 120.0
    workers: int = max(1, min(2, os.cpu_count() or 1))


class ParseWorkers:
    """Worker processes that parse feeds within a budget; an async context manager."""

    def __init__(self, budget: ParseBudget = ParseBudget()) -> None:
        self.budget = budget
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: list[_Worker] = []
        self._started = 0

    async def __aenter__(self) -> ParseWorkers:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.gather(*(worker.stop() for worker in self._all))
        self._all = []

    async def parse(self, **job: Any) -> ParsedSource:
        """parse_source(**job) in a worker; never raises for what the feed holds."""
        worker = await self._take()
        try:
            result = await worker.run(job)
        except (EOFError, OSError, TimeoutError) as lost:
            result = await self._lost_worker_error(worker, lost)
            worker = await self._replace(worker)
        except BaseException:  # cancelled mid-job: its answer would reach the next job
            self._idle.put_nowait(await self._replace(worker))
            raise
        self._idle.put_nowait(worker)
        return result

    async def _take(self) -> _Worker:
        """An idle worker; a new one while none is idle and fewer than the budget's run
        (so a run with nothing to parse starts none)."""
        if self._idle.empty() and self._started < self.budget.workers:
            self._started += 1
            worker = await _Worker.start(self.budget)
            self._all.append(worker)
            return worker
        return await self._idle.get()

    async def _replace(self, worker: _Worker) -> _Worker:
        await worker.stop()
        fresh = await _Worker.start(self.budget)
        self._all[self._all.index(worker)] = fresh
        return fresh

    async def _lost_worker_error(self, worker: _Worker, lost: BaseException) -> ParsedSource:
        if isinstance(lost, TimeoutError):
            return over_budget(f"did not finish within {self.budget.wall_seconds:g} s")
        code = await worker.stop()
        return over_budget(f"ended its parser process (exit code {code})")


class _Worker:
    """One worker process and the pipes to it."""

    def __init__(self, process: asyncio.subprocess.Process, budget: ParseBudget) -> None:
        self.process = process
        self.budget = budget
        # Starting Python and importing the parsers is not the feed's time: the wall
        # clock starts once the worker says it is ready (it starts while we fetch).
        self.ready = asyncio.ensure_future(self._answer())

    @classmethod
    async def start(cls, budget: ParseBudget) -> _Worker:
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [CODE_ROOT, path]))}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "newsdesk.ingest.feeds.parse_worker",
            str(budget.cpu_seconds), str(budget.memory_bytes),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, env=env,
        )
        return cls(process, budget)

    async def run(self, job: dict[str, Any]) -> ParsedSource:
        """Send one job and wait for its answer; EOFError or OSError when the worker died,
        TimeoutError when it did not answer in time."""
        assert self.process.stdin is not None
        await self.ready
        async with asyncio.timeout(self.budget.wall_seconds):
            self.process.stdin.write(frame(job))
            await self.process.stdin.drain()
            answer = await self._answer()
        if not isinstance(answer, ParsedSource):  # out of step: the worker cannot be trusted
            raise EOFError("unexpected answer from a parse worker")
        return answer

    async def _answer(self) -> ParsedSource | None:
        assert self.process.stdout is not None
        header = await self.process.stdout.readexactly(HEADER.size)
        data = await self.process.stdout.readexactly(HEADER.unpack(header)[0])
        return pickle.loads(data)  # noqa: S301 - our own worker's answer

    async def stop(self) -> int | None:
        """End the worker (it leaves its loop when stdin closes, else it is killed);
        its exit code."""
        self.ready.cancel()
        if self.process.returncode is None and self.process.stdin is not None:
            self.process.stdin.close()
        try:
            async with asyncio.timeout(2):
                return await self.process.wait()
        except TimeoutError:
            self.process.kill()
            return await self.process.wait()


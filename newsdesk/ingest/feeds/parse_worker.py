"""The worker side of the parse budget: ``python -m newsdesk.ingest.feeds.parse_worker CPU MEMORY``.

Says it is ready (None) once its modules are imported, then reads jobs (keyword arguments
of parse_source) from stdin and writes each one's ParsedSource to stdout, all as
length-prefixed pickles, until stdin closes. Each job
gets CPU seconds of CPU time (ITIMER_PROF); the process may map MEMORY bytes more than
it had mapped once its modules were imported (RLIMIT_AS). See budget.py for the parent.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import struct
import sys
from typing import Any, BinaryIO

from newsdesk.ingest.feeds.article_rows import ParsedSource, parse_source

HEADER = struct.Struct("!Q")  # the length of the pickle that follows


def cpu_error(cpu_seconds: float) -> ParsedSource:
    """The source's error for a feed that ran out of CPU time."""
    return over_budget(f"took more than {cpu_seconds:g} s of CPU time")


def memory_error(memory_bytes: int) -> ParsedSource:
    """The source's error for a feed that ran out of memory."""
    return over_budget(f"needed more than {memory_bytes // 2**20} MiB of memory")


def over_budget(what: str) -> ParsedSource:
    """The source's error (kind "budget") for a feed that parsing could not afford."""
    return ParsedSource(error=f"refused: parsing this feed {what} (parse budget)",
                        error_kind="budget")


class CpuBudgetExceeded(BaseException):
    """Raised when the CPU timer fires; a BaseException, so that no ``except Exception``
    inside a parser swallows it."""


def parse_within(job: dict[str, Any], cpu_seconds: float, memory_bytes: int) -> ParsedSource:
    """parse_source(**job), or the budget error when it runs out of CPU time or memory."""
    # Fires again every half second of CPU time should a bare ``except:`` swallow it.
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds, 0.5)
    try:
        return parse_source(**job)
    except CpuBudgetExceeded:
        return cpu_error(cpu_seconds)
    except MemoryError:
        return memory_error(memory_bytes)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _cpu_timer_fired(_signum: int, _frame: object) -> None:
    raise CpuBudgetExceeded


def limit_memory(extra_bytes: int) -> None:
    """Let this process map at most ``extra_bytes`` more than it has mapped now (where
    /proc tells how much that is: Linux; elsewhere only the CPU budget holds)."""
    try:
        mapped = mapped_bytes()
    except OSError:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def mapped_bytes() -> int:
    """This process's virtual memory size (VmSize), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


def read_message(stream: BinaryIO) -> Any:
    """One length-prefixed pickle; EOFError when the stream ends."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    return pickle.loads(stream.read(HEADER.unpack(header)[0]))


def frame(message: object) -> bytes:
    """A message as a length-prefixed pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def serve(cpu_seconds: float, memory_bytes: int) -> None:
    """Answer jobs from stdin on stdout until stdin closes."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print from a library must not corrupt the answers
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGPROF, _cpu_timer_fired)
    limit_memory(memory_bytes)
    answers.write(frame(None))  # ready
    answers.flush()
    jobs = sys.stdin.buffer
    while True:
        try:
            job = read_message(jobs)
        except EOFError:
            return
        answers.write(frame(parse_within(job, cpu_seconds, memory_bytes)))
        answers.flush()


if __name__ == "__main__":
    serve(float(sys.argv[1]), int(sys.argv[2]))

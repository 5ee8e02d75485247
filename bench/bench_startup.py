"""Benchmark: how long a `newsdesk` command takes to start, beside `import typer, rich`.

Each command runs as its own process (`python -m newsdesk ...`, the interpreter running
this script), alternating with the baseline `python -c "import typer, rich"` so both see
the same load; --runs rounds of each. Reported per command: the median CPU time (user +
system, from the child's own rusage via `os.wait4`), the median wall time, the peak RSS,
and each as a multiple of the baseline's. `source list` and `editions` read an
initialised, empty SQLite store in a temporary data directory (NEWSDESK_DATABASE_URL, when
set, is used instead). Budgets (issue 18): `--help` and `version` <= 2x the baseline,
`source list` and `editions` <= 5x.

    .venv/bin/python bench/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = ("import typer, rich", [sys.executable, "-c", "import typer, rich"])
COMMANDS = {  # the command and its budget, as a multiple of the baseline
    "--help": 2.0,
    "version": 2.0,
    "source list": 5.0,
    "editions": 5.0,
}


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """One run of `argv`: its CPU seconds (user + system), wall seconds and peak RSS (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {child.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds of every command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-startup-") as home:
        env = dict(os.environ, NEWSDESK_HOME=home, COLUMNS="100")
        newsdesk = [sys.executable, "-m", "newsdesk"]
        measure([*newsdesk, "init", "--no-sources"], env)
        runs: dict[str, list[tuple[float, float, float]]] = {BASELINE[0]: []}
        runs |= {command: [] for command in COMMANDS}
        for _ in range(args.runs):
            for command in COMMANDS:  # the baseline between every two commands
                runs[BASELINE[0]].append(measure(BASELINE[1], env))
                runs[command].append(measure([*newsdesk, *command.split()], env))
    report(runs, args.runs)


def report(runs: dict[str, list[tuple[float, float, float]]], rounds: int) -> None:
    medians = {name: [statistics.median(column) for column in zip(*rows, strict=True)]
               for name, rows in runs.items()}
    base = medians[BASELINE[0]]
    print(f"{rounds} rounds; medians; ratios to `python -c \"{BASELINE[0]}\"` in the same run")
    print(f"{'command':<24}{'CPU s':>8}{'x':>7}{'wall s':>9}{'x':>7}{'RSS MB':>9}{'x':>7}"
          f"{'budget':>8}")
    for name, (cpu, wall, rss) in medians.items():
        budget = COMMANDS.get(name)
        verdict = "" if budget is None else (
            f"{'ok' if cpu / base[0] <= budget else 'OVER'} {budget:g}x")
        label = name if budget is None else f"newsdesk {name}"
        print(f"{label:<24}{cpu:8.3f}{cpu / base[0]:7.2f}{wall:9.3f}{wall / base[1]:7.2f}"
              f"{rss:9.1f}{rss / base[2]:7.2f}{verdict:>8}")


if __name__ == "__main__":
    main()

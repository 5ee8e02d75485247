"""Publish an edition of 20 stories to 1,000 readers on a local SMTP server, exactly once.

Run: .venv/bin/python bench/bench_publish.py [--recipients 1000] [--database-url URL]

Three runs, each on a fresh data directory and database (SQLite unless --database-url
names an empty PostgreSQL database, which is then reused run after run by dropping the
edition), each with the real `newsdesk publish` command in a child process:

1. a whole publication, timed (claim, Markdown, site and feed, 1,000 messages, published);
2. a publication SIGKILLed by its own test hook after the 500th message was recorded,
   then `newsdesk publish` again;
3. a publication SIGKILLed from outside at an arbitrary moment (once the server has 300
   messages), then `newsdesk publish` again.

For each it prints the wall time, the CPU time of the publishing processes (the machine
may be busy with other work: the load average is printed too), and how many messages the
server received, in all and per reader (the most any one reader got).
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import text  # noqa: E402

from newsdesk.publish.atomic import KILL_AT_ENV  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.write.edition import Edition  # noqa: E402
from newsdesk.write.editions import approve, save_draft  # noqa: E402
from tests.publish.editions import make_edition  # noqa: E402
from tests.publish.mailserver import free_port  # noqa: E402
from tests.publish.publishing import write_desk  # noqa: E402


class Counting:
    """aiosmtpd handler counting the messages each reader receives."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.received.update(envelope.rcpt_tos)  # type: ignore[attr-defined]
        return "250 OK"


def twenty_stories() -> Edition:
    """Week 11's edition grown to 20 stories (5 leads, 15 list items), distinct ids."""
    base = make_edition(11)
    stories = base.leads + base.also
    grown = [replace(stories[n % len(stories)], story_id=f"story-{n:02d}") for n in range(20)]
    return replace(base, desk="bench", leads=grown[:5], also=grown[5:])


def prepared(home: Path, url: str, recipients: int, port: int) -> str:
    """A desk file and an approved edition in `home` and the database at `url`; its id."""
    write_desk(home, port, recipients=[f"reader{n:04d}@example.org" for n in range(recipients)],
               site_url="https://news.example/bench/", name="bench")
    store = Store.open(url)
    try:
        with store.session() as session:
            record = save_draft(session, twenty_stories())
            approve(session, record.id)
            return record.id
    finally:
        store.close()


def publish(edition_id: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsdesk", "publish", edition_id],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def run(kind: str, recipients: int, database_url: str | None) -> None:
    """One run of `kind` (whole, hook-kill or outside-kill); prints one result line."""
    handler = Counting()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        url = database_url or f"sqlite:///{home / 'newsdesk.db'}"
        if database_url:
            reset(database_url)
        edition_id = prepared(home, url, recipients, port)
        env = {**os.environ, "NEWSDESK_HOME": str(home), "NEWSDESK_DATABASE_URL": url}
        start, cpu = time.perf_counter(), _children_cpu()
        if kind == "hook-kill":
            killed = publish(edition_id, {**env, KILL_AT_ENV: f"sent:{recipients // 2}"})
            killed.wait()
        elif kind == "outside-kill":
            killed = publish(edition_id, env)
            while sum(handler.received.values()) < min(300, recipients // 3):
                time.sleep(0.001)
            killed.send_signal(signal.SIGKILL)
            killed.wait()
        at_kill = sum(handler.received.values())
        final = publish(edition_id, env)
        out, err = final.communicate()
        elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
        time.sleep(0.2)  # let the server hand over anything still in flight
    controller.stop()
    if final.returncode != 0:
        raise SystemExit(f"{kind}: publish failed: {err.strip()}")
    total = sum(handler.received.values())
    most = max(handler.received.values(), default=0)
    killed_note = f"killed after {at_kill} received; " if kind != "whole" else ""
    print(f"{kind:<13} {elapsed:7.2f} s wall, {cpu:6.2f} s CPU of the publishers  "
          f"{killed_note}received {total} messages, {len(handler.received)} readers, "
          f"at most {most} each (load average {os.getloadavg()[0]:.1f})")


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child processes that have ended so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reset(database_url: str) -> None:
    """Empty the benchmark's PostgreSQL database of earlier runs' editions."""
    store = Store.open(database_url)
    try:
        with store.engine.begin() as connection:
            connection.execute(text("DELETE FROM editions WHERE desk = 'bench'"))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print(f"edition of 20 stories to {args.recipients} readers, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}, aiosmtpd on 127.0.0.1")
    for kind in ("whole", "hook-kill", "outside-kill"):
        run(kind, args.recipients, args.database_url)


if __name__ == "__main__":
    main()

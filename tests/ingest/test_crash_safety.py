"""Killing `newsdesk fetch` (SIGKILL) at random moments never loses or duplicates articles."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select

from newsdesk.store import Article, Store
from newsdesk.store.sources import add_source
from tests.feedfactory import rss
from tests.feedserver import FeedServer

FEEDS = 60
ITEMS = 20
KILLS = 8


def _fetch_command() -> list[str]:
    return [sys.executable, "-m", "newsdesk", "fetch", "--all", "--quiet", "--no-full-text"]


def test_sigkill_mid_fetch_then_rerun_stores_every_item_exactly_once(
    store: Store, feed_server: FeedServer
) -> None:
    with store.session() as session:
        for n in range(FEEDS):
            url = feed_server.route(
                f"/feed{n}.xml", rss(range(ITEMS), base=f"https://site{n}.example"), delay=0.02
            )
            add_source(session, url)
    rng = random.Random(20261128)
    env = dict(os.environ)
    kills = 0
    for _ in range(KILLS):
        process = subprocess.Popen(_fetch_command(), env=env)
        time.sleep(rng.uniform(0.3, 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    finished = subprocess.run(_fetch_command(), env=env, timeout=300)
    assert finished.returncode == 0
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(Article))
        distinct = session.scalar(select(func.count(func.distinct(Article.url))))
    assert kills >= 1, "no run was killed mid-fetch: the test proved nothing"
    assert total == distinct == FEEDS * ITEMS

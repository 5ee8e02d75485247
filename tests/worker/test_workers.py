"""Real `newsdesk worker` processes against real local feeds and a real database."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

from newsdesk.store import Article, Source, Store
from newsdesk.store.database import HEAD_REVISION, MIGRATIONS, create_store_engine
from newsdesk.store.models import Worker
from tests.feedserver import FeedServer
from tests.worker.workers import (
    HOSTS,
    REPO,
    all_done,
    fetches_per_source,
    final_counts,
    requests_per_feed,
    serve_feeds,
    start_worker,
    stop,
    wait_for,
    worker_env,
    write_config,
)

FEEDS = 50
ITEMS = 8
BATCH = 6  # sources per fetch unit (see start_worker)


def _needs_postgres(url: str) -> None:
    if url.startswith("sqlite"):
        pytest.skip("several workers share PostgreSQL; SQLite's one-worker rule is tested apart")


def test_three_workers_killed_and_restarted_store_every_article_once(
    database_url: str, isolated_home: Path, tmp_path: Path
) -> None:
    _needs_postgres(database_url)
    write_config(isolated_home)
    store = Store.open(database_url)
    rng = random.Random(19)
    log = tmp_path / "workers.log"
    with FeedServer(HOSTS) as server:
        paths = serve_feeds(server, store, FEEDS, ITEMS, slow=12, delay=1.5)
        env = worker_env(isolated_home, database_url)
        workers = [start_worker(env, log=log) for _ in range(3)]
        kills = 0
        for _ in range(4):  # kill one at random mid-run, start a new one in its place
            up = len(workers) + kills
            assert wait_for(lambda up=up: _started(log) == up, timeout=60)
            time.sleep(rng.uniform(0.3, 1.5))
            victim = rng.randrange(len(workers))
            stop(workers[victim], signal.SIGKILL)
            kills += 1
            workers[victim] = start_worker(env, log=log)
        up = len(workers) + kills  # the last one started too (a signal while it is still
        assert wait_for(lambda: _started(log) == up, timeout=60)  # importing ends it at once)
        finished = wait_for(lambda: all_done(store, FEEDS), timeout=120)
        health = _stats_json(env)
        took = [stop(worker) for worker in workers]
        requests = requests_per_feed(server)
    text = log.read_text(encoding="utf-8")
    assert finished, text[-3000:]
    assert "Traceback" not in text
    assert all(seconds < 5 for seconds in took), took
    assert all(worker.returncode == 0 for worker in workers)
    counts = final_counts(store)
    assert counts["stored"] == counts["distinct"] == FEEDS * ITEMS  # all stored, once each
    assert counts["leased"] == counts["unsigned"] == 0  # leases released, workers signed off
    assert set(fetches_per_source(store).values()) == {1}  # one recorded fetch per source
    assert set(requests) == set(paths)
    # A feed asked for twice within its interval can only be one whose first answer was
    # abandoned when its worker was killed mid-unit, before the unit committed.
    repeated = sum(n - 1 for n in requests.values())
    assert repeated <= kills * BATCH, requests
    assert [w["state"] for w in health["workers"]].count("alive") >= 3


def _started(log: Path) -> int:
    return log.read_text(encoding="utf-8").count(" started: ")


def _stats_json(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "newsdesk", "stats", "--json"], env=env,
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    return {row["name"]: row["value"] for row in json.loads(out)}


def test_sigterm_abandons_a_hanging_fetch_within_seconds(
    database_url: str, isolated_home: Path, tmp_path: Path
) -> None:
    # Timeouts longer than the test, so only the stop request can end the fetch.
    write_config(isolated_home, total_timeout=60.0, read_timeout=60.0)
    store = Store.open(database_url)
    log = tmp_path / "worker.log"
    with FeedServer(HOSTS) as server:
        serve_feeds(server, store, 3, 2, slow=3, delay=30.0)
        worker = start_worker(worker_env(isolated_home, database_url), log=log)
        fetching = wait_for(lambda: "fetching" in _step(store), timeout=30)
        took = stop(worker)
    text = log.read_text(encoding="utf-8")
    assert fetching, text
    assert took < 6 and worker.returncode == 0, text
    assert "abandoned fetching 3 sources" in text and "Traceback" not in text
    with store.session() as session:
        leased = session.scalar(select(func.count()).select_from(Source)
                                .where(Source.lease_owner.is_not(None)))
        stored = session.scalar(select(func.count()).select_from(Article))
    assert leased == 0 and stored == 0  # nothing half-stored; the sources are free again


def _step(store: Store) -> str:
    with store.session() as session:
        return " ".join(s or "" for s in session.scalars(select(Worker.step)))


def test_a_second_worker_on_sqlite_is_refused_in_one_line(
    isolated_home: Path, tmp_path: Path
) -> None:
    write_config(isolated_home)
    url = f"sqlite:///{isolated_home / 'newsdesk.db'}"
    Store.open(url).close()
    env = worker_env(isolated_home, url)
    first = start_worker(env, log=tmp_path / "first.log")
    try:
        assert wait_for(lambda: "started" in (tmp_path / "first.log").read_text(), timeout=30)
        second = start_worker(env)
        _, err = second.communicate(timeout=30)
    finally:
        took = stop(first)
    lines = err.decode().strip().splitlines()
    assert second.returncode == 2 and len(lines) == 1, lines
    assert "SQLite allows one worker" in lines[0] and f"pid {first.pid}" in lines[0]
    assert took < 5 and first.returncode == 0


def test_workers_starting_together_migrate_an_older_schema_once(
    database_url: str, isolated_home: Path
) -> None:
    _needs_postgres(database_url)
    write_config(isolated_home)
    engine = create_store_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    env = worker_env(isolated_home, database_url)
    workers = [start_worker(env, "--once") for _ in range(3)]
    errors = [w.communicate(timeout=60)[1].decode() for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], errors
    assert not any("Traceback" in e for e in errors)
    assert Store.open(database_url, migrate=False).revision() == HEAD_REVISION


def test_a_worker_that_loses_the_database_retries_and_says_so(
    database_url: str, isolated_home: Path, tmp_path: Path
) -> None:
    _needs_postgres(database_url)
    import psycopg

    from tests.conftest import POSTGRES_ADMIN_URL

    write_config(isolated_home)
    Store.open(database_url).close()
    log = tmp_path / "worker.log"
    worker = start_worker(worker_env(isolated_home, database_url), log=log)
    assert wait_for(lambda: "started" in log.read_text(), timeout=30)
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    said = wait_for(lambda: "lost the database" in log.read_text(), timeout=30)
    took = stop(worker)
    text = log.read_text()
    assert said, text
    assert "retrying in" in text and "Traceback" not in text
    assert took < 5 and worker.returncode == 0


def test_each_desks_edition_is_made_by_one_worker(
    database_url: str, isolated_home: Path, tmp_path: Path
) -> None:
    from newsdesk.store.models import EditionRecord, WorkClaim

    write_config(isolated_home)
    store = Store.open(database_url)
    count = 1 if database_url.startswith("sqlite") else 2
    with FeedServer(HOSTS) as server:
        serve_feeds(server, store, 4, 3)
        env = worker_env(isolated_home, database_url)
        for _ in range(2):  # a second round finds the edition made and not yet due again
            workers = [subprocess.Popen(
                [sys.executable, "-m", "newsdesk", "worker", "--once", "--desk", "china-tech"],
                env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(count)]
            errors = [w.communicate(timeout=180)[1].decode() for w in workers]
            assert [w.returncode for w in workers] == [0] * count, errors
    with store.session() as session:
        editions = session.scalars(select(EditionRecord.desk)).all()
        claims = session.scalars(select(WorkClaim)).all()
    assert editions == ["china-tech"]
    assert len(claims) == 1 and claims[0].done_at is not None
    assert claims[0].name.startswith("edition:china-tech:")
    said = "".join(errors)
    assert "Traceback" not in said

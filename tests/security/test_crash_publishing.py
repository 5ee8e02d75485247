"""Killing `newsdesk run` or `newsdesk publish` (SIGKILL) never leaves a half site or a lie.

After every kill the published site is absent, the old one or a new one, complete (every
page it links to exists and nothing else is there); an edition the store calls published
is on the live site. A clean run at the end publishes.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from newsdesk.ingest.bulk.importer import import_file
from newsdesk.publish.atomic import FAULT_DELAY_ENV, builds_dir
from newsdesk.store import Store
from newsdesk.stories.process import cluster_new_articles
from newsdesk.text.understand import embedder_named
from newsdesk.write.editions import list_editions
from tests.newsroom_feeds import desk_toml
from tests.security.crash_corpus import write_corpus

DESK = "crash"
KILLS = 8
MAX_RUNS = 16
POLL = 0.02
_HREF = re.compile(r'href="([^"#:]+)"')


def newsdesk(*args: str, delay: float = 0.0) -> subprocess.Popen[str]:
    """Start the real command line with the site build slowed by `delay` seconds a file."""
    env = {**os.environ, FAULT_DELAY_ENV: str(delay)} if delay else dict(os.environ)
    return subprocess.Popen([sys.executable, "-m", "newsdesk", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(*args: str) -> str:
    """Run the command line to the end; return its stdout (it must succeed)."""
    child = newsdesk(*args)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    return out


def add_news(store: Store, folder: Path, round_: int) -> None:
    """Store a few new events, so that the next run has stories to lead with."""
    corpus = write_corpus(folder / f"news{round_}.jsonl", 6, seed=round_, prefix=f"r{round_}-")
    import_file(store, corpus)


@pytest.fixture
def newsroom(store: Store, tmp_path: Path, isolated_home: Path,
             monkeypatch: pytest.MonkeyPatch) -> Path:
    """Stored, clustered stories and a desk over every source; returns the site path."""
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    import_file(store, write_corpus(tmp_path / "corpus.jsonl", 12, seed=20260519))
    cluster_new_articles(store, embedder_named("hashing"))
    (isolated_home / "desks").mkdir()
    (isolated_home / "desks" / f"{DESK}.toml").write_text(
        desk_toml(DESK, [], f"site/{DESK}"), encoding="utf-8")
    return isolated_home / "site" / DESK


def site_files(site: Path) -> set[str]:
    """Every file of the published site, relative to it (following the link)."""
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def linked_files(site: Path) -> set[str]:
    """The files reachable from index.html by local links (a complete site's manifest)."""
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        path = site / page
        assert path.is_file(), f"the site links to a missing page: {page}"
        if page.endswith(".html"):
            base = Path(page).parent
            for href in _HREF.findall(path.read_text(encoding="utf-8")):
                todo.append(os.path.normpath(base / href))
    return seen


def editions(store: Store) -> list[dict]:
    """The store's editions, newest first: id and status."""
    with store.session() as session:
        return [{"id": r.id, "status": r.status} for r in list_editions(session, DESK)]


def assert_site_and_store_agree(site: Path, records: list[dict]) -> set[str]:
    """The live site is absent or complete, and holds every edition marked published.

    Returns the ids of the editions on the site.
    """
    published = {e["id"] for e in records if e["status"] == "published"}
    if not site.exists():
        assert not published, "editions marked published without a site"
        return set()
    files = site_files(site)
    assert linked_files(site) | {"feed.xml"} == files, "the site is not one complete build"
    on_site = {f.split("/")[1] for f in files if f.startswith("editions/")}
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(on_site)
    assert published <= on_site, f"published but not on the site: {published - on_site}"
    assert on_site <= {e["id"] for e in records}, "the site shows an edition the store lacks"
    return on_site


def _wait_for_build(site: Path, child: subprocess.Popen[str], before: set[str]) -> None:
    builds = builds_dir(site)
    while child.poll() is None:
        if builds.is_dir() and set(os.listdir(builds)) - before:
            return
        time.sleep(POLL)


def kill_at_random(site: Path, args: list[str], rng: random.Random) -> tuple[bool, bool]:
    """Run `args`, SIGKILL it at a random moment (mostly inside the site build).

    Returns whether the process was still running when killed, and whether a site build
    of this run had started by then.
    """
    builds = builds_dir(site)
    before = set(os.listdir(builds)) if builds.is_dir() else set()
    child = newsdesk(*args, delay=0.02)
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.5, 4.0))
    else:
        _wait_for_build(site, child, before)
        time.sleep(rng.uniform(0.0, 0.8))
    alive = child.poll() is None
    building = builds.is_dir() and bool(set(os.listdir(builds)) - before)
    if alive:
        child.send_signal(signal.SIGKILL)
    _, err = child.communicate()
    assert alive or child.returncode == 0, err
    return alive, alive and building


def _next_command(records: list[dict], run: int) -> list[str]:
    drafts = [e["id"] for e in records if e["status"] != "published"]
    if drafts and run % 2:
        return ["publish", drafts[0]]
    return ["run", "--no-fetch", "--force", "--quiet", "--desk", DESK]  # an edition each time


def test_sigkill_mid_publish_leaves_a_complete_site_and_honest_editions(
    newsroom: Path, store: Store, tmp_path: Path
) -> None:
    site = newsroom
    rng = random.Random(20260520)
    runs = mid_run = mid_build = after_switch = 0
    records: list[dict] = []
    while mid_run < KILLS and runs < MAX_RUNS:
        command = _next_command(records, runs)
        runs += 1
        if command[0] == "run":
            add_news(store, tmp_path, runs)
        alive, building = kill_at_random(site, command, rng)
        mid_run, mid_build = mid_run + alive, mid_build + building
        records = editions(store)
        on_site = assert_site_and_store_agree(site, records)
        after_switch += any(e["id"] in on_site and e["status"] != "published" for e in records)
    add_news(store, tmp_path, runs + 1)
    finish("run", "--no-fetch", "--force", "--quiet", "--desk", DESK)
    records = editions(store)
    on_site = assert_site_and_store_agree(site, records)
    print(f"\npublish runs: {runs}, killed mid-run: {mid_run} ({mid_build} inside the site "
          f"build, {after_switch} after the switch, before the store said so), then one clean run; "
          f"editions: {len(records)}, on the site: {len(on_site)}")
    assert mid_run >= KILLS and mid_build >= KILLS // 2
    assert records[0]["status"] == "published" and records[0]["id"] in on_site
    assert len(os.listdir(builds_dir(site))) == 1, "stale builds were not cleaned up"

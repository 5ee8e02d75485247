"""The desk app's workers page: heartbeats, queue depth and lag as `newsdesk stats` gives
them, over HTTP from the app served on loopback, on both backends."""

from __future__ import annotations

import re
from datetime import timedelta

from newsdesk.store.leases import lease_due_sources
from newsdesk.store.models import Worker, utcnow
from newsdesk.store.sources import add_source
from newsdesk.worker.health import worker_stats
from tests.deskapp.conftest import Desk

HOSTILE_STEP = '<script>alert("step")</script> fetching <b>feed</b>'


def _cell(page: str, name: str) -> str:
    return re.search(rf'<td id="{name}">([^<]*)</td>', page).group(1)


def _rows(page: str) -> list[str]:
    table = re.search(r'<table class="editions workers">(.*?)</table>', page, re.S).group(1)
    return re.findall(r"<tr>\s*<td>(.*?)</tr>", table, re.S)


def test_the_workers_page_shows_each_workers_heartbeat_and_the_queue(desk: Desk) -> None:
    now = utcnow()
    with desk.store.session() as session:
        for number in range(3):
            add_source(session, f"http://127.0.0.1:9/feed{number}.xml")
        session.add_all([
            Worker(id="w-alive", host="desk-1", pid=101, heartbeat_at=now, step=HOSTILE_STEP,
                   units=7),
            Worker(id="w-silent", host="desk-2", pid=102, heartbeat_at=now - timedelta(minutes=10),
                   step="clustering", units=2),
            Worker(id="w-stopped", host="desk-3", pid=103, heartbeat_at=now - timedelta(hours=2),
                   stopped_at=now - timedelta(hours=2), step="stopped", units=40),
            Worker(id="w-gone", host="desk-4", pid=104, heartbeat_at=now - timedelta(days=3),
                   stopped_at=now - timedelta(days=3), step="stopped", units=1),
        ])
    assert len(lease_due_sources(desk.store, "w-alive", limit=1, lease=timedelta(minutes=5))) == 1

    page = desk.client.get("/workers")

    assert page.status_code == 200
    assert "script-src" not in page.headers["Content-Security-Policy"]
    with desk.store.session() as session:
        expected = worker_stats(session)
    assert (expected["due_sources"], expected["due_sources_unleased"]) == (3, 2)
    assert _cell(page.text, "due-sources") == "3"
    assert "2 not yet taken by a worker" in page.text
    assert _cell(page.text, "to-understand") == str(expected["to_understand"])
    assert _cell(page.text, "to-cluster") == str(expected["to_cluster"])
    assert re.fullmatch(r"\d+(\.\d+)? s", _cell(page.text, "fetch-lag"))
    assert re.fullmatch(r"\d+(\.\d+)? s", _cell(page.text, "cluster-lag"))
    rows = _rows(page.text)
    assert [re.match(r"([^<]*)</td>", row).group(1) for row in rows] == [
        "w-alive", "w-silent", "w-stopped"]  # latest heartbeat first; w-gone stopped days ago
    assert [re.search(r'class="status status-(\w+)"', row).group(1) for row in rows] == [
        "alive", "silent", "stopped"]
    assert "<td>7</td>" in rows[0] and "<td>40</td>" in rows[2]
    assert expected["workers"][0]["heartbeat"] in rows[0]
    assert "<script>" not in page.text and "<b>feed</b>" not in page.text
    assert ("&lt;script&gt;alert(&#34;step&#34;)&lt;/script&gt; fetching "
            "&lt;b&gt;feed&lt;/b&gt;") in rows[0]


def test_the_workers_page_says_when_no_worker_has_reported(desk: Desk) -> None:
    page = desk.client.get("/workers")
    assert page.status_code == 200
    assert "No worker has reported in the last day" in page.text
    assert 'class="editions workers"' not in page.text
    assert _cell(page.text, "due-sources") == "0"
    assert 'href="/workers"' in desk.client.get("/").text

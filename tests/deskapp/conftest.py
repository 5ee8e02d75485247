"""Fixtures for the editor's desk: the app served by uvicorn on loopback over a real store
holding one draft of a desk that asks for review."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from newsdesk.config import load_settings
from newsdesk.deskapp.app import create_app
from newsdesk.deskapp.hosts import AllowedHosts
from newsdesk.store import Store
from newsdesk.stories.model import RankedStory
from newsdesk.write.editions import save_draft
from tests.conftest import REPO_ROOT
from tests.publish.editions import make_edition

TOKEN = "test-token-for-the-desk-forms"


@dataclass
class Desk:
    """A running desk app over a store with one draft edition."""

    url: str
    client: httpx.Client
    store: Store
    edition_id: str
    home: Path


def write_reviewed_desk(home: Path) -> None:
    """The built-in china-tech desk, changed to ask for an editor's approval."""
    built_in = (REPO_ROOT / "newsdesk" / "desks" / "china-tech.toml").read_text(encoding="utf-8")
    reviewed = built_in.replace("[review]\nrequired = false", "[review]\nrequired = true")
    assert reviewed != built_in
    (home / "desks").mkdir(exist_ok=True)
    (home / "desks" / "china-tech.toml").write_text(reviewed, encoding="utf-8")


@pytest.fixture
def desk(store: Store, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    """The desk app on 127.0.0.1 over a store (SQLite and PostgreSQL) with week 11's draft."""
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")  # no model to load for a roundup
    write_reviewed_desk(isolated_home)
    edition = make_edition(11)
    ranked = [RankedStory(story_id=story.story_id, score=4.25 - place, raw={"originals": 3},
                          signals={"outlets": 2.0 - place, "recency": 1.25, "languages": 0.0,
                                   "relevance": 1.0})
              for place, story in enumerate(edition.leads + edition.also)]
    with store.session() as session:
        edition_id = save_draft(session, edition, ranked).id
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    app = create_app(load_settings(), store, token=TOKEN,
                     allowed_hosts=AllowedHosts.for_address("127.0.0.1", port))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield Desk(url, client, store, edition_id, isolated_home)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()

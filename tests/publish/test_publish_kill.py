"""A publication SIGKILLed at every step is finished by the next `newsdesk publish`, and no
reader gets the edition twice; concurrent publishers, in processes and in the desk app,
publish it once. Real processes (forked, or the command line), a real SMTP server, SQLite
and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from newsdesk.config import FAULT_DELAY_VARIABLE as FAULT_DELAY_ENV
from newsdesk.config import KILL_AT_VARIABLE as KILL_AT_ENV
from newsdesk.config import load_settings
from newsdesk.desks.config import Desk as DeskConfig
from newsdesk.publish.claim import AlreadyPublished
from newsdesk.publish.outputs import publish_edition
from newsdesk.store import Store
from tests.deskapp.conftest import TOKEN, Desk, desk  # noqa: F401 - the desk app fixture
from tests.publish.mailserver import Inbox
from tests.publish.publishing import (
    READERS,
    Mailing,
    Server,
    deliveries,
    newsdesk_cli,
    status_of,
    stored_draft,
    write_desk,
)

EVERYONE = {f"reader{n}@example.org": 1 for n in range(3)}

# (step, what the second reader has after the kill and the resume)
STEPS = [
    ("claimed", 1),
    ("markdown", 1),
    ("site", 1),
    ("accepted:2", 1),   # the server has the whole message; its reply was never read
    ("sent:2", 1),       # recorded as sent
    ("delivered", 1),    # everyone served, not yet marked published
    ("sending:2", 0),    # recorded, the final dot not sent: the one unguarded instant
]


@pytest.mark.parametrize(("step", "second_reader"), STEPS)
def test_a_publication_killed_at_a_step_is_finished_without_a_second_email(
        store: Store, isolated_home: Path, mailing: Mailing, step: str,
        second_reader: int) -> None:
    inbox, config, edition_id = mailing
    assert _killed_at(step, config, edition_id) == signal.SIGKILL
    assert status_of(store, edition_id) == "publishing"

    report = publish_edition(store, load_settings(), config, edition_id)
    assert report.resumed and status_of(store, edition_id) == "published"
    _settle(inbox, 2 + second_reader)
    expected = {**EVERYONE, "reader1@example.org": second_reader}
    assert {r: inbox.count_by_recipient().get(r, 0) for r in expected} == expected
    assert set(deliveries(store, edition_id)) == set(EVERYONE)
    assert ("reader1@example.org" in report.interrupted) == step.startswith(
        ("sending", "accepted"))
    site = isolated_home / "site" / "china-tech" / "editions" / edition_id / "index.html"
    assert site.is_file()
    assert (isolated_home / "editions" / "china-tech" / f"{edition_id}.md").is_file()
    with pytest.raises(AlreadyPublished):
        publish_edition(store, load_settings(), config, edition_id)
    assert sum(inbox.count_by_recipient().values()) == 2 + second_reader


def test_the_publish_command_killed_mid_mailing_is_finished_by_the_next_one(
        store: Store, isolated_home: Path, smtp_server: Server) -> None:
    inbox, smtp = smtp_server
    write_desk(isolated_home, smtp.port)
    edition_id = stored_draft(store)
    killed = newsdesk_cli("publish", edition_id, **{KILL_AT_ENV: "sent:2"})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    resumed = newsdesk_cli("publish", edition_id)
    assert resumed.returncode == 0, resumed.stderr
    assert "finished an interrupted publication" in resumed.stdout
    assert "e-mailed to 1 recipients (2 served before, not sent again)" in resumed.stdout
    again = newsdesk_cli("publish", edition_id)
    assert again.returncode == 0 and again.stdout.count("\n") == 1
    assert f"edition {edition_id} is already published" in again.stdout
    assert inbox.count_by_recipient() == EVERYONE


def test_concurrent_publish_commands_publish_once(
        store: Store, isolated_home: Path, smtp_server: Server) -> None:
    inbox, smtp = smtp_server
    write_desk(isolated_home, smtp.port)
    edition_id = stored_draft(store)
    env = {FAULT_DELAY_ENV: "0.05"}  # each site file takes a while: the claims overlap
    children = [subprocess.Popen([sys.executable, "-m", "newsdesk", "publish", edition_id],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env=_env(env)) for _ in range(3)]
    results = [(child.wait(timeout=120), *child.communicate()) for child in children]
    published = [out for code, out, _err in results if code == 0 and "published " in out
                 and "already" not in out]
    assert len(published) == 1, results
    for code, out, err in results:
        assert (code == 0 and ("already published" in out or out in published)) or (
            code == 2 and "is being published by" in err), (code, out, err)
    assert inbox.count_by_recipient() == EVERYONE
    assert status_of(store, edition_id) == "published"


def test_twenty_concurrent_publish_requests_to_the_desk_app_publish_once(
        desk: Desk, smtp_server: Server) -> None:  # noqa: F811 - the imported fixture
    inbox, smtp = smtp_server
    path = desk.home / "desks" / "china-tech.toml"
    recipients = ", ".join(f'"{r}"' for r in READERS)
    path.write_text(path.read_text(encoding="utf-8") + (
        '\n[outputs.email]\n'
        f'recipients = [{recipients}]\n'
        'sender = "China Desk <desk@news.example>"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {smtp.port}\nstarttls = false\n'
        'unsubscribe = "https://news.example/unsubscribe"\n'), encoding="utf-8")
    form = {"csrf": TOKEN, "version": "1"}
    approved = desk.client.post(f"/editions/{desk.edition_id}/approve", data=form)
    assert approved.status_code == 303, approved.text

    def click(_: int) -> httpx.Response:
        with httpx.Client(base_url=desk.url, timeout=60) as client:
            return client.post(f"/editions/{desk.edition_id}/publish", data=form)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(click, range(20)))
    assert [r.status_code for r in responses] == [303] * 20
    notices = sorted(r.headers["location"].rsplit("done=", 1)[1] for r in responses)
    assert notices == ["already-published"] * 19 + ["published"]
    assert inbox.count_by_recipient() == EVERYONE
    assert status_of(desk.store, desk.edition_id) == "published"


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}


def _settle(inbox: Inbox, expected: int, timeout: float = 5.0) -> None:
    """Wait until the SMTP server has handled `expected` messages (or the timeout passes):
    a message whose sender was killed is handed over a moment later."""
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < expected and time.monotonic() < deadline:
        time.sleep(0.05)


def _killed_at(step: str, config: DeskConfig, edition_id: str) -> int:
    """Publish in a forked child that SIGKILLs itself at `step`; the signal that ended it.

    A fork, not a new interpreter: the child starts at once, on its own connections."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        try:
            os.environ[KILL_AT_ENV] = step
            store = Store.open(os.environ["NEWSDESK_DATABASE_URL"])
            publish_edition(store, load_settings(), config, edition_id)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0

"""A desk that e-mails a local SMTP server, and a stored draft of it, for the publishing tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from newsdesk.desks.config import Desk, load_desk
from newsdesk.publish.email import SmtpSettings
from newsdesk.store import Store
from newsdesk.store.models import EditionDelivery, EditionRecord
from newsdesk.write.editions import approve, save_draft
from tests.publish.editions import make_edition
from tests.publish.mailserver import Inbox

# The `smtp_server` and `mailing` fixtures (tests/publish/conftest.py).
Server = tuple[Inbox, SmtpSettings]
Mailing = tuple[Inbox, Desk, str]

SITE_URL = "https://news.example/china-tech/"
READERS = ["reader0@example.org", "Reader One <reader1@example.org>", "reader2@example.org"]

DESK = """\
name = "{name}"
title = "China Tech Weekly"
description = "The week in Chinese technology."
language = "en"

[review]
required = {review}

[outputs]
site_dir = "site/{name}"
{site_url}
[outputs.email]
recipients = [{recipients}]
sender = "China Desk <desk@news.example>"
smtp_host = "127.0.0.1"
smtp_port = {port}
starttls = false
{unsubscribe}
"""


def write_desk(home: Path, port: int, *, recipients: list[str] | None = None,
               review: bool = True, site_url: str | None = SITE_URL,
               unsubscribe: str | None = "https://news.example/unsubscribe",
               name: str = "china-tech") -> Desk:
    """Desk `name` in `home`, e-mailing `recipients` through 127.0.0.1:`port`."""
    (home / "desks").mkdir(parents=True, exist_ok=True)
    path = home / "desks" / f"{name}.toml"
    path.write_text(DESK.format(
        name=name, review=str(review).lower(), port=port,
        recipients=", ".join(f'"{r}"' for r in (READERS if recipients is None else recipients)),
        site_url=f'site_url = "{site_url}"' if site_url else "",
        unsubscribe=f'unsubscribe = "{unsubscribe}"' if unsubscribe else ""), encoding="utf-8")
    return load_desk(path)


def stored_draft(store: Store, *, approved: bool = True) -> str:
    """Week 11's edition saved as a draft (and approved); its id."""
    with store.session() as session:
        record = save_draft(session, make_edition(11))
        if approved:
            approve(session, record.id)
        return record.id


def status_of(store: Store, edition_id: str) -> str:
    with store.session() as session:
        record = session.get(EditionRecord, edition_id)
        assert record is not None
        return record.status


def deliveries(store: Store, edition_id: str) -> dict[str, str]:
    """Recorded deliveries: recipient -> status."""
    with store.session() as session:
        rows = session.execute(select(EditionDelivery.recipient, EditionDelivery.status)
                               .where(EditionDelivery.edition_id == edition_id))
        return {recipient: status for recipient, status in rows}


def newsdesk_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process (NEWSDESK_HOME etc. from the environment)."""
    return subprocess.run([sys.executable, "-m", "newsdesk", *args], capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=120)

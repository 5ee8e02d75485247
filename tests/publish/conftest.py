"""Fixtures for the publish tests: realistic editions with hostile titles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.desks.config import Desk
from newsdesk.publish.email import SmtpSettings
from newsdesk.store import Store
from newsdesk.write.edition import Edition
from tests.publish.editions import make_edition, make_editions
from tests.publish.mailserver import Inbox, running_inbox
from tests.publish.publishing import stored_draft, write_desk


@pytest.fixture
def edition() -> Edition:
    """The latest edition: English leads, a zh story, hostile titles, CRLF, & and unicode."""
    return make_edition(11)


@pytest.fixture
def editions() -> list[Edition]:
    """Two editions of the same desk, oldest first."""
    return make_editions()


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, SmtpSettings]]:
    """A real SMTP server on 127.0.0.1 and the settings to reach it without TLS."""
    with running_inbox() as server:
        yield server


@pytest.fixture
def mailing(store: Store, isolated_home: Path,
            smtp_server: tuple[Inbox, SmtpSettings]) -> tuple[Inbox, Desk, str]:
    """A desk e-mailing three readers through a real SMTP server, and an approved edition
    of it in the store (SQLite and PostgreSQL): the server's inbox, the desk, the id."""
    inbox, smtp = smtp_server
    return inbox, write_desk(isolated_home, smtp.port), stored_draft(store)

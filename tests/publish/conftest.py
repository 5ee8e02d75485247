"""Fixtures for the publish tests: realistic editions with hostile titles."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsdesk.publish.email import SmtpSettings
from newsdesk.write.edition import Edition
from tests.publish.editions import make_edition, make_editions
from tests.publish.mailserver import Inbox, running_inbox


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

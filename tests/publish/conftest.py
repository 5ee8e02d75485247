"""Fixtures for the publish tests: realistic editions with hostile titles."""

from __future__ import annotations

import pytest

from newsdesk.write.edition import Edition
from tests.publish.editions import make_edition, make_editions


@pytest.fixture
def edition() -> Edition:
    """The latest edition: English leads, a zh story, hostile titles, CRLF, & and unicode."""
    return make_edition(11)


@pytest.fixture
def editions() -> list[Edition]:
    """Two editions of the same desk, oldest first."""
    return make_editions()

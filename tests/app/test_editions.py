"""Approving and publishing through the application layer, as the CLI and the desk app do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.app import editions
from newsdesk.app.review import StaleEdition, revise_edition
from newsdesk.clock import utcnow
from newsdesk.config import load_settings
from newsdesk.publish.claim import AlreadyPublished
from newsdesk.store import Store
from newsdesk.store.models import EditionRecord
from tests.publish.publishing import status_of, stored_draft


def test_approving_or_publishing_an_older_version_than_the_latest_is_refused(
        store: Store) -> None:
    settings = load_settings()
    edition_id = stored_draft(store, approved=False)
    revise_edition(store, edition_id, lambda e: replace(e, title="Edited meanwhile"))
    with pytest.raises(StaleEdition):
        editions.approve(settings, store, edition_id, seen_version=1)
    with pytest.raises(StaleEdition):
        editions.publish(settings, store, edition_id, seen_version=1)
    assert status_of(store, edition_id) == "draft"


def test_a_published_edition_is_refused_before_its_desk_is_read(store: Store) -> None:
    edition_id = stored_draft(store)
    with store.session() as session:
        record = session.get(EditionRecord, edition_id)
        assert record is not None
        record.status, record.published_at = "published", utcnow()
        record.desk = "a-desk-since-removed"
    with pytest.raises(AlreadyPublished, match="already published on"):
        editions.publish(load_settings(), store, edition_id, dry_run=True, seen_version=7)

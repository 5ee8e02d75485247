"""Reviewing editions through the application layer: revisions and the version seen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.app.review import StaleEdition, edition_history, edition_view, revise_edition
from newsdesk.store import Store
from tests.publish.publishing import stored_draft


def test_a_revision_is_saved_as_the_next_version(store: Store) -> None:
    edition_id = stored_draft(store, approved=False)
    assert revise_edition(store, edition_id, lambda e: replace(e, title="Edited"),
                          seen_version=1)
    view = edition_view(store, edition_id)
    assert (view.edition.title, view.latest, len(view.history)) == ("Edited", 2, 2)
    assert edition_view(store, edition_id, 1).edition.title != "Edited"


def test_a_revision_that_changes_nothing_saves_no_version(store: Store) -> None:
    edition_id = stored_draft(store, approved=False)
    assert not revise_edition(store, edition_id, lambda e: e)
    assert [row["version"] for row in edition_history(store, edition_id)] == [1]


def test_a_revision_from_an_older_version_is_refused_and_saves_nothing(store: Store) -> None:
    edition_id = stored_draft(store, approved=False)
    revise_edition(store, edition_id, lambda e: replace(e, title="First editor"))
    with pytest.raises(StaleEdition, match="it is now at version 2"):
        revise_edition(store, edition_id, lambda e: replace(e, title="Second editor"),
                       seen_version=1)
    assert edition_view(store, edition_id).edition.title == "First editor"

"""How a job tells its caller what it is doing, as it goes.

A `Listener` hears each step's progress and result; the base class ignores everything
(a quiet run, the worker, the editor's desk). The command line's printer overrides what
it shows, so its lines come in the order the steps run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsdesk.app.backfill import Backfilled
    from newsdesk.app.editions import Draft
    from newsdesk.ingest.bulk.importer import BulkReport
    from newsdesk.ingest.collect import FetchReport, SourceOutcome
    from newsdesk.ingest.subscriptions.desk_sources import DeskSubscription
    from newsdesk.publish.outputs import PublishReport
    from newsdesk.stories.process import ClusterReport
    from newsdesk.write.edition import Edition

Advance = Callable[[int, int | None], None]
"""`advance(done, total)`: how far a step is (total None while unknown)."""


@dataclass
class FetchHooks:
    """What a fetch reports as it goes (see `newsdesk.ingest.collect.fetch_sources`)."""

    on_start: Callable[[int], None] | None = None
    on_outcome: Callable[[SourceOutcome], None] | None = None
    on_full_text: Callable[[int, int], None] | None = None


class Listener:
    """Hears a job's progress and results; this one ignores them all."""

    @contextmanager
    def step(self, label: str) -> Iterator[Advance]:
        """A long step (understand, cluster, write); yields `advance(done, total)`."""
        yield lambda done, total: None

    @contextmanager
    def fetching(self) -> Iterator[FetchHooks]:
        """The fetch of sources and article pages; yields the hooks it calls."""
        yield FetchHooks()

    def fetched(self, report: FetchReport) -> None:
        """The fetch is done."""

    def imported(self, report: BulkReport) -> None:
        """An archive was imported in bulk."""

    def embedded(self, done: Backfilled) -> None:
        """A backfill's articles were understood on Dask workers."""

    def subscribed(self, report: DeskSubscription) -> None:
        """A desk's own sources were subscribed."""

    def clustered(self, report: ClusterReport) -> None:
        """New articles were understood, de-duplicated and clustered."""

    def not_due(self, explanation: str) -> None:
        """No edition was made: the desk's cadence says when the next one is due."""

    def drafted(self, draft: Draft) -> None:
        """A draft edition was composed and saved."""

    def left_for_review(self, edition: Edition) -> None:
        """A draft was left for an editor: its desk asks for review."""

    def published(self, report: PublishReport) -> None:
        """An edition was published (or previewed)."""

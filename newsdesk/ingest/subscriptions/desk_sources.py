"""A desk's own sources: the feeds its `[sources]` name, and subscribing to them.

Using a desk (`newsdesk run`, `newsdesk roundup`, the editor's desk) subscribes its feeds
first, so a desk works on a fresh data directory without a separate `source import`.
Subscribing is idempotent: a feed already stored (paused ones included) is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from newsdesk.desks.config import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.network.netguard import IPNetwork
from newsdesk.ingest.subscriptions.opml import OpmlFeed, read_opml
from newsdesk.ingest.subscriptions.subscribe import _checked_url
from newsdesk.store import Store
from newsdesk.store.sources import add_source


@dataclass
class DeskSubscription:
    """What subscribing a desk's sources did."""

    desk: str
    named: int = 0
    added: int = 0
    problems: list[str] = field(default_factory=list)


def desk_feeds(desk: Desk) -> list[OpmlFeed]:
    """The feeds a desk names: its OPML file's outlines, then its `urls`.

    A desk file that names an OPML file it cannot read is a one-line NewsdeskError.
    """
    feeds: list[OpmlFeed] = []
    opml = desk.sources.opml
    if opml is not None:
        try:
            data = opml.read_bytes()
        except OSError as exc:
            raise NewsdeskError(f"desk {desk.name}: cannot read {opml}: "
                                f"{exc.strerror or exc}") from None
        feeds += read_opml(data, name=str(opml)).feeds
    return feeds + [OpmlFeed(url=url) for url in desk.sources.urls]


def subscribe_desk(
    store: Store, desk: Desk, *, allowed_networks: Iterable[IPNetwork] = (),
    interval_minutes: int = 60,
) -> DeskSubscription:
    """Subscribe every feed the desk names that the store does not have yet, each polled
    every `interval_minutes` (`[fetch] interval_minutes`).

    Feeds the fetcher would refuse are skipped and listed in `problems`; the desk's name
    is the folder of feeds its OPML file puts in none.
    """
    allowed = tuple(allowed_networks)
    report = DeskSubscription(desk.name)
    feeds = desk_feeds(desk)
    report.named = len(feeds)
    with store.session() as session:
        for feed in feeds:
            try:
                url = _checked_url(feed.url, allowed)
            except NewsdeskError as exc:
                report.problems.append(str(exc))
                continue
            _, created = add_source(session, url, title=feed.title, site_url=feed.site_url,
                                    folder=feed.folder or desk.name,
                                    interval_minutes=interval_minutes)
            report.added += created
    return report

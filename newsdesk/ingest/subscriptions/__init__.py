"""Subscriptions: which sources the store fetches.

``subscribe`` adds one source (a feed URL, or a page whose feed ``discover`` finds),
``import_opml`` and ``export_opml`` move subscription lists in and out through ``opml``,
and ``desk_sources`` reads and subscribes a desk's own OPML list.
"""

from newsdesk.ingest.subscriptions.desk_sources import DeskSubscription, desk_feeds, subscribe_desk
from newsdesk.ingest.subscriptions.discover import DiscoveredFeed, discover_feeds, looks_like_feed
from newsdesk.ingest.subscriptions.opml import (
    OpmlError,
    OpmlFeed,
    OpmlReport,
    read_opml,
    write_opml,
)
from newsdesk.ingest.subscriptions.subscribe import (
    ImportReport,
    Subscription,
    export_opml,
    import_opml,
    subscribe,
)

__all__ = [
    "DeskSubscription",
    "DiscoveredFeed",
    "ImportReport",
    "OpmlError",
    "OpmlFeed",
    "OpmlReport",
    "Subscription",
    "desk_feeds",
    "discover_feeds",
    "export_opml",
    "import_opml",
    "looks_like_feed",
    "read_opml",
    "subscribe",
    "subscribe_desk",
    "write_opml",
]

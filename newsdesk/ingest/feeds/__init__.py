"""Feed parsing: bytes in, entries and article rows out. Nothing here touches the network.

``parse_feed`` (parse.py) is the entry point: ``charset`` decodes, ``prolog`` cleans and
guards what precedes the root, ``shape`` refuses structures too costly to parse,
``xmlfeed`` (with its fast path ``plainrss``) and ``jsonfeed`` read the formats into the
types of ``model``, with ``fields`` and ``dates`` normalising one field at a time.
``article_rows`` turns a parsed feed into rows for the store (``parse_source``), and
``budget`` runs that in ``parse_worker`` processes within a CPU, memory and time budget.
"""

from newsdesk.ingest.feeds.article_rows import (
    FIELD_CAP_WARNING,
    ParsedSource,
    content_hash,
    parse_source,
    text_cut_note,
)
from newsdesk.ingest.feeds.budget import ParseBudget, ParseWorkers
from newsdesk.ingest.feeds.dates import parse_date
from newsdesk.ingest.feeds.fields import ITEM_CAP_WARNING
from newsdesk.ingest.feeds.model import Enclosure, FeedEntry, FeedError, ParsedFeed
from newsdesk.ingest.feeds.parse import entry_identity, is_summary_only, parse_feed

__all__ = [
    "FIELD_CAP_WARNING",
    "ITEM_CAP_WARNING",
    "Enclosure",
    "FeedEntry",
    "FeedError",
    "ParseBudget",
    "ParseWorkers",
    "ParsedFeed",
    "ParsedSource",
    "content_hash",
    "entry_identity",
    "is_summary_only",
    "parse_date",
    "parse_feed",
    "parse_source",
    "text_cut_note",
]

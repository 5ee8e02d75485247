"""Fetching: the only place newsdesk talks HTTP to the world.

``Fetcher`` and ``fetch_many`` fetch within the ``FetchSettings`` of ``newsdesk.options``
and never raise for a network fault; ``netguard`` refuses private addresses and non-http
schemes (the SSRF defence, also checked at connect time by ``transport``); ``response``
and ``compression`` read a body within its caps; ``faults`` names what went wrong;
``pollhints`` reads how often a feed asks to be polled.
"""

from newsdesk.ingest.network.fetch import (
    Fetcher,
    FetchRequest,
    FetchResult,
    fetch_many,
)
from newsdesk.ingest.network.netguard import IPNetwork, check_url, refusal_for_host, with_allow_hint
from newsdesk.ingest.network.pollhints import poll_hint_seconds

__all__ = [
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "IPNetwork",
    "check_url",
    "fetch_many",
    "poll_hint_seconds",
    "refusal_for_host",
    "with_allow_hint",
]

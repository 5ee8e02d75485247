"""newsdesk.ingest stage: sources' bytes in, article rows out.

One sub-package per concern; each ``__init__`` names what it offers:

- ``network``: the only place newsdesk talks HTTP (guarded fetches, SSRF checks, capped
  and decompressed bodies, fault descriptions, poll hints).
- ``feeds``: feed bytes to entries and article rows, with no network access (encoding,
  prolog, shape checks, the RSS/Atom/JSON Feed readers, dates, the parse budget).
- ``subscriptions``: which sources to fetch (subscribing, feed discovery, OPML, a desk's
  own source list).
- ``pages``: full text (article pages read with trafilatura, fetched for summary-only
  articles).
- ``bulk``: JSONL story sets and WARC archives streamed into the store.

``collect.py`` is the fetch stage that joins them (poll due sources, parse, store), and
``urls.py`` the one spelling of an article URL that all of them use.
"""

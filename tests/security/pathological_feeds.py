"""Feeds whose structure, not their size, makes them costly to parse (issue 20).

Used by tests/ingest/feeds/test_parse_budget.py and bench/parse_budget.py.
"""

from __future__ import annotations

HEAD = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'


def crowded_item(count: int) -> bytes:
    """One <item> carrying ``count`` attributes (feedparser's strict parser is quadratic)."""
    names = " ".join(f'a{n}="x"' for n in range(count))
    return f"{HEAD}<item {names}><title>x</title></item></channel></rss>".encode()


def unclosed_tags(count: int) -> bytes:
    """``count`` unclosed tags in one item (the lenient parser's worst case)."""
    return f"{HEAD}<item><title>x</title>{'<a>' * count}".encode()


def many_items(count: int) -> bytes:
    """``count`` small items, far past max_items."""
    body = "".join(f"<item><title>t{n}</title><link>http://e.example/{n}</link>"
                   f"<description>d {n}</description></item>" for n in range(count))
    return f"{HEAD}{body}</channel></rss>".encode()

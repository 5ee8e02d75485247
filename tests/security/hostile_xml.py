"""Hostile XML documents (feeds and OPML) built by the tests, each aimed at a loopback target.

``secret_url`` is a file or a loopback URL whose content must never appear anywhere.
"""

from __future__ import annotations

ITEM = (
    "<item><title>Story {n}</title><link>https://news.example/story/{n}</link>"
    "<guid>https://news.example/id/{n}</guid><description>{body}</description></item>"
)


def _feed(doctype: str, body: str) -> bytes:
    items = "".join(ITEM.format(n=n, body=body) for n in range(3))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<rss version="2.0"><channel>'
        f"<title>Hostile</title><link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


def billion_laughs(root: str = "rss") -> str:
    """Ten levels of ten references each: 10^9 copies of "lol" if expanded."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, 10)
    ]
    return f"<!DOCTYPE {root} [\n" + "\n".join(levels) + "\n]>"


def quadratic(root: str = "rss") -> str:
    """One 100 kB entity (referenced 50,000 times by the body): ~5 GB if expanded."""
    return f'<!DOCTYPE {root} [<!ENTITY a "{"x" * 100_000}">]>'


def hostile_feeds(secret_url: str, dtd_url: str) -> dict[str, bytes]:
    """Every XML attack on the feed parser, by name."""
    return {
        "billion laughs": _feed(billion_laughs(), "&lol9;"),
        "quadratic blowup": _feed(quadratic(), "&a;" * 50_000),
        "xxe file": _feed(f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret_url}">]>', "&xxe;"),
        "xxe passwd": _feed('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        "xxe http": _feed(f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{dtd_url}">]>', "&xxe;"),
        "xxe parameter entity": _feed(
            f'<!DOCTYPE rss [<!ENTITY % ext SYSTEM "{dtd_url}"> %ext;]>', "&leak;"
        ),
        "xxe public id": _feed(
            f'<!DOCTYPE rss [<!ENTITY xxe PUBLIC "-//X//Y" "{secret_url}">]>', "&xxe;"
        ),
        "xxe utf-16": _feed(
            f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret_url}">]>', "&xxe;"
        ).replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16"),
    }


def _opml(doctype: str, title: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<opml version="2.0"><head><title>{title}</title>'
        '</head><body><outline type="rss" text="Feed" xmlUrl="https://news.example/feed.xml"/>'
        "</body></opml>"
    ).encode()


def hostile_opml(secret_url: str, dtd_url: str) -> dict[str, bytes]:
    """Every XML attack on the OPML reader, by name."""
    return {
        "billion laughs": _opml(billion_laughs("opml"), "&lol9;"),
        "quadratic blowup": _opml(quadratic("opml"), "&a;" * 50_000),
        "xxe file": _opml(f'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret_url}">]>', "&xxe;"),
        "xxe passwd": _opml('<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
        "xxe http": _opml(f'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{dtd_url}">]>', "&xxe;"),
        "xxe parameter entity": _opml(
            f'<!DOCTYPE opml [<!ENTITY % ext SYSTEM "{dtd_url}"> %ext;]>', "&leak;"
        ),
        "lowercase declaration": _opml(
            f'<!DOCTYPE opml [<!entity xxe SYSTEM "{secret_url}">]>', "&xxe;"
        ),
        "xxe utf-16": _opml(
            f'<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret_url}">]>', "&xxe;"
        ).decode().encode("utf-16"),
    }

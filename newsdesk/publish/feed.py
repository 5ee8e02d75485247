"""An Atom 1.0 feed of editions (RFC 4287), each entry carrying the edition as safe HTML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from newsdesk import __version__
from newsdesk.output_files import write_atomic
from newsdesk.publish.pages import EditionPage, newest_first, plan_pages, render_edition_fragment
from newsdesk.publish.presentation import as_utc, edition_moment
from newsdesk.publish.sanitize import is_web_url, plain_text
from newsdesk.write.edition import Edition

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
# The date in our tag: URIs (RFC 4151) when the site has no host name of its own.
_TAG_DATE = "2025-01-01"


def render_atom(editions: Sequence[Edition], *, feed_url: str, site_url: str, title: str) -> bytes:
    """Return a valid Atom 1.0 document (UTF-8) with one entry per edition, newest first.

    Entry ids are stable ``tag:`` URIs built from the desk and edition id; entry content is
    the sanitised HTML of the edition; ``site_url`` may be relative (e.g. ``./``).
    """
    pages = plan_pages(newest_first(list(editions)))
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _add_text(feed, "title", plain_text(title) or "newsdesk")
    _add_text(feed, "id", feed_url if is_web_url(feed_url) else _tag_uri(site_url, "feed", title))
    _add_text(feed, "updated", _atom_time(_feed_updated(pages)))
    _add_link(feed, "self", feed_url, ATOM_TYPE)
    _add_link(feed, "alternate", site_url, "text/html")
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _add_text(author, "name", plain_text(title) or "newsdesk")
    generator = _add_text(feed, "generator", "newsdesk")
    generator.set("version", __version__)
    for page in pages:
        feed.append(_entry(page, site_url))
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_atom(editions: Sequence[Edition], path: Path, *, feed_url: str, site_url: str,
               title: str) -> Path:
    """Write the Atom feed to ``path`` atomically and return the path."""
    write_atomic(path, render_atom(editions, feed_url=feed_url, site_url=site_url, title=title))
    return path


def edition_href(page: EditionPage) -> str:
    """The path of an edition's page relative to the site root."""
    return f"editions/{page.slug}/index.html"


def _entry(page: EditionPage, site_url: str) -> ET.Element:
    """One feed entry for an edition."""
    edition = page.edition
    entry = ET.Element(f"{{{ATOM_NS}}}entry")
    _add_text(entry, "title", plain_text(edition.title) or edition.id)
    _add_text(entry, "id", _tag_uri(site_url, plain_text(edition.desk), edition.id,
                                    day=f"{as_utc(edition.created_at):%Y-%m-%d}"))
    _add_text(entry, "updated", _atom_time(edition_moment(edition)))
    _add_text(entry, "published", _atom_time(edition_moment(edition)))
    _add_link(entry, "alternate", urljoin(site_url, edition_href(page)), "text/html")
    author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
    _add_text(author, "name", plain_text(edition.desk_title) or plain_text(edition.desk))
    if plain_text(edition.intro):
        _add_text(entry, "summary", plain_text(edition.intro))
    base = site_url if is_web_url(site_url) else None
    content = _add_text(entry, "content", render_edition_fragment(edition, base_url=base))
    content.set("type", "html")
    return entry


def _feed_updated(pages: list[EditionPage]) -> datetime:
    """The feed's updated time: its newest edition, or now for an empty feed."""
    if not pages:
        return datetime.now(UTC)
    return max(edition_moment(page.edition) for page in pages)


def _tag_uri(site_url: str, *names: str, day: str = _TAG_DATE) -> str:
    """A ``tag:`` URI under the site's host name (or ``newsdesk``) for the given names."""
    authority = urlsplit(site_url).hostname if is_web_url(site_url) else None
    specific = ":".join(quote(plain_text(name), safe="-._~") for name in names)
    return f"tag:{authority or 'newsdesk'},{day}:{specific}"


def _atom_time(moment: datetime) -> str:
    """An RFC 3339 timestamp in UTC."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add_text(parent: ET.Element, name: str, text: str) -> ET.Element:
    """Append an Atom element holding ``text``."""
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}")
    element.text = text
    return element


def _add_link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    """Append an Atom link."""
    ET.SubElement(parent, f"{{{ATOM_NS}}}link", rel=rel, href=plain_text(href), type=media_type)

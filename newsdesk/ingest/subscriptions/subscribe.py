"""Subscriptions: add a source by feed or site URL, import and export OPML."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.feeds.parse import FeedError, parse_feed
from newsdesk.ingest.network.fetch import FetchRequest, fetch_many
from newsdesk.ingest.network.netguard import IPNetwork, refusal_for_host, with_allow_hint
from newsdesk.ingest.subscriptions.discover import discover_feeds, looks_like_feed
from newsdesk.ingest.subscriptions.opml import OpmlFeed, read_opml, write_opml
from newsdesk.ingest.urls import canonical_url, clip
from newsdesk.store import Source, Store
from newsdesk.store.sources import add_source


@dataclass
class Subscription:
    """The outcome of `source add`: which feed was subscribed, and how it was found."""

    source_id: int
    url: str
    title: str | None
    created: bool
    discovered_from: str | None = None


def _checked_url(url: str, allowed_networks: Iterable[IPNetwork] = ()) -> str:
    """The canonical http(s) URL of a new source, refused now if the fetcher would refuse it.

    Refused: other schemes (file:, gopher:...), obscured address spellings (2130706433,
    0x7f.1) and literal addresses outside the public internet and ``allowed_networks``.
    Hostnames are judged when fetched, after DNS resolution.
    """
    shown = repr(clip(url))  # a 5 MiB URL must not make a 5 MiB error line
    try:
        checked = canonical_url(url.strip())
    except ValueError as exc:
        # The reason quotes the URL as given; keep the error on one line whatever it holds.
        reason = " ".join(str(exc).split())
        raise NewsdeskError(f"not a usable feed URL {shown}: {reason}") from None
    if not checked:
        raise NewsdeskError(f"not a usable feed URL {shown}: only http and https are fetched")
    refusal = refusal_for_host(urlsplit(checked).hostname or "", allowed_networks)
    if refusal:
        raise NewsdeskError(f"not a usable feed URL {shown}: {with_allow_hint(refusal)}")
    return checked


def subscribe(
    store: Store,
    settings: Settings,
    url: str,
    *,
    folder: str | None = None,
    check: bool = True,
) -> Subscription:
    """Add a source by feed URL, or by site URL (the feed is discovered from the page)."""
    url = _checked_url(url, settings.allowed_networks)
    title = None
    discovered_from = None
    if check:
        url, title, discovered_from = _resolve_feed(settings, url)
    with store.session() as session:
        source, created = add_source(session, url, title=title, folder=folder,
                                     interval_minutes=settings.fetch.interval_minutes)
        return Subscription(source.id, source.url, source.title, created, discovered_from)


def _resolve_feed(settings: Settings, url: str) -> tuple[str, str | None, str | None]:
    """Fetch the URL once: a feed is taken as is; an HTML page is searched for its feed."""
    result = fetch_many([FetchRequest(url=url)], settings.fetch)[0]
    if result.error:
        error = with_allow_hint(result.error) if result.error_kind == "blocked" else result.error
        raise NewsdeskError(f"cannot fetch {url}: {error}")
    body = result.body or b""
    if looks_like_feed(body, result.content_type):
        return url, _feed_title(body, result.url, result.content_type), None
    feeds = discover_feeds(body, result.url)
    if not feeds:
        # The sniff reads only the first few kB; the parser has the last word, and its
        # reason (e.g. unsafe XML behind a long DTD) is the one worth showing.
        try:
            feed = parse_feed(body, url=result.url, content_type=result.content_type)
        except FeedError as exc:
            raise NewsdeskError(
                f"{url} is neither a feed nor a page that links to one ({exc})"
            ) from None
        return url, feed.title, None
    # The page is hostile input too: its feed link is vetted like a typed URL.
    feed_url = _checked_url(feeds[0].url, settings.allowed_networks)
    return feed_url, feeds[0].title, url


def _feed_title(body: bytes, url: str, content_type: str | None) -> str | None:
    try:
        return parse_feed(body, url=url, content_type=content_type).title
    except FeedError as exc:
        raise NewsdeskError(f"{url}: {exc}") from None


@dataclass
class ImportReport:
    """What an OPML import read and added."""

    path: str
    read: int = 0
    added: int = 0
    already: int = 0
    well_formed: bool = True
    problems: list[str] = field(default_factory=list)


def import_opml(
    store: Store,
    path: Path,
    *,
    folder: str | None = None,
    allowed_networks: Iterable[IPNetwork] = (),
    interval_minutes: int = 60,
) -> ImportReport:
    """Subscribe to every feed in an OPML file (leniently read); already known feeds are kept.
    New feeds are polled every `interval_minutes` (`[fetch] interval_minutes`).

    Feeds whose URL the fetcher would refuse (see _checked_url) are skipped as problems.
    Raises OpmlError (a NewsdeskError) for a file that is not OPML or is unsafe XML.
    """
    allowed_networks = tuple(allowed_networks)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NewsdeskError(f"cannot read {path}: {exc.strerror or exc}") from None
    opml = read_opml(data, name=str(path))
    report = ImportReport(str(path), read=len(opml.feeds), well_formed=opml.well_formed)
    report.problems = list(opml.problems)
    with store.session() as session:
        for feed in opml.feeds:
            try:
                url = _checked_url(feed.url, allowed_networks)
            except NewsdeskError as exc:
                report.problems.append(str(exc))
                continue
            _, created = add_source(
                session, url, title=feed.title, site_url=feed.site_url,
                folder=feed.folder or folder, interval_minutes=interval_minutes,
            )
            report.added += created
            report.already += not created
    return report


def export_opml(store: Store, *, title: str = "newsdesk subscriptions") -> bytes:
    """Every feed source as OPML 2.0, folders as nested outlines."""
    with store.session() as session:
        sources = session.scalars(
            select(Source).where(Source.kind == "feed").order_by(Source.folder, Source.id)
        ).all()
        feeds = [
            OpmlFeed(url=s.url, title=s.title, site_url=s.site_url, folder=s.folder)
            for s in sources
        ]
    return write_opml(feeds, title=title)

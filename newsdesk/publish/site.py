"""The static HTML site: an index of editions, a page per edition and per story, a feed.

The whole site is rendered into a fresh build directory and published with one atomic
switch (see ``newsdesk.publish.atomic``): readers never see half a site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urljoin

from newsdesk.errors import NewsdeskError
from newsdesk.publish.atomic import pause_for_fault_injection, publish_tree
from newsdesk.publish.feed import edition_href, render_atom
from newsdesk.publish.pages import EditionPage, newest_first, plan_pages, render_page
from newsdesk.publish.paths import safe_join
from newsdesk.publish.sanitize import is_web_url, plain_text
from newsdesk.write.edition import Edition

FEED_FILE = "feed.xml"
STATIC_FILES = ("style.css", "favicon.svg")


@dataclass
class SiteReport:
    """What a site build published."""

    out_dir: Path
    build_dir: Path
    editions: int
    stories: int
    files: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Number of HTML pages written."""
        return sum(1 for name in self.files if name.endswith(".html"))


def build_site(editions: Sequence[Edition], out_dir: Path, *, site_title: str,
               base_url: str | None = None) -> SiteReport:
    """Render the site for ``editions`` and publish it at ``out_dir`` atomically.

    ``out_dir`` becomes a symbolic link to a complete build; a crash at any point leaves
    the previous site (or none, on a first build) in place. ``base_url`` (absolute
    http(s)) makes the feed and canonical links absolute. Raises NewsdeskError on an
    unusable output directory or base URL.
    """
    base = _checked_base_url(base_url)
    pages = plan_pages(newest_first(list(editions)))
    written: list[str] = []
    title = plain_text(site_title) or "newsdesk"

    def render(build: Path) -> None:
        _write_site(build, pages, title, base, written)

    build = publish_tree(out_dir, render)
    return SiteReport(out_dir=out_dir, build_dir=build, editions=len(pages),
                      stories=sum(len(p.stories) for p in pages), files=written)


def edition_url(editions: Sequence[Edition], edition_id: str, base_url: str | None) -> str | None:
    """The absolute address of an edition's page on a site of ``editions`` served at
    ``base_url`` (None without one, or when the edition is not among them)."""
    base = _checked_base_url(base_url)
    for page in plan_pages(newest_first(list(editions))):
        if page.edition.id == edition_id:
            return _absolute(base, edition_href(page))
    return None


def _write_site(build: Path, pages: list[EditionPage], title: str, base: str | None,
                written: list[str]) -> None:
    """Write every file of the site into ``build``."""
    lang = pages[0].edition.language if pages else "en"
    common = {"site_title": title, "root": "", "lang": lang, "page_lang": lang}
    _write(build, "index.html", render_page("index.html", pages=pages,
                                            canonical=_absolute(base, "index.html"), **common),
           written)
    for asset in STATIC_FILES:
        _write(build, asset, files("newsdesk.publish").joinpath("templates", asset).read_bytes(),
               written)
    site_url = base or "./"
    feed_url = _absolute(base, FEED_FILE) or FEED_FILE
    _write(build, FEED_FILE, render_atom([p.edition for p in pages], feed_url=feed_url,
                                         site_url=site_url, title=title), written)
    for page in pages:
        _write_edition(build, page, base, {**common, "root": "../../",
                                           "lang": page.edition.language,
                                           "page_lang": page.edition.language}, written)


def _write_edition(build: Path, page: EditionPage, base: str | None, common: dict[str, str],
                   written: list[str]) -> None:
    """Write an edition's page and the pages of its stories."""
    folder = f"editions/{page.slug}"
    html = render_page("edition.html", edition=page.edition, page=page,
                       canonical=_absolute(base, edition_href(page)), **common)
    _write(build, f"{folder}/index.html", html, written)
    for item in page.stories:
        path = f"{folder}/{item.slug}.html"
        html = render_page("story.html", edition=page.edition, story=item.story,
                           canonical=_absolute(base, path), **common)
        _write(build, path, html, written)


def _write(build: Path, relative: str, content: str | bytes, written: list[str]) -> None:
    """Write one file of the build (inside it, whatever the name) and record it."""
    target = safe_join(build, *relative.split("/"))
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise NewsdeskError(f"cannot write {target}: {exc.strerror or exc}") from None
    written.append(relative)
    pause_for_fault_injection()


def _checked_base_url(base_url: str | None) -> str | None:
    """The base URL with a trailing slash; NewsdeskError unless it is absolute http(s)."""
    if base_url is None:
        return None
    if not is_web_url(base_url):
        raise NewsdeskError(f"site base URL must be an absolute http(s) URL: {base_url!r}")
    return base_url if base_url.endswith("/") else base_url + "/"


def _absolute(base: str | None, relative: str) -> str | None:
    """The absolute URL of a site path, when the site has a base URL."""
    return urljoin(base, relative) if base else None

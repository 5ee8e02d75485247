"""OPML source lists: a lenient reader for real-world files and a strict OPML 2.0 writer.

Many OPML files in the wild are not well-formed XML (unescaped ``&``, stray bytes, HTML in
attributes). The reader tries a strict, entity-safe parse first and falls back to a tag
tokenizer that reads ``<outline>`` attributes directly, so one bad character never loses a
source list. Entity declarations are refused outright: no DTD is fetched, nothing expands.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from newsdesk.errors import NewsdeskError

MAX_OPML_BYTES = 20 * 1024 * 1024
FEED_TYPES = frozenset({"rss", "atom", "feed", "rdf", "json", "jsonfeed"})
URL_SCHEMES = ("http://", "https://")
# Real folder trees are a few levels deep; a cap keeps recursion bounded on hostile input.
MAX_FOLDER_DEPTH = 32

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""")
_COMMENT_OR_CDATA = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.DOTALL)
# A tag whose quoted attribute values may contain ">" (titles like "NYT > Top Stories").
_OUTLINE_TAG = re.compile(
    r"""<(/?)outline\b((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""", re.IGNORECASE | re.DOTALL
)
_OUTLINE_START = re.compile(r"</?outline\b", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_HEAD_TITLE = re.compile(r"<head\b.*?<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_OPML_ROOT = re.compile(r"<opml\b", re.IGNORECASE)
# Only common inline HTML tags are stripped, so a literal "<2>" in a title survives.
_MARKUP = re.compile(
    r"</?(?:a|b|i|u|em|strong|span|p|br|font|small|sup|sub|div|img)\b[^<>]*>", re.IGNORECASE
)
_SPACES = re.compile(r"\s+")


class OpmlError(NewsdeskError):
    """The bytes are not OPML at all, or are unsafe XML (entity declarations)."""


@dataclass(frozen=True)
class OpmlFeed:
    """One feed outline: its feed URL, title, site URL and folder path ("Tech/China")."""

    url: str
    title: str | None = None
    site_url: str | None = None
    folder: str | None = None


@dataclass
class OpmlReport:
    """What an OPML import read: the feeds, the list title and every problem met on the way."""

    feeds: list[OpmlFeed] = field(default_factory=list)
    title: str | None = None
    problems: list[str] = field(default_factory=list)
    well_formed: bool = True
    outlines_seen: int = 0
    skipped: int = 0


@dataclass
class _Outline:
    """One outline as read by either parser: lower-cased attributes and child outlines."""

    attributes: dict[str, str]
    children: list[_Outline] = field(default_factory=list)


def read_opml(data: bytes, *, name: str = "<opml>") -> OpmlReport:
    """Read the feed outlines of an OPML file, leniently.

    Never raises for malformed XML: the report says ``well_formed=False`` and lists the
    problem. Raises OpmlError when the bytes are not OPML at all, too large, or declare
    XML entities (billion laughs, quadratic blowup, external entities).
    """
    refuse_unsafe_opml(data, name)
    try:
        title, outlines = parse_strictly(data, name)
        report = OpmlReport(title=title)
    except ET.ParseError as error:
        title, outlines = parse_leniently(data, name)
        report = OpmlReport(title=title, well_formed=False)
        report.problems.append(f"{name}: not well-formed XML ({error}); read leniently")
    collect_feeds(outlines, report, name)
    return report


def refuse_unsafe_opml(data: bytes, name: str) -> None:
    """Raise OpmlError for input no source list needs: empty, huge, or declaring entities."""
    if not data.strip():
        raise OpmlError(f"{name}: empty file, not OPML")
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"{name}: {len(data):,} bytes is larger than an OPML file can be")
    if _ENTITY_DECLARATION.search(data):
        raise OpmlError(f"{name}: declares XML entities; refused as unsafe")


def parse_strictly(data: bytes, name: str) -> tuple[str | None, list[_Outline]]:
    """Parse well-formed OPML with defusedxml; ParseError when it is not well-formed."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as error:
        raise OpmlError(f"{name}: unsafe XML refused ({type(error).__name__})") from error
    except (LookupError, ValueError) as error:
        # An encoding expat cannot use ("U-F-8", multi-byte codecs): the lenient reader can.
        raise ET.ParseError(f"unusable encoding declaration ({error})") from error
    if local_name(root.tag) != "opml":
        raise OpmlError(f"{name}: root element is <{local_name(root.tag)}>, not <opml>")
    title = None
    body = None
    for child in root:
        if local_name(child.tag) == "head":
            title = next((t.text for t in child if local_name(t.tag) == "title"), None)
        elif local_name(child.tag) == "body":
            body = child
    try:
        outlines = [outline_of(node) for node in outline_nodes(body)]
    except RecursionError as error:
        raise OpmlError(f"{name}: outlines nested too deeply") from error
    return clean_text(title), outlines


def local_name(tag: Any) -> str:
    """The lower-cased tag name without namespace (comments have no string tag)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def outline_nodes(parent: ET.Element | None) -> list[ET.Element]:
    """The direct <outline> children of an element."""
    if parent is None:
        return []
    return [child for child in parent if local_name(child.tag) == "outline"]


def outline_of(node: ET.Element, depth: int = 0) -> _Outline:
    """Turn an ElementTree outline (and its subtree) into an _Outline."""
    if depth > MAX_FOLDER_DEPTH:
        raise RecursionError(f"deeper than {MAX_FOLDER_DEPTH} levels")
    attributes = {key.rsplit("}", 1)[-1].lower(): value for key, value in node.attrib.items()}
    children = [outline_of(child, depth + 1) for child in outline_nodes(node)]
    return _Outline(attributes, children)


def parse_leniently(data: bytes, name: str) -> tuple[str | None, list[_Outline]]:
    """Read outlines from OPML that is not well-formed XML, tag by tag."""
    text = _COMMENT_OR_CDATA.sub(" ", decode_opml(data))
    if not _OPML_ROOT.search(text):
        raise OpmlError(f"{name}: no <opml> element, not OPML")
    head = _HEAD_TITLE.search(text)
    title = clean_text(head.group(1)) if head else None
    return title, nest_outline_tags(text)


def decode_opml(data: bytes) -> str:
    """Decode by BOM, then the XML declaration, then UTF-8; bad bytes become U+FFFD."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _XML_ENCODING.match(data)
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def nest_outline_tags(text: str) -> list[_Outline]:
    """Rebuild the outline tree from open, close and self-closing <outline> tags."""
    top: list[_Outline] = []
    stack: list[_Outline] = []
    for closing, attribute_text, self_closing in outline_tags(text):
        if closing:
            if stack:
                stack.pop()
            continue
        outline = _Outline(read_attributes(attribute_text))
        (stack[-1].children if stack else top).append(outline)
        # Unclosed tags in broken files would nest without end; past the cap they stay siblings.
        if not self_closing and len(stack) < MAX_FOLDER_DEPTH:
            stack.append(outline)
    return top


def outline_tags(text: str) -> Iterator[tuple[bool, str, bool]]:
    """Yield (closing, attribute text, self-closing) for each <outline> tag.

    A tag with broken quoting (an unescaped '"' inside a value) cannot be matched by the
    quote-aware pattern; it is then taken to run up to the next outline tag.
    """
    starts = [match.start() for match in _OUTLINE_START.finditer(text)] + [len(text)]
    for start, next_start in zip(starts, starts[1:], strict=False):
        # Bounded by the next tag, so broken quoting never scans the rest of the file.
        match = _OUTLINE_TAG.match(text, start, next_start)
        if match:
            closing, attribute_text, self_closing = match.groups()
            yield bool(closing), attribute_text, bool(self_closing)
            continue
        raw = text[start:next_start]
        raw = raw[: raw.rfind(">")] if ">" in raw else raw
        yield raw.startswith("</"), raw[len("<outline") :], raw.rstrip().endswith("/")


def read_attributes(attribute_text: str) -> dict[str, str]:
    """Attributes of one tag, names lower-cased, values entity-decoded."""
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(attribute_text):
        key, *values = match.groups()
        value = next((v for v in values if v is not None), "")
        attributes.setdefault(key.lower(), html.unescape(value))
    return attributes


def collect_feeds(outlines: list[_Outline], report: OpmlReport, name: str) -> None:
    """Walk the outline tree, adding each feed once (by URL) with its folder path."""
    seen: set[str] = set()
    for outline, folder in walk_outlines(outlines, ()):
        report.outlines_seen += 1
        url = feed_url(outline.attributes)
        if url is None:
            if not outline.children:
                report.skipped += 1
            continue
        if not url.lower().startswith(URL_SCHEMES):
            report.skipped += 1
            report.problems.append(f"{name}: skipped feed with non-web URL {url!r}")
            continue
        if url in seen:
            report.skipped += 1
            report.problems.append(f"{name}: skipped duplicate feed {url}")
            continue
        seen.add(url)
        report.feeds.append(feed_of(outline.attributes, url, folder))


def walk_outlines(
    outlines: list[_Outline], folder: tuple[str, ...]
) -> Iterator[tuple[_Outline, tuple[str, ...]]]:
    """Yield every outline with the folder names of the outlines that enclose it."""
    for outline in outlines:
        yield outline, folder
        if outline.children:
            name = outline_title(outline.attributes) or "Untitled"
            yield from walk_outlines(outline.children, (*folder, name))


def feed_url(attributes: dict[str, str]) -> str | None:
    """The feed URL of an outline: xmlUrl in any case, or url on an outline typed as a feed."""
    url = attributes.get("xmlurl")
    if not url and attributes.get("type", "").strip().lower() in FEED_TYPES:
        url = attributes.get("url")
    url = url.strip() if url else ""
    if url.lower().startswith("feed://"):
        url = "http://" + url[len("feed://") :]
    return url or None


def feed_of(attributes: dict[str, str], url: str, folder: tuple[str, ...]) -> OpmlFeed:
    """Build the OpmlFeed; with no enclosing folder, the category attribute names one."""
    title = outline_title(attributes)
    site_url = (attributes.get("htmlurl") or "").strip() or None
    path = "/".join(folder) if folder else category_folder(attributes.get("category"))
    return OpmlFeed(url=url, title=None if title == url else title, site_url=site_url, folder=path)


def outline_title(attributes: dict[str, str]) -> str | None:
    """An outline's title: title attribute, else text, with any HTML stripped."""
    return clean_text(attributes.get("title")) or clean_text(attributes.get("text"))


def category_folder(category: str | None) -> str | None:
    """The first category of a comma-separated list, as a folder path ("/Tech/China")."""
    if not category:
        return None
    first = category.split(",")[0].strip().strip("/")
    return first or None


def clean_text(value: str | None) -> str | None:
    """Plain text of an attribute or element: HTML tags stripped, entities decoded."""
    if not value:
        return None
    text = _SPACES.sub(" ", html.unescape(_MARKUP.sub(" ", value))).strip()
    return text or None


def write_opml(feeds: Iterable[OpmlFeed], *, title: str) -> bytes:
    """Write well-formed OPML 2.0; folder paths ("Tech/China") become nested outlines.

    Feeds keep their order within a folder; folders appear in the order first used.
    """
    root = ET.Element("opml", version="2.0")
    ET.SubElement(ET.SubElement(root, "head"), "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        parent = folder_element(folders, folder_path(feed.folder))
        ET.SubElement(parent, "outline", feed_attributes(feed))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def folder_path(folder: str | None) -> tuple[str, ...]:
    """A folder string as its path of names, empty parts dropped."""
    return tuple(part.strip() for part in (folder or "").split("/") if part.strip())


def folder_element(folders: dict[tuple[str, ...], ET.Element], path: tuple[str, ...]) -> ET.Element:
    """The outline element for a folder path, created (with its parents) on first use."""
    if path not in folders:
        parent = folder_element(folders, path[:-1])
        folders[path] = ET.SubElement(parent, "outline", text=path[-1], title=path[-1])
    return folders[path]


def feed_attributes(feed: OpmlFeed) -> dict[str, str]:
    """The outline attributes that describe one feed."""
    attributes = {"type": "rss", "text": feed.title or feed.url}
    if feed.title:
        attributes["title"] = feed.title
    attributes["xmlUrl"] = feed.url
    if feed.site_url:
        attributes["htmlUrl"] = feed.site_url
    return attributes

"""What an article page says it is: its section and its schema.org types.

A column can read as news in a feed while its page says otherwise:
`<meta property="article:section" content="Opinion">`, or JSON-LD
`{"@type": "OpinionNewsArticle", "articleSection": "Columnists"}`. The writer tells
reports from opinion with them (`newsdesk.write.opinion.kind_of`). Pure and bounded: the
page is hostile input, so only a few scripts of limited size are parsed, and what is
kept is capped.
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from collections.abc import Iterator
from typing import Any

MAX_SCRIPTS = 20
MAX_SCRIPT_CHARS = 200_000
MAX_NODES = 5_000  # JSON values walked per script
MAX_LABEL_CHARS = 120
MAX_TYPES = 8

_SECTION_TAG = re.compile(
    r"""<meta\b[^>]*?\b(?:property|name)\s*=\s*["']?article:section\b[^>]*>""", re.IGNORECASE)
_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_LD_JSON = re.compile(
    r"""<script\b[^>]*\btype\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script\s*>""",
    re.IGNORECASE | re.DOTALL)


def page_meta(page: str) -> dict[str, Any] | None:
    """The page's section and article types, e.g. `{"section": "Opinion", "types":
    ["OpinionNewsArticle"]}`; None when the page states neither. The `article:section`
    meta tag wins over JSON-LD's `articleSection`; types are those ending in "Article"
    (a page's people, images and organisations are not what it is)."""
    section = meta_section(page)
    types: list[str] = []
    for node in _ld_nodes(page):
        section = section or _label(node.get("articleSection"))
        for kind in _as_list(node.get("@type")):
            label = _label(kind)
            if label and label.endswith("Article") and label not in types:
                types.append(label)
    meta = {"section": section, "types": types[:MAX_TYPES]}
    return {key: value for key, value in meta.items() if value} or None


def meta_section(page: str) -> str | None:
    """The content of the page's `article:section` meta tag, unescaped and capped."""
    tag = _SECTION_TAG.search(page)
    content = _CONTENT.search(tag.group()) if tag else None
    return _label(html.unescape(content.group(1) or content.group(2) or "")) if content else None


def _ld_nodes(page: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of the page's JSON-LD scripts (nested ones and `@graph` members
    included), scripts that do not parse skipped."""
    for number, match in enumerate(_LD_JSON.finditer(page)):
        if number >= MAX_SCRIPTS:
            return
        script = match.group(1)
        if len(script) > MAX_SCRIPT_CHARS:
            continue
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in `data`, breadth first, at most MAX_NODES values looked at."""
    queue, seen = deque([data]), 0
    while queue and seen < MAX_NODES:
        value = queue.popleft()
        seen += 1
        if isinstance(value, dict):
            yield value
            queue.extend(value.values())
        elif isinstance(value, list):
            queue.extend(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _label(value: Any) -> str | None:
    """A string value as a short one-line label; None for anything else or blank."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), None)
    if not isinstance(value, str):
        return None
    label = " ".join(value.split())[:MAX_LABEL_CHARS]
    return label or None

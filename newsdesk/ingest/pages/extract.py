"""Full-text extraction: an article page's main text and metadata, with trafilatura.

Pure: bytes or text in, an ExtractedPage out. Nothing is fetched. Bytes are decoded with
the page's declared charset (BOM, then <meta charset>), else a detected one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from charset_normalizer import from_bytes
from dateutil import parser as date_parser

from newsdesk.store.storable import MAX_TEXT_CHARS

MAX_HTML_CHARS = 5_000_000
# Less than this is navigation or a teaser, not an article (a short Chinese flash still passes).
MIN_TEXT_CHARS = 50
_CHARSET_SNIFF_BYTES = 8192
_DETECT_BYTES = 1_000_000
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers read these labels as their supersets; so must we, or real pages lose characters.
_SUPERSET_CHARSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
    "latin1": "windows-1252",
    "ascii": "windows-1252",
    "us-ascii": "windows-1252",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
}
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][\w]+)?)""", re.IGNORECASE
)
_META_LANGUAGE = re.compile(
    r"""<meta[^>]+(?:http-equiv\s*=\s*["']?content-language["']?|property\s*=\s*["']og:locale["'])"""
    r"""[^>]*content\s*=\s*["']([A-Za-z]{2,3}(?:[-_]\w+)?)""",
    re.IGNORECASE,
)
# No extensive search: its guesses (a footer's copyright year) date articles wrongly.
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}

# trafilatura logs a warning for every page without main text; that is an answer, not news.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


@dataclass
class ExtractedPage:
    """An article page's main text and metadata; published is timezone-aware UTC."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    # The length of the main text before it was cut at MAX_TEXT_CHARS; None when not cut.
    text_cut_from: int | None = None


def extract_page(html: bytes | str, *, url: str | None = None) -> ExtractedPage | None:
    """The main text and metadata of an article page, or None when it has no main text.

    Bytes are decoded by the page's declared or detected charset; input is capped at
    MAX_HTML_CHARS characters and the text at MAX_TEXT_CHARS. Never fetches anything.
    """
    page = decode_page(html) if isinstance(html, bytes) else html
    page = page[:MAX_HTML_CHARS]
    if not page.strip():
        return None
    from trafilatura import bare_extraction  # heavy: loaded on first use

    document = bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < MIN_TEXT_CHARS:
        return None
    return ExtractedPage(
        text=text[:MAX_TEXT_CHARS],
        title=document.title or None,
        author=document.author or None,
        published=published_at(document.date),
        language=declared_language(page),
        site_name=document.sitename or None,
        description=document.description or None,
        canonical_url=document.url or url,
        image=document.image or None,
        text_cut_from=len(text) if len(text) > MAX_TEXT_CHARS else None,
    )


def decode_page(data: bytes) -> str:
    """Decode HTML bytes: BOM, then declared charset, then UTF-8, then a detected charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = declared_charset(data[:_CHARSET_SNIFF_BYTES])
    for encoding in (declared, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is not None:
        return data.decode(superset_charset(best.encoding), errors="replace")
    return data.decode(declared or "utf-8", errors="replace")


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a <meta> tag, as the codec browsers would use."""
    match = _META_CHARSET.search(head)
    if not match:
        return None
    return superset_charset(match.group(1).decode("ascii", errors="ignore"))


def superset_charset(label: str) -> str:
    """The codec to decode a charset label with (GB2312 and GBK pages as GB18030)."""
    label = label.strip().lower()
    return _SUPERSET_CHARSETS.get(label, label)


def published_at(value: str | None) -> datetime | None:
    """A trafilatura date string as an aware UTC datetime (naive dates taken as UTC)."""
    if not value:
        return None
    try:
        moment = date_parser.isoparse(value)
    except (ValueError, OverflowError):
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def declared_language(page: str) -> str | None:
    """The language a page declares (<html lang>, Content-Language, og:locale), e.g. "zh-cn"."""
    head = page[: _CHARSET_SNIFF_BYTES * 8]
    match = _HTML_LANG.search(head) or _META_LANGUAGE.search(head)
    return match.group(1).replace("_", "-").lower() if match else None

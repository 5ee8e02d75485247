"""File names for published pages: derived from titles and ids, never outside the output.

Titles and ids come from feeds and editors, so a slug is built from a whitelist of
characters, and every path is checked to stay under its root after resolution.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from newsdesk.errors import NewsdeskError

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Device names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


def safe_slug(text: str, *, max_length: int = 60, fallback: str = "item") -> str:
    """Return a file-name-safe slug of ``text``: ``[a-z0-9-]`` only, never empty, never ``..``.

    Accents are folded to ASCII; text with no usable letters (e.g. Chinese, or ``../``)
    becomes ``fallback`` plus a short hash of the text, so distinct inputs stay distinct.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:max_length].strip("-")
    if not slug or slug in _RESERVED:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        slug = f"{fallback}-{digest}" if not slug else f"{slug}-{digest}"
    return slug


def unique_slugs(texts: Iterable[str], *, fallback: str = "item") -> list[str]:
    """Slug each text, suffixing ``-2``, ``-3``... so that no two slugs in the list collide."""
    taken: set[str] = set()
    slugs: list[str] = []
    for text in texts:
        base = safe_slug(text, fallback=fallback)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def safe_join(root: Path, *parts: str) -> Path:
    """Join relative ``parts`` under ``root``; raise NewsdeskError if the result could escape it.

    Absolute parts, ``..`` segments, backslashes and NUL bytes are refused outright, and the
    resolved result (symlinks followed) must still lie under the resolved root.
    """
    for part in parts:
        if "\x00" in part or "\\" in part:
            raise NewsdeskError(f"unsafe path segment in output: {part!r}")
        pure = PurePosixPath(part)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise NewsdeskError(f"unsafe path segment in output: {part!r}")
    base = root.resolve()
    target = base.joinpath(*parts).resolve()
    if not target.is_relative_to(base) or target == base:
        raise NewsdeskError(f"path {'/'.join(parts)!r} escapes the output directory {root}")
    return target

"""A desk's keywords and patterns, matched against article titles and text.

Keywords match case-insensitively. A Latin keyword must stand as a word (`ARM` does not match
`farm`); a Chinese or Japanese one matches anywhere, as those scripts put no spaces between
words. All keywords are matched in one pass of one compiled pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

WORD_EDGE = "A-Za-z0-9"


def _is_spaced_script(keyword: str) -> bool:
    """True when the keyword is written in a script that separates words with spaces."""
    return all(ord(char) < 0x2E80 for char in keyword)


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    if not keywords:
        return None
    # Longest first, so "Li Auto" wins over "Li" inside one alternation.
    ordered = sorted(set(keywords), key=len, reverse=True)
    parts = [
        rf"(?<![{WORD_EDGE}]){re.escape(k)}(?![{WORD_EDGE}])" if _is_spaced_script(k)
        else re.escape(k)
        for k in ordered
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


class KeywordSet:
    """Keywords and regexes that can be searched for in a batch of texts at once."""

    def __init__(self, keywords: Sequence[str], patterns: Sequence[re.Pattern[str]]) -> None:
        self._by_folded = {k.casefold(): k for k in keywords}
        self._keywords = _keyword_pattern(keywords)
        self._patterns = tuple(patterns)

    def __bool__(self) -> bool:
        return self._keywords is not None or bool(self._patterns)

    def matches(self, texts: Iterable[str]) -> list[str]:
        """The keywords (as configured) and patterns (as written) found in any of `texts`."""
        found: dict[str, None] = {}
        for text in texts:
            if self._keywords is not None:
                for match in self._keywords.finditer(text):
                    found.setdefault(self._by_folded.get(match.group().casefold(), match.group()))
            for pattern in self._patterns:
                label = f"/{pattern.pattern}/"
                if label not in found and pattern.search(text):
                    found[label] = None
        return list(found)

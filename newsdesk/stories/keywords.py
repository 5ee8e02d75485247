"""A desk's keywords and patterns, matched against article titles and text.

Keywords match case-insensitively. A Latin keyword must stand as a word (`ARM` does not match
`farm`); a Chinese or Japanese one matches anywhere, as those scripts put no spaces between
words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

WORD_EDGE = "A-Za-z0-9"


def _is_spaced_script(keyword: str) -> bool:
    """True when the keyword is written in a script that separates words with spaces."""
    return all(ord(char) < 0x2E80 for char in keyword)


def _keyword_check(keyword: str) -> re.Pattern[str] | None:
    """The word-boundary check a keyword needs once found as a substring, if any."""
    if not _is_spaced_script(keyword):
        return None
    return re.compile(rf"(?<![{WORD_EDGE}]){re.escape(keyword)}(?![{WORD_EDGE}])", re.IGNORECASE)


class KeywordSet:
    """Keywords and regexes that can be searched for in a batch of texts at once."""

    def __init__(self, keywords: Sequence[str], patterns: Sequence[re.Pattern[str]]) -> None:
        # A plain substring search finds candidates fast; the boundary regex then confirms.
        self._keywords = [(k, k.casefold(), _keyword_check(k)) for k in dict.fromkeys(keywords)]
        self._patterns = tuple(patterns)

    def __bool__(self) -> bool:
        return bool(self._keywords) or bool(self._patterns)

    def matches(self, texts: Iterable[str]) -> list[str]:
        """The keywords (as configured) and patterns (as `/pattern/`) found in any of `texts`,
        in the order they are configured."""
        found: set[str] = set()
        for text in texts:
            folded = text.casefold()
            for keyword, needle, check in self._keywords:
                if keyword not in found and needle in folded and (
                    check is None or check.search(text)
                ):
                    found.add(keyword)
            for pattern in self._patterns:
                label = f"/{pattern.pattern}/"
                if label not in found and pattern.search(text):
                    found.add(label)
        ordered = [k for k, _, _ in self._keywords] + [f"/{p.pattern}/" for p in self._patterns]
        return [label for label in ordered if label in found]

"""A story's headline, chosen from its sources' titles and trimmed like an editor would.

The headline is always a substring of one source title: outlet names, labels such as
"BREAKING:" and over-long tails are cut, nothing is reworded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

MAX_HEADLINE_WORDS = 14
"""A headline longer than this (in words) is cut at its last clause boundary before it."""

_LABEL = re.compile(
    r"^\s*((breaking|exclusive|update[d]?|watch|video|live|live updates|opinion|analysis|"
    r"editorial|explainer|fact check|just in|developing|review|eilmeldung|liveblog|"
    r"live-ticker|exclusief|exclusif|en direct|última hora|快讯|突发|独家)\s*[:|\-–—]\s*)",
    re.IGNORECASE,
)
_SITE_SEPARATOR = re.compile(r"\s+[|\-–—•·:]{1,2}\s+|\s*[|｜]\s*|\s*[-–—]{2}\s*")
_CLAUSE_BOUNDARY = re.compile(r"(;|:|,|\s[-–—]+)\s+")


def clean_title(title: str, outlet: str | None = None) -> str:
    """A title without labels ("BREAKING:"), the site name after it (" - Reuters",
    " | CNN") or a final full stop. Returns a substring of `title`."""
    cleaned = title.strip()
    label = _LABEL.match(cleaned)
    if label and len(cleaned) - label.end() > 10:
        cleaned = cleaned[label.end():]
    cleaned = _strip_site_name(cleaned, outlet)
    return _strip_full_stop(cleaned.strip())


def _strip_full_stop(title: str) -> str:
    """Drop a title's final full stop, but not the dot of an abbreviation ("U.S.", "Inc.")."""
    if not title.endswith((".", "。")) or title.endswith(".."):
        return title
    last_word = title.split()[-1] if title.split() else ""
    if "." in last_word[:-1] or (last_word[:1].isupper() and len(last_word) <= 4):
        return title
    return title[:-1]


def _strip_site_name(title: str, outlet: str | None) -> str:
    """Cut a trailing segment after a separator when it names the site, not the news."""
    separators = list(_SITE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    tail = title[last.end():].strip()
    head = title[: last.start()].strip()
    if len(head.split()) < 3:
        return title
    if _names_outlet(tail, outlet) or ("|" in last.group() and len(tail.split()) <= 6):
        return head
    return title


def _names_outlet(tail: str, outlet: str | None) -> bool:
    """True when the tail looks like a site name: the outlet itself, or a short proper
    name ("The Verge", "BBC News", "nytimes.com")."""
    words = tail.split()
    if not words or len(words) > 5:
        return False
    folded = _fold_name(tail)
    if outlet and folded and (folded in _fold_name(outlet) or _fold_name(outlet) in folded):
        return True
    if re.fullmatch(r"[\w.-]+\.(com|net|org|co\.uk|de|nl|fr|es|cn|jp)", tail, re.IGNORECASE):
        return True
    return len(words) <= 3 and all(word[:1].isupper() for word in words if word.isalpha())


def _fold_name(name: str) -> str:
    """An outlet name reduced to letters for matching ("The New York Times" ~ "nytimes")."""
    name = re.sub(r"\(.*?\)", "", name.lower())
    name = re.sub(r"^the\s+|\.com$", "", name.strip())
    return re.sub(r"[^\w]", "", name)


def trim_title(title: str, max_words: int = MAX_HEADLINE_WORDS) -> str:
    """Cut an over-long title at the last clause boundary (; : , —) within `max_words`
    that leaves a headline of at least five words; a title with no such boundary is kept."""
    if len(title.split()) <= max_words:
        return title
    best = title
    for boundary in _CLAUSE_BOUNDARY.finditer(title):
        head = title[: boundary.start()].rstrip()
        words = len(head.split())
        if words > max_words:
            break
        if words >= 5:
            best = head
    return best


def choose_headline(titles: Sequence[Counter[str]], story_words: Sequence[Counter[str]]) -> int:
    """Index of the most representative title: the one sharing most words with the other
    sources (their titles and opening sentences), each source's copy weighted equally.

    `titles[i]` holds the content words of title i, `story_words[i]` those of source i's
    title plus lead; ties go to the earlier source.
    """
    best_index, best_score = 0, -1.0
    for index, title in enumerate(titles):
        if not title:
            continue
        score = _title_support(index, title, story_words)
        if score > best_score + 1e-9:
            best_index, best_score = index, score
    return best_index


def _title_support(index: int, title: Counter[str], story_words: Sequence[Counter[str]]) -> float:
    """How much of the title the other sources confirm, per title word (0..1 per source)."""
    others = [words for other, words in enumerate(story_words) if other != index]
    if not others:
        return 0.0
    shared = sum(len(title.keys() & words.keys()) for words in others)
    return shared / (len(others) * len(title) ** 0.5)

"""What a sentence adds to a write-up: its names, numbers and content words not yet said.

Outlets agreeing on a fact is what makes it the story, but each tells it in its own words:
"Biden pledged to cut U.S. greenhouse gas emissions in half by 2030" and "Biden will
announce a 50%-52% reduction by 2030" share few word pairs and are still one fact. Two
sentences state one fact when most of the shorter one's content words (stemmed) are in
the other, or when they share a number and a name and a good part of their words; a
sentence that adds too few words of its own says nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsdesk.options import COPY_RULES
from newsdesk.write.words import CopyWords

# The rules' values and where they come from: newsdesk.options (CopyRules).
SAME_FACT_OVERLAP = COPY_RULES.same_fact_overlap
SAME_FACT_ANCHORED = COPY_RULES.same_fact_anchored
SAME_FIGURE_WORDS = COPY_RULES.same_figure_words
DISPUTED_OVERLAP = COPY_RULES.disputed_overlap
MIN_NOVELTY = COPY_RULES.min_novelty

_SHORTEST = 4  # content stems; shorter sentences are compared on their anchors only
_NUMBER = re.compile(r"\d[\d,.]*%?(?: (?:million|billion|trillion)\b)?"
                     r"|\b(?:half|double|triple|third|quarter)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_AS_FIGURE = {"half": "50%", "quarter": "25%"}  # "cut in half" is "a 50% cut"
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][\w’'.-]+")
_SUFFIXES = ("ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ied", "ies", "ed",
             "es", "ly", "s")


@dataclass(frozen=True)
class Fact:
    """What one sentence states, for telling it from the others: its content stems, and
    its anchors (numbers, and names written with a capital inside the sentence)."""

    stems: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, text: str, words: CopyWords | Iterable[str]) -> Fact:
        """The fact of a sentence from its text and its content words."""
        content = words.content if isinstance(words, CopyWords) else words
        numbers = {match.group().lower().rstrip(".,") for match in _NUMBER.finditer(text)}
        numbers |= {_AS_FIGURE[n] for n in numbers if n in _AS_FIGURE}
        names = {match.group().rstrip(".’'").lower() for match in _NAME.finditer(text)}
        return cls(frozenset(stem(word) for word in content), frozenset(numbers),
                   frozenset(stem(name) for name in names))


def stem(word: str) -> str:
    """A light English stem: a common suffix off a word that keeps four letters without
    it ("announced", "announcement" -> "announc"); other words as they are."""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def same_fact(a: Fact, b: Fact) -> bool:
    """True when two sentences state one fact (see the module docstring)."""
    if not a.stems or not b.stems:
        return False
    overlap = len(a.stems & b.stems) / min(len(a.stems), len(b.stems))
    anchored = bool(a.numbers & b.numbers) and bool(a.names & b.names)
    if anchored and overlap >= SAME_FACT_ANCHORED:
        return True
    shared = len(a.stems & b.stems)
    if _figures(a.numbers & b.numbers) and shared >= SAME_FIGURE_WORDS:
        return True
    if _not_years(a.numbers & b.numbers) and shared >= SAME_FIGURE_WORDS + 1:
        return True  # "pledged to cut ... in half" twice: any number but a year, more words
    shortest = min(len(a.stems), len(b.stems))
    return shortest >= _SHORTEST and overlap >= SAME_FACT_OVERLAP


def disputes(a: Fact, b: Fact) -> bool:
    """True when two sentences tell one fact with other figures ("at least 12 people
    died ..." / "at least 15 people died ..."): both give numbers, none in common, and
    `DISPUTED_OVERLAP` of the shorter one's content stems are in the other."""
    if not a.numbers or not b.numbers or a.numbers & b.numbers:
        return False
    shortest = min(len(a.stems), len(b.stems))
    return shortest >= _SHORTEST and len(a.stems & b.stems) / shortest >= DISPUTED_OVERLAP


def _figures(numbers: frozenset[str]) -> set[str]:
    """The numbers that pin a fact: a figure with a thousands separator, a decimal point,
    a percent sign or a scale ("1 million"), or of three digits or more, but not a year
    ("2030") nor a word ("half")."""
    return {n for n in numbers if n[0].isdigit() and (
        any(mark in n for mark in ",.% ") or (len(n) >= 3 and not _YEAR.fullmatch(n)))}


def _not_years(numbers: frozenset[str]) -> set[str]:
    """The numbers that are not years."""
    return {n for n in numbers if not _YEAR.fullmatch(n)}


def novelty(fact: Fact, said: set[str]) -> float:
    """Share of the sentence's content stems not in `said` (1 for a sentence with none)."""
    if not fact.stems:
        return 1.0
    return len(fact.stems - said) / len(fact.stems)

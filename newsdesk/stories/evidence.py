"""What an article offers as evidence of its story: terms, headline terms, named things.

Term weights are tf-idf with document frequencies known only up to the moment the article
arrives (online idf), so a stream never looks ahead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from newsdesk.text.tokens import tokenize

# Terms and named things are read from the title and lead: the event is told there.
EVIDENCE_TEXT_CHARS = 3000
# Without a title, the opening words of the text stand in for the headline.
STAND_IN_TITLE_TOKENS = 12

# Digits grouped by thousands or decimal separators; "10:6" and "10-6" both give 10 and 6.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![\w])([A-Z][\w'’-]*\w|[A-Z]{2,})")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"“”«»]\s+|\n\s*)$")
_LATIN_IN_HAN = re.compile(r"[A-Za-z][A-Za-z0-9]+")
_WORD = re.compile(r"\w[\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass
class ArticleEvidence:
    """The sparse evidence of one article, with its language and date."""

    lang: str | None
    terms: dict[str, float]
    headline: dict[str, float]
    entities: dict[str, float]
    day: date | None


def sublinear_counts(tokens: list[str]) -> dict[str, float]:
    """1 + log(tf) per distinct token."""
    return {t: 1.0 + math.log(c) for t, c in Counter(tokens).items()}


def read_entities(text: str, lang: str | None) -> dict[str, float]:
    """Names and numbers of `text`: capitalised words not opening a sentence, plus numbers.

    A capitalised word that the text also uses in lower case is an ordinary word (a
    headline in title case), not a name; a possessive counts as its name. Names and
    numbers are spelt alike in most languages, so they carry evidence across languages.
    """
    found = [n.replace(",", "").replace(".", "") for n in _NUMBER.findall(text)]
    if lang in ("zh", "ja", "ko"):
        found += [w.lower() for w in _LATIN_IN_HAN.findall(text)]
    else:
        common = {w.lower() for w in _WORD.findall(text) if w[0].islower()}
        for match in _CAPITALISED.finditer(text):
            if _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                continue
            name = _POSSESSIVE.sub("", match.group(1).lower())
            if name not in common:
                found.append(name)
    return sublinear_counts([f for f in found if len(f) > 1 or f.isdigit()])


def numbers_of(entities: Iterable[str]) -> set[str]:
    """The numbers of at least two digits among an article's entities (language-free)."""
    return {e for e in entities if len(e) > 1 and e.isdigit()}


def read_evidence(
    title: str | None, text: str, lang: str | None, day: date | None
) -> ArticleEvidence:
    """Tokenise an article's title and lead into term, headline and entity weights."""
    lead = (text or "")[:EVIDENCE_TEXT_CHARS]
    body_tokens = tokenize(lead, lang)
    title_tokens = tokenize(title, lang) if title else body_tokens[:STAND_IN_TITLE_TOKENS]
    terms = sublinear_counts(title_tokens + body_tokens if title else body_tokens)
    entity_source = lead if lead.strip() else (title or "")
    return ArticleEvidence(
        lang=lang,
        terms=terms,
        headline=sublinear_counts(title_tokens),
        entities=read_entities(entity_source, lang),
        day=day,
    )


class TermStatistics:
    """Online document frequencies: how many articles so far used each term."""

    def __init__(self, documents: int = 0, frequencies: dict[str, int] | None = None) -> None:
        self.documents = documents
        self.frequencies: dict[str, int] = dict(frequencies or {})

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency given the articles seen so far."""
        return math.log((self.documents + 1) / (self.frequencies.get(term, 0) + 1)) + 1.0

    def add(self, evidence: ArticleEvidence) -> None:
        """Count one more article with its distinct terms and entities."""
        self.documents += 1
        for term in set(evidence.terms) | set(evidence.entities):
            self.frequencies[term] = self.frequencies.get(term, 0) + 1

    def weigh(self, counts: dict[str, float]) -> dict[str, float]:
        """Tf-idf weights of `counts`, scaled to unit length."""
        log, frequencies = math.log, self.frequencies
        base = log(self.documents + 1) + 1.0
        weighted = {t: c * (base - log(frequencies.get(t, 0) + 1)) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values()))
        return {t: w / norm for t, w in weighted.items()} if norm else {}

    def cosine(self, article: dict[str, float], story: dict[str, float]) -> float:
        """Cosine of an article's unit tf-idf weights with a story's summed term counts."""
        if not article or not story or article.keys().isdisjoint(story):
            return 0.0
        story_weighted = self.weigh(story)
        return sum(w * story_weighted.get(t, 0.0) for t, w in article.items())

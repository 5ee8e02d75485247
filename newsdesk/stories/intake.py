"""Make any article safe to model: bounded text, a language, a plausible date, and why.

Bad input is never an error here: each oddity is handled the same way every time and the
handling is recorded as a reason on the article's assignment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from newsdesk.stories.dedup import CopyDetector, Fingerprint
from newsdesk.stories.evidence import ArticleEvidence, read_evidence
from newsdesk.stories.model import StoryArticle
from newsdesk.text.language import detect_language, normalise_language

# A 5 MB page is not a news article: the title and lead decide its story, and a bounded
# prefix keeps time and memory bounded too.
MODEL_TEXT_CHARS = 100_000
# Dates before this are parsing accidents (the Unix epoch, year 0), not publication dates.
EARLIEST_PLAUSIBLE = date(1990, 1, 1)


@dataclass
class PreparedArticle:
    """An article after intake: what the engine models, with the reasons for any handling."""

    article: StoryArticle
    day: date | None
    reasons: list[str]

    @property
    def is_empty(self) -> bool:
        """Whether there is neither title nor text to model."""
        return not (self.article.text.strip() or (self.article.title or "").strip())


def prepare_article(article: StoryArticle, today: date | None) -> PreparedArticle:
    """Bound the text, settle the language and the date; `today` bounds future dates."""
    reasons: list[str] = []
    text = article.text or ""
    if len(text) > MODEL_TEXT_CHARS:
        text = text[:MODEL_TEXT_CHARS]
        reasons.append(f"text truncated to {MODEL_TEXT_CHARS} characters")
    title = article.title.strip() if article.title and article.title.strip() else None
    if not text.strip():
        reasons.append("empty text and no title" if title is None else "title only")
    lang = normalise_language(article.lang) or detect_language(f"{title or ''}\n{text[:2000]}")
    if lang is None and (title or text.strip()):
        reasons.append("language not identified")
    day = _plausible_day(article.published, today, reasons)
    cleaned = StoryArticle(
        id=article.id,
        title=title,
        text=text,
        lang=lang,
        published=article.published,
        source=article.source,
        url=article.url,
    )
    return PreparedArticle(cleaned, day, reasons)


def _plausible_day(
    published: datetime | None, today: date | None, reasons: list[str]
) -> date | None:
    if published is None:
        return None
    day = published.date()
    if day < EARLIEST_PLAUSIBLE:
        reasons.append(f"implausible date {day.isoformat()} ignored")
        return None
    if today is not None and (day - today).days > 1:  # a day of slack for time zones
        reasons.append(f"future date {day.isoformat()} ignored")
        return None
    return day


@dataclass(frozen=True)
class ArticleFacts:
    """Everything the ordered pass reads of one article that does not depend on the
    stream: the prepared article, its copy fingerprint (None when empty) and its evidence.

    A backfill reads these in parallel (like vectors); the ordered pass then only compares.
    """

    prepared: PreparedArticle
    fingerprint: Fingerprint | None
    evidence: ArticleEvidence


def read_facts(article: StoryArticle, today: date | None, copies: CopyDetector) -> ArticleFacts:
    """Prepare `article`, fingerprint it with `copies`' settings and read its evidence."""
    prepared = prepare_article(article, today)
    clean = prepared.article
    fingerprint = None if prepared.is_empty else copies.fingerprint(clean)
    evidence = read_evidence(clean.title, clean.text, clean.lang, prepared.day)
    return ArticleFacts(prepared, fingerprint, evidence)

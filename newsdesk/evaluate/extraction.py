"""How well full-text extraction does on pages with known answers.

Two public test sets are read by path: mozilla/readability's test pages (source.html and
expected-metadata.json per case) and newspaper4k's tests/data (html/, metadata/, txt/).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path

from dateutil import parser as date_parser

from newsdesk.ingest.pages.extract import ExtractedPage, extract_page

# One token per CJK/kana/hangul character, otherwise runs of letters and digits.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W_]+")
_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|door)\s+", re.IGNORECASE)


@dataclass
class ExtractionScores:
    """Matches over the cases that have an expected value, and mean token F1 of the text."""

    pages: int = 0
    extracted: int = 0
    title_cases: int = 0
    title_exact: int = 0
    title_normalised: int = 0
    title_contained: int = 0
    byline_cases: int = 0
    byline_matches: int = 0
    date_cases: int = 0
    date_matches: int = 0
    text_cases: int = 0
    text_f1: list[float] = field(default_factory=list)

    def rate(self, hits: int, cases: int) -> float:
        """A share in [0, 1]; 0 when there were no cases."""
        return hits / cases if cases else 0.0

    def summary(self) -> dict[str, float | int]:
        """The figures to report and to pin floors on."""
        return {
            "pages": self.pages,
            "extracted": self.extracted,
            "title_exact": round(self.rate(self.title_exact, self.title_cases), 3),
            "title_normalised": round(self.rate(self.title_normalised, self.title_cases), 3),
            "title_contained": round(self.rate(self.title_contained, self.title_cases), 3),
            "title_cases": self.title_cases,
            "byline": round(self.rate(self.byline_matches, self.byline_cases), 3),
            "byline_cases": self.byline_cases,
            "date": round(self.rate(self.date_matches, self.date_cases), 3),
            "date_cases": self.date_cases,
            "text_f1": round(sum(self.text_f1) / len(self.text_f1), 3) if self.text_f1 else 0.0,
            "text_cases": self.text_cases,
        }


def normalise(value: str | None) -> str:
    """Case-folded, NFKC, punctuation-free, single-spaced text for lenient comparison."""
    text = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(_TOKEN.findall(text))


def tokens(value: str) -> list[str]:
    """Comparison tokens: words, or single characters for scripts without spaces."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", value).casefold())


def token_f1(found: str, expected: str) -> float:
    """Bag-of-tokens F1 between extracted and expected text."""
    found_counts, expected_counts = Counter(tokens(found)), Counter(tokens(expected))
    overlap = sum((found_counts & expected_counts).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(found_counts.values())
    recall = overlap / sum(expected_counts.values())
    return 2 * precision * recall / (precision + recall)


def byline_matches(found: str | None, expected: str) -> bool:
    """Whether the extracted author names the expected byline (either contains the other)."""
    wanted = normalise(_BYLINE_PREFIX.sub("", expected.strip()))
    got = normalise(found)
    return bool(wanted and got) and (wanted in got or got in wanted)


def score_title(scores: ExtractionScores, page: ExtractedPage | None, expected: str | None) -> None:
    """Count one expected title: exact and normalised match."""
    if not expected:
        return
    scores.title_cases += 1
    title = page.title if page else None
    scores.title_exact += (title or "").strip() == expected.strip()
    found, wanted = normalise(title), normalise(expected)
    scores.title_normalised += found == wanted
    # Readability keeps site suffixes ("... - Wikipedia"); containment forgives that.
    scores.title_contained += bool(found) and (found in wanted or wanted in found)


def score_date(scores: ExtractionScores, page: ExtractedPage | None, expected: str | None) -> None:
    """Count one expected publication date, compared by calendar day."""
    if not expected or expected == "None":
        return
    scores.date_cases += 1
    found = page.published.date() if page and page.published else None
    scores.date_matches += found is not None and found == utc_day(expected)


def utc_day(value: str) -> date | None:
    """The UTC calendar day of an expected date string (naive values taken as UTC)."""
    try:
        moment = date_parser.parse(value)
    except (ValueError, OverflowError):
        return None
    return moment.astimezone(UTC).date() if moment.tzinfo else moment.date()


def score_readability_pages(folder: Path) -> ExtractionScores:
    """Score extraction on mozilla/readability test pages (title, byline, date)."""
    scores = ExtractionScores()
    for case in sorted(path for path in folder.iterdir() if (path / "source.html").exists()):
        expected = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        page = extract_page((case / "source.html").read_bytes())
        scores.pages += 1
        scores.extracted += page is not None
        score_title(scores, page, expected.get("title"))
        if expected.get("byline"):
            scores.byline_cases += 1
            scores.byline_matches += byline_matches(
                page.author if page else None, expected["byline"]
            )
        score_date(scores, page, expected.get("publishedTime"))
    return scores


def score_newspaper_pages(folder: Path) -> ExtractionScores:
    """Score extraction on newspaper4k's test pages that have expected metadata and text."""
    scores = ExtractionScores()
    for meta_path in sorted((folder / "metadata").glob("*.json")):
        html_path = folder / "html" / f"{meta_path.stem}.html"
        if not html_path.exists():
            continue
        expected = json.loads(meta_path.read_text(encoding="utf-8"))
        page = extract_page(html_path.read_bytes(), url=expected.get("url"))
        scores.pages += 1
        scores.extracted += page is not None
        score_title(scores, page, expected.get("title"))
        authors = expected.get("authors") or []
        if authors:
            scores.byline_cases += 1
            scores.byline_matches += any(
                byline_matches(page.author if page else None, name) for name in authors
            )
        score_date(scores, page, expected.get("publish_date"))
        text_path = folder / "txt" / f"{meta_path.stem}.txt"
        if text_path.exists():
            scores.text_cases += 1
            scores.text_f1.append(
                token_f1(page.text if page else "", text_path.read_text(encoding="utf-8"))
            )
    return scores

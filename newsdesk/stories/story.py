"""A story as the engine holds it while it is active: running sums, not member lists."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date

import numpy as np

# How many of a story's latest member vectors are kept for nearest-member similarity.
RECENT_MEMBERS = 16
# A story's term profiles keep their heaviest terms only: bounded memory and time.
PROFILE_TERMS = 150
# Each recent member keeps its heaviest names and numbers, to compare a newcomer with.
MEMBER_MARKS = 40


@dataclass
class Story:
    """Running evidence of one story: vector sum, term profiles, languages, sources, dates."""

    id: str
    size: int = 0
    copies: int = 0
    vector_sum: np.ndarray = field(default_factory=lambda: np.zeros(0))
    recent: list[np.ndarray] = field(default_factory=list)
    marks: list[list[str]] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    headline: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    first_day: date | None = None
    last_day: date | None = None
    last_seen: int = 0

    def centroid(self) -> np.ndarray:
        """The unit-length mean vector of the story's original articles."""
        norm = float(np.linalg.norm(self.vector_sum))
        return (
            (self.vector_sum / norm).astype(np.float32)
            if norm
            else self.vector_sum.astype(np.float32)
        )

    def cohesion(self) -> float:
        """Mean similarity of the story's articles to its centroid: 1 for one article."""
        return float(np.linalg.norm(self.vector_sum)) / self.size if self.size else 1.0

    def language_share(self, lang: str | None) -> float:
        """Fraction of the story's articles written in `lang`."""
        if lang is None or not self.size:
            return 0.0
        return self.languages.get(lang, 0) / self.size

    def days_apart(self, day: date | None) -> int | None:
        """Days between `day` and the story's nearest dated edge, None if either is unknown."""
        if day is None or self.first_day is None or self.last_day is None:
            return None
        if self.first_day <= day <= self.last_day:
            return 0
        return min(abs((day - self.first_day).days), abs((day - self.last_day).days))

    def absorb(self, other: Story) -> None:
        """Fold another story's evidence into this one (a merge)."""
        self.size += other.size
        self.copies += other.copies
        self.vector_sum = self.vector_sum + other.vector_sum
        self.recent = (self.recent + other.recent)[-RECENT_MEMBERS:]
        self.marks = (self.marks + other.marks)[-RECENT_MEMBERS:]
        self.terms = trim_profile(add_counts(self.terms, other.terms))
        self.headline = trim_profile(add_counts(self.headline, other.headline))
        self.entities = trim_profile(add_counts(self.entities, other.entities))
        self.languages = add_counts(self.languages, other.languages)
        self.sources = add_counts(self.sources, other.sources)
        self.first_day = _earliest(self.first_day, other.first_day)
        self.last_day = _latest(self.last_day, other.last_day)
        self.last_seen = max(self.last_seen, other.last_seen)

    def state(self) -> dict:
        """JSON-serialisable form; `Story.from_state` restores it exactly."""
        return {
            "id": self.id,
            "size": self.size,
            "copies": self.copies,
            "vector_sum": encode_array(self.vector_sum.astype(np.float64)),
            "recent": [encode_array(v.astype(np.float32)) for v in self.recent],
            "marks": self.marks,
            "terms": self.terms,
            "headline": self.headline,
            "entities": self.entities,
            "languages": self.languages,
            "sources": self.sources,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "last_seen": self.last_seen,
        }

    @classmethod
    def from_state(cls, state: dict) -> Story:
        """Restore a story saved by `state()`."""
        return cls(
            id=state["id"],
            size=state["size"],
            copies=state["copies"],
            vector_sum=decode_array(state["vector_sum"], np.float64),
            recent=[decode_array(v, np.float32) for v in state["recent"]],
            marks=[list(m) for m in state.get("marks", [])],
            terms=dict(state["terms"]),
            headline=dict(state["headline"]),
            entities=dict(state["entities"]),
            languages=dict(state["languages"]),
            sources=dict(state["sources"]),
            first_day=date.fromisoformat(state["first_day"]) if state["first_day"] else None,
            last_day=date.fromisoformat(state["last_day"]) if state["last_day"] else None,
            last_seen=state["last_seen"],
        )


def add_counts(base: dict, extra: dict) -> dict:
    """Key-wise sum of two count dicts, keeping `base` order then new keys in `extra` order."""
    total = dict(base)
    for key, value in extra.items():
        total[key] = total.get(key, 0) + value
    return total


def trim_profile(counts: dict[str, float], limit: int = PROFILE_TERMS) -> dict[str, float]:
    """The `limit` heaviest terms, ties broken by term, for a deterministic bounded profile."""
    if len(counts) <= limit:
        return counts
    # The same terms as sorting every item by (-weight, term), without a key per item:
    # all heavier than the `limit`-th weight, then its ties by term.
    cutoff = sorted(counts.values(), reverse=True)[limit - 1]
    kept = [t for t, c in counts.items() if c > cutoff]
    kept += sorted(t for t, c in counts.items() if c == cutoff)[: limit - len(kept)]
    return {t: counts[t] for t in sorted(kept)}


def member_marks(entities: dict[str, float], limit: int = MEMBER_MARKS) -> list[str]:
    """An article's `limit` heaviest names and numbers, ties broken by name."""
    return [e for e, _ in sorted(entities.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def encode_array(values: np.ndarray) -> str:
    """Exact base64 text of an array's little-endian bytes."""
    return base64.b64encode(np.ascontiguousarray(values).tobytes()).decode()


def decode_array(text: str, dtype: type) -> np.ndarray:
    """The array `encode_array` wrote."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


def _earliest(a: date | None, b: date | None) -> date | None:
    return min(d for d in (a, b) if d) if (a or b) else None


def _latest(a: date | None, b: date | None) -> date | None:
    return max(d for d in (a, b) if d) if (a or b) else None

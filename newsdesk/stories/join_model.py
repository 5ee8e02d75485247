"""Join-or-new: a logistic model over a few similarity features of (article, story).

The weights are trained on the development sets by `bench/train_join_model.py` and ship
with the package as `join_model.json`; one configuration serves every stream.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsdesk.errors import NewsdeskError
from newsdesk.stories.evidence import ArticleEvidence, TermStatistics
from newsdesk.stories.story import Story

MODEL_PATH = Path(__file__).with_name("join_model.json")

FEATURES = (
    "dense_centroid",
    "dense_nearest",
    "dense_margin",
    "terms",
    "headline",
    "entities",
    "same_language",
    "dense_cross_language",
    "log_story_size",
    "log_days_apart",
    "undated",
    "log_article_terms",
    "nearest_cross_language",
    "centroid_by_size",
    "terms_same_language",
    "entity_coverage",
    "year_conflict",
    "no_entities",
)


@dataclass(frozen=True)
class Candidate:
    """One active story considered for an article, with its dense similarities."""

    story: Story
    dense_centroid: float
    dense_nearest: float


def describe_pair(
    evidence: ArticleEvidence,
    candidate: Candidate,
    best_other_dense: float,
    statistics: TermStatistics,
    weighted_terms: dict[str, float],
) -> list[float]:
    """The feature row of (article, candidate story), in `FEATURES` order."""
    story = candidate.story
    share = story.language_share(evidence.lang)
    days = story.days_apart(evidence.day)
    terms = statistics.cosine(weighted_terms, story.terms)
    weighted_entities = statistics.weigh(evidence.entities)
    return [
        candidate.dense_centroid,
        candidate.dense_nearest,
        candidate.dense_centroid - best_other_dense,
        terms,
        statistics.cosine(statistics.weigh(evidence.headline), story.headline),
        statistics.cosine(weighted_entities, story.entities),
        share,
        candidate.dense_centroid * (1.0 - share),
        math.log1p(story.size),
        math.log1p(days) if days is not None else 0.0,
        1.0 if days is None else 0.0,
        math.log1p(len(evidence.terms)),
        candidate.dense_nearest * (1.0 - share),
        candidate.dense_centroid * math.log1p(story.size),
        terms * share,
        entity_coverage(weighted_entities, story.entities),
        year_conflict(evidence.entities, story.entities),
        0.0 if evidence.entities else 1.0,
    ]


def entity_coverage(article: dict[str, float], story: dict[str, float]) -> float:
    """Share of the article's (tf-idf weighted) names and numbers the story already has."""
    total = sum(article.values())
    return sum(w for t, w in article.items() if t in story) / total if total else 0.0


def _years(entities: dict[str, float]) -> set[str]:
    return {e for e in entities if len(e) == 4 and e.isdigit() and e[:2] in ("19", "20")}


def year_conflict(article: dict[str, float], story: dict[str, float]) -> float:
    """1 when both mention years and share none: likely a like event of another year."""
    article_years, story_years = _years(article), _years(story)
    return float(bool(article_years and story_years) and article_years.isdisjoint(story_years))


@dataclass(frozen=True)
class JoinModel:
    """Standardised logistic regression: P(article belongs to story | features)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    @property
    def typical_rival_similarity(self) -> float:
        """The dense similarity of a typical candidate story, on average in training."""
        return float(self.mean[FEATURES.index("dense_centroid")])

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(join) for each feature row."""
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        """The shipped file's content."""
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> JoinModel:
        """Read a model written by `to_json`; the feature list must match this code's."""
        if tuple(data.get("features", ())) != FEATURES:
            raise NewsdeskError("join model features do not match this version of newsdesk")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )


@lru_cache(maxsize=1)
def load_join_model(path: Path = MODEL_PATH) -> JoinModel:
    """The shipped join model (read once)."""
    try:
        return JoinModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise NewsdeskError(f"cannot read join model {path}: {exc}") from None

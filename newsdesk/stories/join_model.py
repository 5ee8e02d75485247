"""Join-or-new: a small network (one tanh hidden layer, a logistic output) over the
similarity features of (article, story) listed in FEATURES.

The weights are trained on the development sets by `bench/train_join_model.py` and ship
with the package as `join_model.json`; one configuration serves every stream.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsdesk.errors import NewsdeskError
from newsdesk.stories.evidence import ArticleEvidence, TermStatistics, numbers_of
from newsdesk.stories.story import Story, member_marks

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
    "member_marks",
    "member_numbers",
    "no_numbers",
    "cohesion",
    "cohesion_shortfall",
    "core_coverage",
    "lead_names",
)


@dataclass(frozen=True)
class Candidate:
    """One active story considered for an article, with its dense similarities."""

    story: Story
    dense_centroid: float
    dense_nearest: float


@dataclass(frozen=True)
class WeighedArticle:
    """An article's evidence weighed by the term statistics of the moment it arrives: the
    same for every candidate story, so computed once per article."""

    evidence: ArticleEvidence
    terms: dict[str, float]
    headline: dict[str, float]
    entities: dict[str, float]
    marks: dict[str, float]
    numbers: set[str]

    @classmethod
    def of(cls, evidence: ArticleEvidence, statistics: TermStatistics) -> WeighedArticle:
        """Unit tf-idf terms, headline and names; idf-weighted marks; numbers."""
        return cls(
            evidence=evidence,
            terms=statistics.weigh(evidence.terms),
            headline=statistics.weigh(evidence.headline),
            entities=statistics.weigh(evidence.entities),
            marks={e: statistics.idf(e) for e in member_marks(evidence.entities)},
            numbers=numbers_of(evidence.entities),
        )


def describe_pair(
    article: WeighedArticle,
    candidate: Candidate,
    best_other_dense: float,
    statistics: TermStatistics,
) -> list[float]:
    """The feature row of (article, candidate story), in `FEATURES` order."""
    evidence, story = article.evidence, candidate.story
    share = story.language_share(evidence.lang)
    days = story.days_apart(evidence.day)
    terms = statistics.cosine(article.terms, story.terms)
    cohesion = story.cohesion()
    return [
        candidate.dense_centroid,
        candidate.dense_nearest,
        candidate.dense_centroid - best_other_dense,
        terms,
        statistics.cosine(article.headline, story.headline),
        statistics.cosine(article.entities, story.entities),
        share,
        candidate.dense_centroid * (1.0 - share),
        math.log1p(story.size),
        math.log1p(days) if days is not None else 0.0,
        1.0 if days is None else 0.0,
        math.log1p(len(evidence.terms)),
        candidate.dense_nearest * (1.0 - share),
        candidate.dense_centroid * math.log1p(story.size),
        terms * share,
        entity_coverage(article.entities, story.entities),
        year_conflict(evidence.entities, story.entities),
        0.0 if evidence.entities else 1.0,
        best_member_coverage(article.marks, story.marks),
        best_member_overlap(article.numbers, story.marks),
        0.0 if article.numbers else 1.0,
        cohesion,
        cohesion - candidate.dense_centroid,
        core_coverage(evidence.entities, story.marks, statistics),
        lead_names(article.entities, story.entities),
    ]


def entity_coverage(article: dict[str, float], story: dict[str, float]) -> float:
    """Share of the article's (tf-idf weighted) names and numbers the story already has."""
    total = sum(article.values())
    return sum(w for t, w in article.items() if t in story) / total if total else 0.0


def best_member_coverage(marks: dict[str, float], members: list[list[str]]) -> float:
    """The largest share of the article's (idf-weighted) names and numbers that one recent
    member of the story also has: a report of the same event shares its specifics."""
    total = sum(marks.values())
    if not total:
        return 0.0
    return max((sum(marks.get(m, 0.0) for m in member) / total for member in members), default=0.0)


def core_coverage(
    entities: dict[str, float], members: list[list[str]], statistics: TermStatistics
) -> float:
    """Share of the story's core (idf-weighted names and numbers that at least half of its
    recent members have) that the article has too: who and what every report names."""
    counts: dict[str, int] = {}
    for member in members:
        for mark in member:
            counts[mark] = counts.get(mark, 0) + 1
    core = {m: statistics.idf(m) for m, n in counts.items() if 2 * n >= len(members)}
    total = sum(core.values())
    return sum(w for m, w in core.items() if m in entities) / total if total else 0.0


def lead_names(weighted: dict[str, float], story: dict[str, float], count: int = 3) -> float:
    """Share of the article's `count` heaviest names and numbers that the story has."""
    lead = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:count]
    return sum(1.0 for name, _ in lead if name in story) / len(lead) if lead else 0.0


def best_member_overlap(numbers: set[str], members: list[list[str]]) -> float:
    """The largest Jaccard overlap of the article's numbers with one recent member's."""
    if not numbers:
        return 0.0
    best = 0.0
    for member in members:
        theirs = numbers_of(member)
        if theirs:
            best = max(best, len(numbers & theirs) / len(numbers | theirs))
    return best


def years_of(entities: Iterable[str]) -> set[str]:
    """The years (19xx, 20xx) among names and numbers."""
    return {e for e in entities if len(e) == 4 and e.isdigit() and e[:2] in ("19", "20")}


def year_conflict(article: dict[str, float], story: dict[str, float]) -> float:
    """1 when both mention years and share none: likely a like event of another year."""
    return years_conflict(years_of(article), years_of(story))


def years_conflict(article_years: AbstractSet[str], story_years: AbstractSet[str]) -> float:
    """`year_conflict` of two sets of years."""
    return float(bool(article_years and story_years) and article_years.isdisjoint(story_years))


@dataclass(frozen=True)
class JoinModel:
    """P(article belongs to story | features): a logistic output over standardised features,
    or over one small tanh hidden layer of them when the model has one.

    Evidence counts differently depending on what an article offers (names and numbers in
    edited prose, none in lower-cased snippets; one language or several): the hidden
    layer lets the model weigh each kind of evidence by context.
    """

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    hidden: np.ndarray | None = None
    hidden_bias: np.ndarray | None = None

    @property
    def typical_rival_similarity(self) -> float:
        """The dense similarity of a typical candidate story, on average in training."""
        return float(self.mean[FEATURES.index("dense_centroid")])

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(join) for each feature row."""
        x = (rows - self.mean) / self.scale
        if self.hidden is not None:
            x = np.tanh(x @ self.hidden + self.hidden_bias)
        z = x @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def with_threshold(self, threshold: float) -> JoinModel:
        """The same model deciding at another probability threshold."""
        return replace(self, threshold=threshold)

    def to_json(self) -> dict:
        """The shipped file's content."""
        data = {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "threshold": self.threshold,
        }
        if self.hidden is not None and self.hidden_bias is not None:
            data["hidden"] = self.hidden.tolist()
            data["hidden_bias"] = self.hidden_bias.tolist()
        return data

    @classmethod
    def from_json(cls, data: dict) -> JoinModel:
        """Read a model written by `to_json`; the feature list must match this code's."""
        if tuple(data.get("features", ())) != FEATURES:
            raise NewsdeskError("join model features do not match this version of newsdesk")
        hidden = data.get("hidden")
        return cls(
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            hidden=None if hidden is None else np.asarray(hidden, dtype=np.float64),
            hidden_bias=(
                None if hidden is None else np.asarray(data["hidden_bias"], dtype=np.float64)
            ),
        )


@lru_cache(maxsize=1)
def load_join_model(path: Path = MODEL_PATH) -> JoinModel:
    """The shipped join model (read once)."""
    try:
        return JoinModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise NewsdeskError(f"cannot read join model {path}: {exc}") from None

"""Rank a desk's stories the way an editor weighs them, every point of the score explained.

For each story with an original article in the desk's window:
1. measure its coverage (outlets, languages, velocity, recency, growth, relevance, keywords);
2. turn each measure into a contribution, `weight x (a 0..1 shape of the measure)`;
3. apply the desk's filters and the novelty rule, recording why a story is left out.
The score is the sum of the contributions, so `explain()` shows exactly where it came from.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from newsdesk.clock import utcnow
from newsdesk.desks.config import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.options import RankingWeights
from newsdesk.store.models import Article
from newsdesk.stories.coverage import (
    StoryCoverage,
    attach_centroids,
    load_coverage,
    stories_in_window,
)
from newsdesk.stories.diversity import story_entities
from newsdesk.stories.keywords import KeywordSet
from newsdesk.stories.model import RankedStory
from newsdesk.stories.novelty import Novelty, judge_novelty, published_placements
from newsdesk.text.language_codes import normalise_language

SIGNALS = ("outlets", "languages", "velocity", "recency", "growth", "relevance", "keywords")


@dataclass(frozen=True)
class _Context:
    desk: Desk
    window_start: datetime
    window_end: datetime
    weights: RankingWeights
    include: KeywordSet
    exclude: KeywordSet
    profile: np.ndarray | None
    novelty: Novelty
    source_ids: frozenset[int] | None


def _saturate(count: float, half: float) -> float:
    return count / (count + half) if count > 0 else 0.0


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def _pace(story: StoryCoverage, ctx: _Context) -> dict[str, Any]:
    """Originals in the window, in its last `velocity_hours`, and how the pace changed."""
    in_window = [a for a in story.originals if a.time >= ctx.window_start]
    recent_hours = min(ctx.weights.velocity_hours, _hours(ctx.window_end - ctx.window_start))
    recent_since = ctx.window_end - timedelta(hours=recent_hours)
    recent = sum(1 for a in in_window if a.time > recent_since)
    earlier = len(in_window) - recent
    earlier_hours = _hours(ctx.window_end - ctx.window_start) - recent_hours
    recent_rate = recent / recent_hours if recent_hours > 0 else 0.0
    earlier_rate = earlier / earlier_hours if earlier_hours > 0 else 0.0
    total_rate = recent_rate + earlier_rate
    return {
        "articles_in_window": len(in_window),
        "recent": recent,
        "earlier": earlier,
        "acceleration": round(recent_rate / total_rate, 4) if total_rate else 0.0,
    }


def _cosine(centroid: np.ndarray | None, profile: np.ndarray | None) -> float | None:
    if centroid is None or profile is None:
        return None
    norms = float(np.linalg.norm(centroid) * np.linalg.norm(profile))
    return float(np.dot(centroid, profile) / norms) if norms else 0.0


def _measure(story: StoryCoverage, ctx: _Context) -> dict[str, Any]:
    """The raw measures of a story (JSON-ready: they are stored with edition placements)."""
    texts = [t for a in story.originals for t in (a.title, a.text) if t]
    last_seen = story.last_seen
    raw: dict[str, Any] = {
        "outlets": len(story.outlet_ids),
        "outlet_ids": sorted(story.outlet_ids),
        "languages": sorted(story.languages),
        "originals": len(story.originals),
        "copies": len(story.copies),
        "last_seen": last_seen.isoformat(),
        "age_hours": round(max(0.0, _hours(ctx.window_end - last_seen)), 2),
        "relevance": _cosine(story.centroid, ctx.profile),
        "keywords": ctx.include.matches(texts),
        "excluded_keywords": ctx.exclude.matches(story.titles()),
    }
    return raw | _pace(story, ctx) | ctx.novelty.growth(story)


def _contributions(raw: dict[str, Any], ctx: _Context) -> dict[str, float]:
    w = ctx.weights
    half_life = w.recency_half_life * _hours(ctx.window_end - ctx.window_start)
    return {
        "outlets": w.outlets * _saturate(raw["outlets"] - 1, w.outlets_half),
        "languages": w.languages * _saturate(len(raw["languages"]) - 1, w.languages_half),
        "velocity": w.velocity
        * _saturate(raw["recent"], w.velocity_half)
        * (0.5 + 0.5 * raw["acceleration"]),
        "recency": w.recency * 0.5 ** (raw["age_hours"] / half_life) if half_life else 0.0,
        "growth": w.growth * _saturate(raw["new_originals"], w.growth_half),
        "relevance": w.relevance * max(0.0, raw["relevance"] or 0.0),
        "keywords": w.keywords * _saturate(len(raw["keywords"]), w.keywords_half),
    }


def _filter_reason(raw: dict[str, Any], ctx: _Context) -> str | None:
    """Why the desk's filters leave the story out, or None when it passes them."""
    filters = ctx.desk.filters
    if ctx.source_ids is not None and not ctx.source_ids & set(raw["outlet_ids"]):
        return "no original article from the desk's sources"
    if filters.languages and raw["languages"] and not set(raw["languages"]) & set(
        filters.languages
    ):
        wanted = ", ".join(filters.languages)
        return f"language {', '.join(raw['languages'])} is not among the desk's ({wanted})"
    if raw["excluded_keywords"]:
        return f"excluded keyword {raw['excluded_keywords'][0]!r} in a title"
    if ctx.include and not raw["keywords"]:
        return "none of the desk's keywords or patterns in titles or text"
    if raw["outlets"] < filters.min_sources:
        return f"{raw['outlets']} outlet(s); the desk needs at least {filters.min_sources}"
    return None


def _rank_story(story: StoryCoverage, ctx: _Context) -> RankedStory:
    raw = _measure(story, ctx)
    signals = _contributions(raw, ctx)
    verdict = judge_novelty(
        raw,
        growth_ratio=ctx.weights.update_growth,
        new_outlets=ctx.weights.update_new_outlets,
    )
    excluded = _filter_reason(raw, ctx) or verdict.excluded
    return RankedStory(
        story_id=story.story_id,
        score=sum(signals.values()),
        signals=signals,
        raw=raw,
        is_update=verdict.is_update and excluded is None,
        excluded=excluded,
        title=title_in_language(story.title, _titles(story), ctx.desk.language),
        entities=story_entities(story.titles() or [story.title], ctx.desk.diversity),
        centroid=story.centroid,
    )


def _titles(story: StoryCoverage) -> list[tuple[str, str | None]]:
    return [(a.title, a.language) for a in story.originals if a.title]


def title_in_language(title: str, titles: Sequence[tuple[str, str | None]],
                      language: str) -> str:
    """A story's title for a desk writing in `language`: `title` when it is one of the
    story's titles in that language or none is, else the first (of `titles`, each with
    its article's language code) that is."""
    wanted = normalise_language(language)
    in_language = [text for text, code in titles if normalise_language(code) == wanted]
    if not in_language or title in in_language:
        return title
    return in_language[0]


def titles_in_language(session: Session, stories: Sequence[tuple[str, str]],
                       language: str) -> dict[str, str]:
    """For each (story id, stored title), its title in `language` (see
    `title_in_language`), from its original articles."""
    ids = [story_id for story_id, _ in stories]
    titles: dict[str, list[tuple[str, str | None]]] = {story_id: [] for story_id in ids}
    query = (select(Article.story_id, Article.title, Article.language)
             .where(Article.story_id.in_(ids), Article.copy_of_id.is_(None),
                    Article.title.is_not(None))
             .order_by(func.coalesce(Article.published_at, Article.fetched_at), Article.id))
    for story_id, title, code in session.execute(query):
        titles[story_id].append((title, code))
    return {story_id: title_in_language(title or "", titles[story_id], language)
            for story_id, title in stories}


def _profile(profile_vector: np.ndarray | None) -> np.ndarray | None:
    if profile_vector is None:
        return None
    profile = np.asarray(profile_vector, dtype=np.float32)
    if profile.ndim != 1 or not profile.size:
        raise NewsdeskError(f"the desk profile vector must be 1-D, not of shape {profile.shape}")
    return profile


def rank_stories(
    session: Session,
    desk: Desk,
    *,
    window_end: datetime,
    profile_vector: np.ndarray | None,
    now: datetime | None = None,
    weights: RankingWeights | None = None,
    vector_model: str | None = None,
    source_ids: Collection[int] | None = None,
) -> list[RankedStory]:
    """Score every story with an original article in the desk's window ending `window_end`.

    Every story is returned, the ones the filters or the novelty rule leave out with the
    reason in `excluded`; sorted by score (highest first), ties by story id. Only published
    editions of the desk whose window ended before `now` (default: the current time) count
    for growth and novelty. `profile_vector` is the desk description's embedding (None: no relevance
    signal); story centroids use article vectors of its dimension, of `vector_model` when
    given, else of the model most of them come from. `source_ids`, the store ids of the
    desk's sources, keeps out stories none of whose originals come from them, so desks
    sharing a store stay apart (None: every source counts). Coverage by other outlets
    still counts for a story that is in. `weights` are the desk's `[ranking]` unless given.
    """
    if window_end.tzinfo is None:
        raise NewsdeskError("window_end must be timezone-aware (UTC)")
    profile = _profile(profile_vector)
    window_start = window_end - desk.schedule.window
    coverage = load_coverage(session, stories_in_window(session, window_start, window_end),
                             window_end)
    if profile is not None:
        attach_centroids(session, coverage, profile.shape[0], vector_model)
    filters = desk.filters
    ctx = _Context(
        desk=desk,
        window_start=window_start,
        window_end=window_end,
        weights=desk.ranking if weights is None else weights,
        include=KeywordSet(filters.include_keywords, filters.include_regex),
        exclude=KeywordSet(filters.exclude_keywords, filters.exclude_regex),
        profile=profile,
        novelty=published_placements(session, desk.name, before=now or utcnow()),
        source_ids=frozenset(source_ids) if source_ids is not None else None,
    )
    ranked = [_rank_story(story, ctx) for story in coverage.values()]
    return sorted(ranked, key=lambda r: (-r.score, r.story_id))


def explain(ranked: list[RankedStory]) -> list[dict[str, Any]]:
    """One plain dict per story for `newsdesk stories --explain`: score, each signal's
    contribution (they add up to the score), the raw measures, and any exclusion."""
    return [
        {
            "story_id": story.story_id,
            "title": story.title,
            "score": round(story.score, 4),
            "contributions": {name: round(story.signals[name], 4) for name in SIGNALS},
            "raw": story.raw,
            "entities": list(story.entities),
            "is_update": story.is_update,
            "excluded": story.excluded,
        }
        for story in ranked
    ]


__all__ = [
    "RankedStory",
    "RankingWeights",
    "SIGNALS",
    "explain",
    "rank_stories",
    "title_in_language",
    "titles_in_language",
]

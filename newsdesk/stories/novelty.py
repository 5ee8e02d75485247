"""Novelty: what the desk's readers have already seen, and whether a story has grown since.

A story is measured against its most recent placement in a published edition of the desk.
One that led an edition comes back only with substantial new coverage, marked as an update;
one that was only listed comes back as soon as it has any new original article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.store.models import EditionRecord, EditionStory
from newsdesk.stories.coverage import StoryCoverage


@dataclass(frozen=True)
class Novelty:
    """The desk's published history: each story's latest placement, and which ones led."""

    placements: dict[str, EditionStory]
    led: frozenset[str]

    def growth(self, story: StoryCoverage) -> dict[str, Any]:
        """How much the story grew since its latest published placement (raw measures)."""
        placement = self.placements.get(story.story_id)
        if placement is None:
            return {
                "new_originals": len(story.originals),
                "new_outlets": len(story.outlet_ids),
                "last_edition": None,
                "size_at_edition": None,
                "led_before": False,
            }
        # A placement saved without ranking has no outlets recorded: only articles then count.
        recorded = placement.explain.get("raw", {}).get("outlet_ids")
        return {
            "new_originals": max(0, len(story.originals) - placement.size_at_edition),
            "new_outlets": len(story.outlet_ids - set(recorded)) if recorded is not None else 0,
            "last_edition": placement.edition_id,
            "size_at_edition": placement.size_at_edition,
            "led_before": story.story_id in self.led,
        }


@dataclass(frozen=True)
class NoveltyVerdict:
    """Whether a story returns as an update, or why it stays out."""

    is_update: bool = False
    excluded: str | None = None


def _placements_query(desk: str, before: datetime | None) -> Any:
    query = (
        select(EditionStory)
        .join(EditionRecord, EditionRecord.id == EditionStory.edition_id)
        .where(EditionRecord.desk == desk, EditionRecord.status == "published")
        .order_by(EditionRecord.published_at, EditionRecord.id, EditionStory.id)
    )
    if before is not None:
        query = query.where(EditionRecord.window_end < before)
    return query


def published_placements(session: Session, desk: str, *, before: datetime | None = None) -> Novelty:
    """The placements of stories in published editions of `desk` whose window ended before
    `before` (default: all), so an edition of a past week sees only the editions before it."""
    rows = list(session.scalars(_placements_query(desk, before)))
    return Novelty(
        placements={row.story_id: row for row in rows},
        led=frozenset(row.story_id for row in rows if row.role == "lead"),
    )


def judge_novelty(raw: dict[str, Any], *, growth_ratio: float, new_outlets: int) -> NoveltyVerdict:
    """Apply the novelty rule to a story's raw measures (see `Novelty.growth`)."""
    edition = raw["last_edition"]
    if edition is None:
        return NoveltyVerdict()
    grew = raw["new_originals"], raw["new_outlets"]
    if raw["led_before"]:
        substantial = (
            raw["originals"] >= growth_ratio * raw["size_at_edition"]
            or raw["new_outlets"] >= new_outlets
        )
        if substantial:
            return NoveltyVerdict(is_update=True)
        return NoveltyVerdict(
            excluded=f"already led an edition (last in {edition}); too little new coverage "
            f"since (+{grew[0]} articles, +{grew[1]} outlets)"
        )
    if raw["new_originals"] == 0:
        return NoveltyVerdict(excluded=f"already in {edition} with no new articles since")
    return NoveltyVerdict()

"""Online story clustering: each article joins the best active story or opens a new one.

Articles arrive in publication order. Copies go to their original's story. Any other
article is compared with the active stories nearest to it in vector space; the join
model scores each and the article joins the most probable story if that probability
clears the model's threshold. When a second story is just as surely the article's, the
two are merged (recorded). Stories not seen for `window_days` (by article dates) leave
the active set. The complete state exports to JSON and restores exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np

from newsdesk.errors import NewsdeskError
from newsdesk.options import EngineSettings
from newsdesk.stories.dedup import CopyDetector
from newsdesk.stories.evidence import ArticleEvidence, TermStatistics
from newsdesk.stories.features import PairFeatures, best_others
from newsdesk.stories.intake import ArticleFacts, PreparedArticle, read_facts
from newsdesk.stories.join_model import (
    FEATURES,
    Candidate,
    JoinModel,
    WeighedArticle,
    describe_pair,
    load_join_model,
)
from newsdesk.stories.model import Assignment, CopyOf, StoryArticle
from newsdesk.stories.story import (
    RECENT_MEMBERS,
    Story,
    add_counts,
    member_marks,
    trim_profile,
)
from newsdesk.stories.story_arrays import CentroidRows

STATE_VERSION = 1


@dataclass
class Deliberation:
    """The engine's view of one article before it decides: candidates and their features."""

    prepared: PreparedArticle
    vector: np.ndarray
    evidence: ArticleEvidence | None
    candidates: list[Candidate]
    rows: np.ndarray
    copy: CopyOf | None = None
    copy_story: str | None = None


def story_id_for(article_id: str) -> str:
    """The stable id of a story opened by article `article_id`."""
    return "s-" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=6).hexdigest()


class StoryEngine:
    """Groups a stream of articles into stories, online and deterministically.

    `vectorised` (the default) computes the join model's features for all candidates at
    once; False computes them one candidate at a time with `describe_pair`, the reference
    (the same rows, bit for bit, so the same decisions).
    """

    def __init__(
        self,
        settings: EngineSettings | None = None,
        model: JoinModel | None = None,
        today: date | None = None,
        *,
        vectorised: bool = True,
    ) -> None:
        self.settings = settings or EngineSettings()
        self.model = model or load_join_model()
        self.today = today
        self.vectorised = vectorised
        self._features = PairFeatures()
        self.copies = CopyDetector(self.settings.copy_threshold, self.settings.num_perm)
        self.statistics = TermStatistics()
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}
        self.merged_into: dict[str, str] = {}
        self.clock: date | None = None
        self.seen = 0
        self._dim: int | None = None
        self._order: list[str] = []
        self._centroids = CentroidRows(0)

    # ----- the stream -----
    def add(self, article: StoryArticle, vector: np.ndarray) -> Assignment:
        """Place one article (with its unit vector) into a story and return where it went."""
        return self.add_facts(self.read_facts(article), vector)

    def add_facts(self, facts: ArticleFacts, vector: np.ndarray) -> Assignment:
        """`add` for an article whose facts were read beforehand (by `read_facts`)."""
        deliberation = self.consider_facts(facts, vector)
        return self.commit(deliberation, *self.decide(deliberation))

    def read_facts(self, article: StoryArticle) -> ArticleFacts:
        """What the engine reads of an article regardless of the stream: a backfill can
        read these in parallel, with an engine of the same `today`, before the ordered pass."""
        return read_facts(article, self.today, self.copies)

    def decide(self, deliberation: Deliberation) -> tuple[str | None, float | None, list[str]]:
        """The model's decision on a considered article: (story to join or None for a new
        one, the join probability, stories to merge into it)."""
        if deliberation.copy_story is not None or not deliberation.candidates:
            return None, None, []
        probabilities = self.model.probability(deliberation.rows)
        best = int(np.argmax(probabilities))
        if probabilities[best] < self.model.threshold:
            return None, float(probabilities[best]), []
        chosen = deliberation.candidates[best].story.id
        also = [
            c.story.id
            for c, p in zip(deliberation.candidates, probabilities, strict=True)
            if p >= self.settings.merge_probability and c.story.id != chosen
        ]
        return chosen, float(probabilities[best]), also

    def _admit(self, prepared: PreparedArticle, vector: np.ndarray) -> PreparedArticle:
        if self._dim is None:
            self._dim = int(vector.shape[0])
            self._centroids = CentroidRows(self._dim)
        if vector.shape != (self._dim,):
            raise NewsdeskError(f"vector of shape {vector.shape} for a {self._dim}-d engine")
        self.seen += 1
        if prepared.day is not None and (self.clock is None or prepared.day > self.clock):
            self.clock = prepared.day
            self._retire_stale()
        elif self.seen % 1000 == 0:
            self._retire_stale()
        return prepared

    def consider(self, article: StoryArticle, vector: np.ndarray) -> Deliberation:
        """Admit an article, check it for a copy, and describe its candidate stories."""
        return self.consider_facts(self.read_facts(article), vector)

    def consider_facts(self, facts: ArticleFacts, vector: np.ndarray) -> Deliberation:
        """`consider` for an article whose facts were read beforehand."""
        prepared = self._admit(facts.prepared, vector)
        copy = (
            None
            if facts.fingerprint is None
            else self.copies.check_fingerprint(prepared.article.id, facts.fingerprint, prepared.day)
        )
        copy_story = self.resolve(self.story_of.get(copy.original_id)) if copy else None
        if copy is not None and copy_story in self.stories:
            reasons = [f"{copy.kind} copy of {copy.original_id}", *prepared.reasons]
            prepared = PreparedArticle(prepared.article, prepared.day, reasons)
            return Deliberation(
                prepared, vector, None, [], np.zeros((0, len(FEATURES))), copy, copy_story
            )
        evidence = facts.evidence
        candidates = self._nearest_stories(vector) if not prepared.is_empty else []
        rows = self._describe(evidence, candidates)
        return Deliberation(prepared, vector, evidence, candidates, rows)

    def _describe(self, evidence: ArticleEvidence, candidates: list[Candidate]) -> np.ndarray:
        """The feature rows of the article against each candidate."""
        if self.vectorised and candidates:
            short = len(candidates) < self.settings.candidates
            typical = self.model.typical_rival_similarity if short else None
            others = best_others(np.array([c.dense_centroid for c in candidates]), typical)
            weighed = self._features.weigh(evidence, self.statistics)
            return self._features.rows(weighed, candidates, others)
        weighed = WeighedArticle.of(evidence, self.statistics)
        rows = [
            describe_pair(weighed, c, self._best_other(candidates, c), self.statistics)
            for c in candidates
        ]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))

    def commit(
        self,
        deliberation: Deliberation,
        story_id: str | None,
        probability: float | None = None,
        merge: list[str] | None = None,
    ) -> Assignment:
        """Put the article into `story_id` (None opens a new story), merging `merge` into it.

        A copy always goes to its original's story, whatever `story_id` says.
        """
        prepared = deliberation.prepared
        if deliberation.copy is not None and deliberation.copy_story is not None:
            return self._file_copy(prepared, deliberation.copy, deliberation.copy_story)
        article = prepared.article
        is_new = story_id is None
        if story_id is None:
            story_id = story_id_for(article.id)
            self._open_story(story_id)
        merged = [m for m in (self._merge(story_id, o) for o in merge or []) if m]
        self._grow_story(self.stories[story_id], deliberation)
        if deliberation.evidence is not None:
            self._count(deliberation.evidence)
        self.story_of[article.id] = story_id
        reason = "; ".join(prepared.reasons) or None
        return Assignment(story_id, is_new, None, reason, merged, probability)

    def _count(self, evidence: ArticleEvidence) -> None:
        """Count the article's terms in the statistics (and the vectorised path's index)."""
        if self.vectorised:
            self._features.count(evidence, self.statistics)
        self.statistics.add(evidence)

    def _file_copy(self, prepared: PreparedArticle, copy: CopyOf, story_id: str) -> Assignment:
        story = self.stories[story_id]
        story.copies += 1
        story.last_seen = self.seen
        if prepared.day is not None:
            story.last_day = max(story.last_day or prepared.day, prepared.day)
        self.story_of[prepared.article.id] = story_id
        reason = "; ".join(prepared.reasons)
        return Assignment(story_id, False, copy.original_id, reason, [], copy.similarity)

    def resolve(self, story_id: str | None) -> str | None:
        """The story that `story_id` lives on in after any merges."""
        while story_id in self.merged_into:
            story_id = self.merged_into[story_id]
        return story_id

    # ----- candidates -----
    def _nearest_stories(self, vector: np.ndarray) -> list[Candidate]:
        if not self._order:
            return []
        similarities = self._centroids.matrix @ vector
        count = min(self.settings.candidates, len(self._order))
        top = _largest_first(similarities, count)
        stories = [self.stories[self._order[slot]] for slot in top]
        if self.vectorised:
            self._features.sync(self.statistics)
            nearest = self._features.nearest_members(stories, vector)
        else:
            nearest = [
                max(float(v @ vector) for v in story.recent) if story.recent else 0.0
                for story in stories
            ]
        return [
            Candidate(story, float(similarities[slot]), near)
            for story, slot, near in zip(stories, top, nearest, strict=True)
        ]

    def _best_other(self, candidates: list[Candidate], candidate: Candidate) -> float:
        others = [c.dense_centroid for c in candidates if c is not candidate]
        # The model learnt margins over a full list of rival stories. While a stream has
        # fewer active stories than that (at its start), a missing rival counts as a typical
        # candidate; a margin over nothing would let the first story absorb everything.
        if len(candidates) < self.settings.candidates:
            others.append(self.model.typical_rival_similarity)
        return max(others)

    # ----- story bookkeeping -----
    def _open_story(self, story_id: str) -> None:
        self.stories[story_id] = Story(id=story_id, vector_sum=np.zeros(self._dim or 0))
        self._order.append(story_id)
        self._centroids.append(np.zeros(self._dim or 0, np.float32))

    def _grow_story(self, story: Story, deliberation: Deliberation) -> None:
        evidence, article = deliberation.evidence, deliberation.prepared.article
        if evidence is None:
            return
        story.size += 1
        story.vector_sum = story.vector_sum + deliberation.vector.astype(np.float64)
        story.recent = (story.recent + [deliberation.vector.astype(np.float32)])[-RECENT_MEMBERS:]
        story.marks = (story.marks + [member_marks(evidence.entities)])[-RECENT_MEMBERS:]
        story.terms = trim_profile(add_counts(story.terms, evidence.terms))
        story.headline = trim_profile(add_counts(story.headline, evidence.headline))
        story.entities = trim_profile(add_counts(story.entities, evidence.entities))
        if article.lang:
            story.languages[article.lang] = story.languages.get(article.lang, 0) + 1
        if article.source:
            story.sources[article.source] = story.sources.get(article.source, 0) + 1
        if evidence.day is not None:
            story.first_day = min(story.first_day or evidence.day, evidence.day)
            story.last_day = max(story.last_day or evidence.day, evidence.day)
        story.last_seen = self.seen
        self._centroids.set(self._order.index(story.id), story.centroid())
        self._features.grown(story, evidence)

    def _merge(self, keep_id: str, other_id: str) -> str:
        keep, other = self.stories[keep_id], self.stories[other_id]
        if float(keep.centroid() @ other.centroid()) < self.settings.merge_similarity:
            return ""
        keep.absorb(other)
        self._drop(other_id)
        self.merged_into[other_id] = keep_id
        self._centroids.set(self._order.index(keep_id), keep.centroid())
        self._features.forget(keep_id)
        return other_id

    def _drop(self, story_id: str) -> None:
        slot = self._order.index(story_id)
        del self._order[slot]
        self._centroids.delete(slot)
        del self.stories[story_id]
        self._features.forget(story_id, dropped=True)

    def _retire_stale(self) -> None:
        horizon = self.clock - timedelta(days=self.settings.window_days) if self.clock else None
        stale = [
            s.id
            for s in self.stories.values()
            if (s.last_day is not None and horizon is not None and s.last_day < horizon)
            or (self.seen - s.last_seen > self.settings.window_articles)
        ]
        for story_id in stale:
            self._drop(story_id)
        if horizon is not None:
            self.copies.forget_before(horizon)

    # ----- state -----
    def state(self) -> dict:
        """The complete engine state as JSON-serialisable data (vectors as base64)."""
        return {
            "version": STATE_VERSION,
            "settings": asdict(self.settings),
            "today": self.today.isoformat() if self.today else None,
            "clock": self.clock.isoformat() if self.clock else None,
            "seen": self.seen,
            "dim": self._dim,
            "stories": [self.stories[story_id].state() for story_id in self._order],
            "story_of": self.story_of,
            "merged_into": self.merged_into,
            "documents": self.statistics.documents,
            "frequencies": self.statistics.frequencies,
            "copies": self.copies.state(),
        }

    @classmethod
    def from_state(cls, state: dict, model: JoinModel | None = None) -> StoryEngine:
        """Restore an engine saved by `state()`; it continues exactly where it stopped."""
        if state.get("version") != STATE_VERSION:
            raise NewsdeskError(f"story engine state version {state.get('version')} unsupported")
        engine = cls(EngineSettings(**state["settings"]), model)
        engine.today = date.fromisoformat(state["today"]) if state["today"] else None
        engine.clock = date.fromisoformat(state["clock"]) if state["clock"] else None
        engine.seen = state["seen"]
        engine._dim = state["dim"]
        engine.story_of = dict(state["story_of"])
        engine.merged_into = dict(state["merged_into"])
        engine.statistics = TermStatistics(state["documents"], state["frequencies"])
        engine.copies = CopyDetector.from_state(state["copies"])
        stories = [Story.from_state(s) for s in state["stories"]]
        engine.stories = {s.id: s for s in stories}
        engine._order = [s.id for s in stories]
        engine._centroids = CentroidRows(engine._dim or 0)
        for story in stories:
            engine._centroids.append(story.centroid())
        return engine


def _largest_first(values: np.ndarray, count: int) -> list[int]:
    """`np.argsort(-values, kind="stable")[:count]` (the largest first, ties by position),
    sorting only the values that can be among them."""
    if len(values) <= 4 * count:
        return np.argsort(-values, kind="stable")[:count].tolist()
    cutoff = np.partition(values, len(values) - count)[len(values) - count]
    near = np.flatnonzero(values >= cutoff)
    return near[np.argsort(-values[near], kind="stable")][:count].tolist()

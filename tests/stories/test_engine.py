"""The story engine: multilingual grouping, copies, merges recorded, exact state round trips,
and deterministic handling of bad input."""

from __future__ import annotations

import json
from datetime import date, datetime

import numpy as np

from newsdesk.evaluate.metrics import bcubed
from newsdesk.stories.cluster import EngineSettings, StoryEngine, story_id_for
from newsdesk.stories.join_model import FEATURES, JoinModel
from newsdesk.stories.model import StoryArticle
from newsdesk.stories.stream import cluster_articles
from newsdesk.text.embed import HashingEmbedder

TODAY = date(2024, 6, 1)


def run_engine(items: list, vectors: np.ndarray) -> list:
    engine = StoryEngine(today=TODAY)
    return [engine.add(i.article, v) for i, v in zip(items, vectors, strict=True)]


def test_reports_of_one_event_in_five_languages_form_one_story(multilingual) -> None:
    items, vectors = multilingual
    assignments = cluster_articles([i.article for i in items], vectors, StoryEngine(today=TODAY))
    found = [a.story_id for a in assignments]
    assert bcubed([i.gold for i in items], found).f1 == 1.0
    assert assignments[0].is_new and assignments[0].story_id == story_id_for("quake-en")


def test_a_copy_joins_its_originals_story_and_names_the_original(multilingual) -> None:
    items, vectors = multilingual
    assignments = run_engine(items, vectors)
    position = [i.article.id for i in items].index("quake-en-copy")
    copy = assignments[position]
    assert copy.copy_of == "quake-en"
    assert copy.story_id == assignments[0].story_id
    assert not copy.is_new
    assert copy.reason == "exact copy of quake-en"


def test_two_runs_give_the_same_stories(multilingual) -> None:
    items, vectors = multilingual
    first = [a.story_id for a in run_engine(items, vectors)]
    second = [a.story_id for a in run_engine(items, vectors)]
    assert first == second


def test_saving_and_restoring_mid_stream_gives_exactly_the_same_assignments(multilingual) -> None:
    items, vectors = multilingual
    whole = run_engine(items, vectors)
    engine = StoryEngine(today=TODAY)
    half = len(items) // 2
    first = [engine.add(i.article, v) for i, v in zip(items[:half], vectors[:half], strict=True)]
    saved = json.dumps(engine.state())
    restored = StoryEngine.from_state(json.loads(saved))
    rest = [restored.add(i.article, v) for i, v in zip(items[half:], vectors[half:], strict=True)]
    assert first + rest == whole
    assert json.dumps(restored.state()) == json.dumps(
        StoryEngine.from_state(json.loads(json.dumps(restored.state()))).state()
    )


def test_stories_unseen_for_longer_than_the_window_leave_the_active_set() -> None:
    embedder = HashingEmbedder()
    engine = StoryEngine()
    old = StoryArticle(
        "old",
        "Tram network grows",
        "The council expands the tram network.",
        "en",
        datetime(2024, 1, 1),
    )
    engine.add(old, embedder.embed([old.text])[0])
    later = StoryArticle(
        "later",
        "Tram network grows",
        "The council expands the tram network again.",
        "en",
        datetime(2024, 3, 1),
    )
    assignment = engine.add(later, embedder.embed([later.text])[0])
    assert assignment.is_new
    assert story_id_for("old") not in engine.stories


def bad_input_assignments() -> dict[str, object]:
    embedder = HashingEmbedder()
    articles = {
        "empty": StoryArticle("empty", None, "", None, None),
        "title-only": StoryArticle("title-only", "Markets fall sharply in Asia", "", None, None),
        "unknown-script": StoryArticle("unknown-script", None, "12345 67890 ---- ####", None, None),
        "huge": StoryArticle("huge", "Huge", "word " * 1_100_000, "en", None),
        "future": StoryArticle(
            "future", "Later", "News from the future.", "en", datetime(2999, 1, 1)
        ),
        "epoch": StoryArticle(
            "epoch", "Epoch", "A story stamped at the epoch.", "en", datetime(1970, 1, 1)
        ),
    }
    engine = StoryEngine(today=TODAY)
    return {
        key: engine.add(a, embedder.embed([a.title or a.text[:1000]])[0])
        for key, a in articles.items()
    }


def test_bad_input_is_handled_with_a_recorded_reason_and_never_crashes() -> None:
    found = bad_input_assignments()
    assert "empty text and no title" in found["empty"].reason
    assert found["empty"].is_new
    assert "title only" in found["title-only"].reason
    assert "language not identified" in found["unknown-script"].reason
    assert "truncated" in found["huge"].reason
    assert "future date 2999-01-01 ignored" in found["future"].reason
    assert "implausible date 1970-01-01 ignored" in found["epoch"].reason


def test_bad_input_is_handled_the_same_way_every_time() -> None:
    first, second = bad_input_assignments(), bad_input_assignments()
    assert first == second


def test_an_article_that_bridges_two_stories_merges_them_and_the_merge_is_recorded() -> None:
    # A model that joins whenever the story centroid is at least 0.5 cosine away.
    size = len(FEATURES)
    weights = np.zeros(size)
    weights[FEATURES.index("dense_centroid")] = 40.0
    model = JoinModel(np.zeros(size), np.ones(size), weights, -20.0, 0.5)
    engine = StoryEngine(EngineSettings(merge_probability=0.5, merge_similarity=0.0), model)
    first, second = np.eye(8, dtype=np.float32)[0], np.eye(8, dtype=np.float32)[1]
    bridge = (first + second) / np.linalg.norm(first + second)
    a = engine.add(StoryArticle("a", "Alpha", "alpha report", "en"), first)
    b = engine.add(StoryArticle("b", "Beta", "beta report", "en"), second)
    c = engine.add(StoryArticle("c", "Both", "alpha and beta report", "en"), bridge)
    assert a.is_new and b.is_new and not c.is_new
    assert c.story_id == a.story_id
    assert c.merged == [b.story_id]
    assert engine.resolve(b.story_id) == a.story_id
    assert b.story_id not in engine.stories


def test_deciding_leaves_the_engine_untouched_and_matches_add(multilingual) -> None:
    items, vectors = multilingual
    whole = run_engine(items, vectors)
    engine = StoryEngine(today=TODAY)
    stepwise = []
    for item, vector in zip(items, vectors, strict=True):
        deliberation = engine.consider(item.article, vector)
        before = json.dumps(engine.state())
        decision = engine.decide(deliberation)
        assert json.dumps(engine.state()) == before
        stepwise.append(engine.commit(deliberation, *decision))
    assert stepwise == whole
    assert any(not a.is_new and a.copy_of is None for a in stepwise)

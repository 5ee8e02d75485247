"""The vectorised join features against the reference (`describe_pair`, one candidate at a
time): the same feature rows bit for bit, so the same stories, merges and probabilities."""

from __future__ import annotations

import random
from dataclasses import astuple
from datetime import date, datetime, timedelta

import numpy as np

from newsdesk.stories.cluster import StoryEngine
from newsdesk.stories.model import StoryArticle
from newsdesk.stories.stream import read_story_file
from newsdesk.text.embed import HashingEmbedder, model_text

TODAY = date(2024, 6, 1)
PLACES = ["Lisbon", "Osaka", "Nairobi", "Quito", "Tallinn", "Hobart", "Accra", "Lyon", "Perth"]
PEOPLE = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Ferreira", "Ngata"]
TOPICS = ["flood", "election", "strike", "merger", "trial", "summit", "outbreak", "launch"]
WORDS = (
    "council minister report rescue market budget court vote police river storm bridge bank "
    "factory school harbour airport union hospital energy price rail border museum festival "
    "drought wildfire vaccine satellite pipeline tariff protest coalition verdict recall"
).split()


def synthetic_articles(count: int = 320, seed: int = 7) -> list[StoryArticle]:
    """Dated reports of ~50 like events (shared places, people and topics), some in German,
    some copies, undated, untitled or empty: enough stories to fill the candidate list,
    stories of more than 16 members and profiles past their trimming limit."""
    rng = random.Random(seed)
    events = [
        (rng.choice(PLACES), rng.choice(PEOPLE), rng.choice(TOPICS), rng.randint(10, 999))
        for _ in range(50)
    ]
    start = datetime(2024, 3, 1)
    articles = []
    for number in range(count):
        event = min(int(rng.paretovariate(0.8)) - 1, len(events) - 1)
        place, person, topic, figure = events[event]
        words = " ".join(rng.sample(WORDS, 12))
        text = (
            f"In {place} on Monday, {person} said the {topic} involved {figure} people. "
            f"Officials in {place} added that {words}. The {2020 + event % 4} figures show "
            f"{figure + rng.randint(0, 3)} cases."
        )
        title = f"{topic.title()} in {place}: {person} speaks" if rng.random() > 0.1 else None
        kind = rng.random()
        if kind < 0.03:
            text = ""
        elif kind < 0.08 and articles:
            text = rng.choice(articles).text
        published = start + timedelta(days=event * 2 + number // 60, hours=number % 24)
        articles.append(
            StoryArticle(
                id=f"a{number}",
                title=title,
                text=text,
                lang="de" if rng.random() < 0.1 else "en",
                published=None if rng.random() < 0.05 else published,
                source=f"outlet-{rng.randint(1, 6)}",
            )
        )
    return articles


def vectors_of(articles: list[StoryArticle]) -> np.ndarray:
    """Model-free vectors (hashed words of the title and lead)."""
    return HashingEmbedder().embed([model_text(a.title, a.text) for a in articles])


def assert_same_course(articles: list[StoryArticle], vectors: np.ndarray) -> list:
    """Run both paths side by side: every feature row, candidate and assignment equal."""
    fast = StoryEngine(today=TODAY)
    slow = StoryEngine(today=TODAY, vectorised=False)
    assignments = []
    for article, vector in zip(articles, vectors, strict=True):
        quick, reference = fast.consider(article, vector), slow.consider(article, vector)
        assert np.array_equal(quick.rows, reference.rows), article.id
        assert [(c.story.id, c.dense_centroid, c.dense_nearest) for c in quick.candidates] == [
            (c.story.id, c.dense_centroid, c.dense_nearest) for c in reference.candidates
        ]
        chosen = fast.commit(quick, *fast.decide(quick))
        assert astuple(chosen) == astuple(slow.commit(reference, *slow.decide(reference)))
        assignments.append(chosen)
    return assignments


def test_vectorised_features_equal_the_reference_on_synthetic_reports() -> None:
    articles = synthetic_articles()
    assignments = assert_same_course(articles, vectors_of(articles))
    joined = [a for a in assignments if not a.is_new and a.copy_of is None]
    assert len(joined) > 50 and sum(a.is_new for a in assignments) > 10
    assert any(a.copy_of for a in assignments)


def test_vectorised_features_equal_the_reference_on_allsides(shared_data) -> None:
    items = read_story_file(shared_data / "stories" / "allsides-dev.jsonl")[:300]
    articles = [i.article for i in items]
    assignments = assert_same_course(articles, vectors_of(articles))
    assert sum(not a.is_new for a in assignments) > 30


def test_a_restored_vectorised_engine_continues_as_the_reference() -> None:
    articles = synthetic_articles(240, seed=11)
    vectors = vectors_of(articles)
    reference = StoryEngine(today=TODAY, vectorised=False)
    expected = [astuple(reference.add(a, v)) for a, v in zip(articles, vectors, strict=True)]
    engine = StoryEngine(today=TODAY)
    found = [astuple(engine.add(a, v)) for a, v in zip(articles[:120], vectors[:120], strict=True)]
    engine = StoryEngine.from_state(engine.state())
    engine.today = TODAY
    found += [astuple(engine.add(a, v)) for a, v in zip(articles[120:], vectors[120:], strict=True)]
    assert found == expected


def test_facts_read_before_the_ordered_pass_give_the_same_assignments() -> None:
    articles = synthetic_articles(200, seed=3)
    vectors = vectors_of(articles)
    reader = StoryEngine(today=TODAY)
    facts = [reader.read_facts(a) for a in articles]
    inline, ahead = StoryEngine(today=TODAY), StoryEngine(today=TODAY)
    expected = [astuple(inline.add(a, v)) for a, v in zip(articles, vectors, strict=True)]
    found = [astuple(ahead.add_facts(f, v)) for f, v in zip(facts, vectors, strict=True)]
    assert found == expected

"""Evidence that separates near-miss events: names, numbers and what one member shares."""

from __future__ import annotations

import json

import numpy as np

from newsdesk.stories.evidence import TermStatistics, numbers_of, read_entities
from newsdesk.stories.join_model import (
    FEATURES,
    JoinModel,
    best_member_coverage,
    best_member_overlap,
    core_coverage,
)


def test_title_case_words_used_in_lower_case_are_not_names() -> None:
    text = (
        "Tara Reid Finally Checks Into Rehab\n"
        "The actress finally checks into rehab, and Reid's friends said Promises is in Malibu."
    )
    names = read_entities(text, "en")
    assert {"reid", "promises", "malibu"} <= set(names)
    assert not {"finally", "checks", "into", "rehab", "reid's"} & set(names)


def test_a_score_gives_the_same_numbers_whatever_its_separator() -> None:
    german = read_entities("Europa geht mit 10:6 in Führung, vor 1.300 Zuschauern.", "de")
    spanish = read_entities("Europa se adelanta por 10-6 ante 1,300 espectadores.", "es")
    assert numbers_of(german) == numbers_of(spanish) == {"10", "1300"}


def test_a_translation_shares_its_members_numbers_and_another_report_does_not() -> None:
    members = [["ryder", "cup", "10", "6", "2018", "molinari"], ["paris", "165", "105", "1993"]]
    assert best_member_overlap({"10", "2018", "47"}, members) == 2 / 3
    assert best_member_overlap({"165", "105", "1993"}, members) == 1.0
    assert best_member_overlap({"47", "832"}, members) == 0.0
    assert best_member_overlap(set(), members) == 0.0


def test_member_coverage_is_the_best_single_members_share_of_the_article() -> None:
    members = [["lohan", "morningside"], ["reid", "promises", "malibu"]]
    marks = {"reid": 2.0, "malibu": 1.0, "lohan": 1.0}
    assert best_member_coverage(marks, members) == 0.75
    assert best_member_coverage({}, members) == 0.0


def test_core_coverage_asks_for_what_most_members_name() -> None:
    statistics = TermStatistics()
    members = [["lohan", "morningside"], ["lohan", "heller"], ["lohan", "betty"]]
    assert core_coverage({"lohan": 1.0}, members, statistics) == 1.0
    assert core_coverage({"reid": 1.0, "morningside": 1.0}, members, statistics) == 0.0


def test_a_join_model_with_a_hidden_layer_reads_back_exactly() -> None:
    rng = np.random.default_rng(7)
    size = len(FEATURES)
    model = JoinModel(
        rng.normal(size=size),
        rng.uniform(0.5, 2.0, size),
        rng.normal(size=4),
        0.3,
        0.5,
        rng.normal(size=(size, 4)),
        rng.normal(size=4),
    )
    rows = rng.normal(size=(5, size))
    restored = JoinModel.from_json(json.loads(json.dumps(model.to_json())))
    assert np.array_equal(restored.probability(rows), model.probability(rows))
    assert restored.with_threshold(0.7).threshold == 0.7
    linear = JoinModel(np.zeros(size), np.ones(size), np.ones(size), 0.0, 0.5)
    assert np.allclose(linear.probability(np.zeros((1, size))), 0.5)

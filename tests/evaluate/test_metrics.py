"""Clustering metrics against hand-computed values (cross-checked with scikit-learn)."""

from __future__ import annotations

import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.evaluate.metrics import ami, ari, bcubed, nmi, pairwise, score_clustering

GOLD = ["a", "a", "a", "b", "b", "c", "c", "c", "c"]
FOUND = [0, 0, 1, 1, 1, 2, 2, 3, 3]


def test_bcubed_matches_hand_computed_precision_and_recall() -> None:
    # precision per item: 1,1,1/3,2/3,2/3,1,1,1,1 -> 23/27; recall: 2/3,2/3,1/3,1,1,1/2 x4 -> 17/27
    score = bcubed(GOLD, FOUND)
    assert score.precision == pytest.approx(23 / 27)
    assert score.recall == pytest.approx(17 / 27)
    assert score.f1 == pytest.approx(2 * (23 / 27) * (17 / 27) / (40 / 27))


def test_pairwise_counts_pairs_put_together() -> None:
    # found pairs: 1+3+1+1 = 6, of which correct 1+1+1+1 = 4; gold pairs 3+1+6 = 10
    score = pairwise(GOLD, FOUND)
    assert score.precision == pytest.approx(4 / 6)
    assert score.recall == pytest.approx(4 / 10)
    assert score.f1 == pytest.approx(0.5)


def test_information_measures_match_reference_values() -> None:
    assert nmi(GOLD, FOUND) == pytest.approx(0.698570, abs=1e-6)
    assert ami(GOLD, FOUND) == pytest.approx(0.499257, abs=1e-6)
    assert ari(GOLD, FOUND) == pytest.approx(0.368421, abs=1e-6)


def test_identical_clusterings_score_one_whatever_the_label_names() -> None:
    scores = score_clustering(["x", "x", "y", "z"], [7, 7, 3, 9])
    for key in ("b3_f1", "pairwise_f1", "nmi", "ami", "ari"):
        assert scores[key] == pytest.approx(1.0)
    assert scores["stories_found"] == scores["stories_gold"] == 3


def test_everything_in_one_cluster_has_perfect_recall_and_no_information() -> None:
    score = bcubed(["a", "b", "c"], [0, 0, 0])
    assert score.recall == 1.0
    assert score.precision == pytest.approx(1 / 3)
    assert nmi(["a", "b", "c"], [0, 0, 0]) == 0.0


def test_label_lists_of_different_length_are_refused() -> None:
    with pytest.raises(NewsdeskError, match="differ in length"):
        bcubed(["a"], [0, 1])

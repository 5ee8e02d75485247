"""Clustering metrics for labelled story sets: B-cubed, pairwise, NMI, AMI, ARI.

Every function takes two equal-length label sequences, gold first, and treats labels as
opaque hashable values. NMI and AMI use the arithmetic mean of the entropies (the
scikit-learn default), so figures compare with published ones.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from newsdesk.errors import NewsdeskError


@dataclass(frozen=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float
    f1: float


def contingency(gold: Sequence[Hashable], found: Sequence[Hashable]) -> np.ndarray:
    """The gold-by-found count matrix of a clustering."""
    if len(gold) != len(found):
        raise NewsdeskError(f"label lists differ in length: {len(gold)} gold, {len(found)} found")
    gold_ids = _dense_ids(gold)
    found_ids = _dense_ids(found)
    table = np.zeros((gold_ids.max(initial=-1) + 1, found_ids.max(initial=-1) + 1), np.int64)
    np.add.at(table, (gold_ids, found_ids), 1)
    return table


def _dense_ids(labels: Sequence[Hashable]) -> np.ndarray:
    index: dict[Hashable, int] = {}
    return np.array([index.setdefault(label, len(index)) for label in labels], dtype=np.int64)


def _harmonic(precision: float, recall: float) -> PRF:
    total = precision + recall
    return PRF(precision, recall, 2 * precision * recall / total if total else 0.0)


def bcubed(gold: Sequence[Hashable], found: Sequence[Hashable]) -> PRF:
    """B-cubed precision/recall/F1 (Bagga & Baldwin): per-item overlap, averaged over items."""
    table = contingency(gold, found).astype(np.float64)
    n = table.sum()
    if n == 0:
        return PRF(1.0, 1.0, 1.0)
    squared = table**2
    precision = (squared.sum(axis=0) / np.maximum(table.sum(axis=0), 1)).sum() / n
    recall = (squared.sum(axis=1) / np.maximum(table.sum(axis=1), 1)).sum() / n
    return _harmonic(float(precision), float(recall))


def _pairs(counts: np.ndarray) -> float:
    return float((counts * (counts - 1) / 2).sum())


def pairwise(gold: Sequence[Hashable], found: Sequence[Hashable]) -> PRF:
    """Pairwise precision/recall/F1 over all pairs of items put together."""
    table = contingency(gold, found).astype(np.float64)
    together_both = _pairs(table)
    together_found = _pairs(table.sum(axis=0))
    together_gold = _pairs(table.sum(axis=1))
    precision = together_both / together_found if together_found else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return _harmonic(precision, recall)


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def mutual_information(table: np.ndarray) -> float:
    """Mutual information (nats) of a contingency table."""
    n = table.sum()
    rows, cols = np.nonzero(table)
    nij = table[rows, cols].astype(np.float64)
    a = table.sum(axis=1)[rows].astype(np.float64)
    b = table.sum(axis=0)[cols].astype(np.float64)
    return float((nij / n * (np.log(nij * n) - np.log(a * b))).sum())


def nmi(gold: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Normalised mutual information, arithmetic-mean normalisation."""
    table = contingency(gold, found)
    h_gold, h_found = _entropy(table.sum(axis=1)), _entropy(table.sum(axis=0))
    if h_gold == 0 and h_found == 0:
        return 1.0
    mean = (h_gold + h_found) / 2
    return mutual_information(table) / mean if mean else 0.0


def expected_mutual_information(table: np.ndarray) -> float:
    """Expected mutual information of two random clusterings with the table's margins."""
    n = int(table.sum())
    a = table.sum(axis=1).astype(np.int64)
    b = table.sum(axis=0).astype(np.int64)
    nijs = np.arange(0, max(a.max(), b.max()) + 1, dtype=np.float64)
    nijs[0] = 1.0  # the nij = 0 term is zero anyway; avoid log(0)
    term1 = nijs / n
    log_ab_outer = np.log(a)[:, None] + np.log(b)[None, :]
    log_nnij = np.log(n) + np.log(nijs)
    gln_a, gln_b = gammaln(a + 1), gammaln(b + 1)
    gln_na, gln_nb = gammaln(n - a + 1), gammaln(n - b + 1)
    gln_n = gammaln(n + 1)
    gln_nij = gammaln(nijs + 1)
    emi = 0.0
    for i in range(len(a)):
        for j in range(len(b)):
            start = int(max(1, a[i] - n + b[j]))
            end = int(min(a[i], b[j]) + 1)
            if start >= end:
                continue
            nij = np.arange(start, end)
            log_term = (
                gln_a[i]
                + gln_b[j]
                + gln_na[i]
                + gln_nb[j]
                - gln_n
                - gln_nij[nij]
                - gammaln(a[i] - nij + 1)
                - gammaln(b[j] - nij + 1)
                - gammaln(n - a[i] - b[j] + nij + 1)
            )
            emi += float(
                (term1[nij] * (log_nnij[nij] - log_ab_outer[i, j]) * np.exp(log_term)).sum()
            )
    return emi


def ami(gold: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Adjusted mutual information (Vinh et al. 2010), arithmetic-mean normalisation."""
    table = contingency(gold, found)
    if table.shape[0] == table.shape[1] == 1 or table.shape[0] == table.shape[1] == table.sum():
        return 1.0
    mi = mutual_information(table)
    emi = expected_mutual_information(table)
    mean = (_entropy(table.sum(axis=1)) + _entropy(table.sum(axis=0))) / 2
    denominator = mean - emi
    if abs(denominator) < np.finfo(np.float64).eps:
        return 1.0 if abs(mi - emi) < np.finfo(np.float64).eps else 0.0
    return float((mi - emi) / denominator)


def ari(gold: Sequence[Hashable], found: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie)."""
    table = contingency(gold, found).astype(np.float64)
    n = table.sum()
    total_pairs = n * (n - 1) / 2
    both = _pairs(table)
    gold_pairs, found_pairs = _pairs(table.sum(axis=1)), _pairs(table.sum(axis=0))
    expected = gold_pairs * found_pairs / total_pairs if total_pairs else 0.0
    maximum = (gold_pairs + found_pairs) / 2
    if maximum == expected:
        return 1.0
    return float((both - expected) / (maximum - expected))


def score_clustering(gold: Sequence[Hashable], found: Sequence[Hashable]) -> dict[str, float]:
    """All metrics of a clustering as one flat dict, plus gold and found story counts."""
    b3, pw = bcubed(gold, found), pairwise(gold, found)
    return {
        "articles": len(gold),
        "b3_precision": b3.precision,
        "b3_recall": b3.recall,
        "b3_f1": b3.f1,
        "pairwise_precision": pw.precision,
        "pairwise_recall": pw.recall,
        "pairwise_f1": pw.f1,
        "nmi": nmi(gold, found),
        "ami": ami(gold, found),
        "ari": ari(gold, found),
        "stories_gold": len(set(gold)),
        "stories_found": len(set(found)),
    }

"""What the issue's anchor method scores when it is told the answer's number of stories.

    scripts/bootstrap bench   # scikit-learn, used by this script only
    /work/main/.venv/bin/python bench/oracle_kmeans.py [SET ...]   # default: ecbplus-dev ntrex-dev

Issue 3's anchor for ecbplus-dev is "TF-IDF + k-means given the true k: NMI 0.963". This
runs that method in batch over the whole set with k set to the gold number of stories and
prints B-cubed beside NMI, so the anchor can be compared with the engine on the issue's
own metric. Two inputs: scikit-learn's TfidfVectorizer with its English stop words over
title and text (only for a set whose articles are all English: its words are not shared
across languages), and the engine's USE vectors (title and lead). scikit-learn's KMeans
(k-means++, 10 starts, the lowest inertia kept) depends on its seed, so SEEDS seeds are
run and the spread is printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import bcubed, nmi  # noqa: E402

SEEDS = 10


def main() -> None:
    try:
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        sys.exit("bench/oracle_kmeans.py needs scikit-learn: run scripts/bootstrap bench")
    for name in sys.argv[1:] or ["ecbplus-dev", "ntrex-dev"]:
        story_set = load_story_set(name)
        gold = [item.gold for item in story_set.items]
        k = len(set(gold))
        inputs = {"USE vectors, title + lead": story_set.vectors}
        if all(item.article.lang == "en" for item in story_set.items):
            texts = [(i.article.title or "") + "\n" + i.article.text for i in story_set.items]
            tfidf = TfidfVectorizer(stop_words="english").fit_transform(texts)
            inputs = {"tf-idf, title + text": tfidf, **inputs}
        print(f"{name}: {len(gold)} articles, k = {k} gold stories, seeds 0-{SEEDS - 1}")
        for label, rows in inputs.items():
            scores = []
            for seed in range(SEEDS):
                found = KMeans(k, n_init=10, random_state=seed).fit_predict(rows)
                b3 = bcubed(gold, found)
                scores.append((b3.precision, b3.recall, b3.f1, nmi(gold, found)))
            table = np.asarray(scores)
            mean, low, high = table.mean(axis=0), table.min(axis=0), table.max(axis=0)
            print(
                f"  {label}: B3 P {mean[0]:.3f} R {mean[1]:.3f} F1 {mean[2]:.3f} "
                f"(range {low[2]:.3f}-{high[2]:.3f}), NMI {mean[3]:.3f} "
                f"(range {low[3]:.3f}-{high[3]:.3f})",
                flush=True,
            )


if __name__ == "__main__":
    main()

"""Chinese in traditional characters: ntrex-dev with its Chinese articles converted, clustered.

    /work/main/.venv/bin/python bench/traditional_chinese.py

The held-out sets include traditional Chinese, which no development set has. This writes
ntrex-dev's Chinese articles (simplified) in traditional characters with OpenCC (s2t),
embeds them, and clusters the whole set, three ways in one run: the set as it is, the
converted set with the shipped model text (Chinese folded to simplified before USE), and
the converted set with the Chinese left in traditional characters (the recipe before
session 6). Prints B3 for each and the mean cosine between each Chinese article's vector
and its traditional twin's.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from unittest import mock

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import score_clustering  # noqa: E402
from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.stream import cluster_articles, embed_articles  # noqa: E402
from newsdesk.text import embed  # noqa: E402
from newsdesk.text.embed import UseMultilingualEmbedder  # noqa: E402


def main() -> None:
    """Score the three variants and print a table."""
    import opencc

    story_set = load_story_set("ntrex-dev")
    to_traditional = opencc.OpenCC("s2t")
    original = [item.article for item in story_set.items]
    converted = [
        replace(a, title=to_traditional.convert(a.title or ""),
                text=to_traditional.convert(a.text or ""), lang="zh-TW")
        if (a.lang or "").startswith("zh") else a
        for a in original
    ]
    chinese = [i for i, a in enumerate(original) if (a.lang or "").startswith("zh")]
    embedder = UseMultilingualEmbedder()
    folded = embed_articles(converted, embedder)
    with mock.patch.object(embed, "simplified_chinese", lambda text: text):
        unfolded = embed_articles(converted, embedder)
    gold = [item.gold for item in story_set.items]
    print(f"ntrex-dev: {len(original)} articles, {len(chinese)} of them Chinese\n")
    print("| variant | cosine to the simplified vectors | B3 P | B3 R | B3 F1 | stories |")
    print("|---|---|---|---|---|---|")
    for label, articles, vectors in (
        ("as published (simplified)", original, story_set.vectors),
        ("traditional, folded to simplified for USE (shipped)", converted, folded),
        ("traditional, embedded as it is (before session 6)", converted, unfolded),
    ):
        cosine = float(np.mean(np.sum(vectors[chinese] * story_set.vectors[chinese], axis=1)))
        found = cluster_articles(articles, vectors, StoryEngine())
        s = score_clustering(gold, [a.story_id for a in found])
        print(f"| {label} | {cosine:.3f} | {s['b3_precision']:.3f} | {s['b3_recall']:.3f} "
              f"| {s['b3_f1']:.3f} | {s['stories_found']}/{s['stories_gold']} |")


if __name__ == "__main__":
    main()

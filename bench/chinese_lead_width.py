"""How far a Chinese report sits from its translations, by how much of its lead USE reads.

    /work/main/.venv/bin/python bench/chinese_lead_width.py

On ntrex-dev (each story one document in five languages), the Chinese documents are
embedded with their title and lead cut at several character counts, the other languages
as shipped; for each cut, the mean (and 10th percentile) cosine of a Chinese document to
its four translations and the mean of its best cosine to any other story's document.
"shipped" is `model_text` as it is, counting a Han character as `DENSE_CHARACTER_WIDTH`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import load_story_set  # noqa: E402

from newsdesk.text.embed import UseMultilingualEmbedder, model_text  # noqa: E402

CUTS = (700, 350, 250, 200, 150)


def main() -> None:
    story_set = load_story_set("ntrex-dev")
    items, vectors = story_set.items, story_set.vectors
    chinese = [i for i, item in enumerate(items) if (item.article.lang or "").startswith("zh")]
    others = [i for i in range(len(items)) if i not in set(chinese)]
    by_story: dict[str, list[int]] = defaultdict(list)
    for index in others:
        by_story[items[index].gold].append(index)
    embedder = UseMultilingualEmbedder()
    print(f"ntrex-dev: {len(chinese)} Chinese documents, {len(others)} translations\n")
    print("| Chinese lead cut at | cosine to its translations: mean | 10th percentile "
          "| best other story's document: mean |\n|---|---|---|---|")
    for cut in (None, *CUTS):
        articles = [items[i].article for i in chinese]
        if cut is None:
            texts = [model_text(a.title, a.text) for a in articles]
        else:  # a plain character count, as before session 7
            texts = [_cut_plain(a.title, a.text, cut) for a in articles]
        embedded = embedder.embed(texts)
        siblings, rivals = [], []
        for row, index in enumerate(chinese):
            own = by_story[items[index].gold]
            siblings += [float(embedded[row] @ vectors[j]) for j in own]
            rivals.append(max(float(embedded[row] @ vectors[j]) for j in others
                              if items[j].gold != items[index].gold))
        label = f"{cut} characters" if cut else "shipped (Han counts 3)"
        print(f"| {label} | {np.mean(siblings):.3f} | {np.percentile(siblings, 10):.3f} "
              f"| {np.mean(rivals):.3f} |", flush=True)


def _cut_plain(title: str | None, text: str, limit: int) -> str:
    """The title and lead cut at `limit` characters, every character counting one."""
    full = model_text(title, text, limit=10**9)
    return full[:limit]


if __name__ == "__main__":
    main()

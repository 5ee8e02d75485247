"""Sentence pairs of one story from different outlets, by cosine, to read what a cosine means.

    /work/main/.venv/bin/python bench/restated_pairs.py [ROUNDUP.jsonl] [--per-bin 7]
    .venv/bin/python bench/restated_pairs.py --languages ../shared/data/stories/ntrex-dev.jsonl

For every story of a roundup file, every pair of usable sentences (as the writer reads
them) from two different articles is embedded with the shipped sentence model, and pairs
are binned by cosine (0.65, 0.70, ..., 1.00). The script prints how many pairs fall in each
bin and a fixed random sample of each, for a reader to judge whether the two sentences say
the same thing; that reading is how `newsdesk.write.restate.RESTATED_COSINE` was set
(BENCHMARKS.md, "Restatements").

With `--languages STORIES.jsonl` (a story set of parallel documents, such as ntrex-dev) it
instead measures, per language, how often two sentences of one article reach the
threshold and their mean cosine: whether the same threshold means the same in each
language.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.evaluate.summaries import load_stories  # noqa: E402 - after the path set-up
from newsdesk.text.embed import model_text  # noqa: E402
from newsdesk.write.restate import RESTATED_COSINE, default_embedder  # noqa: E402
from newsdesk.write.sources import SourceArticle  # noqa: E402
from newsdesk.write.summarize import Draft  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "data" / "roundups" / "allsides-dev.jsonl"
LOWEST_BIN, BIN_WIDTH = 0.65, 0.05


def main() -> None:
    """Bin the cross-outlet sentence pairs by cosine and print a sample of each bin."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--per-bin", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--languages", type=Path, help="a story set: compare languages instead")
    args = parser.parse_args()
    if args.languages:
        by_language(args.languages)
        return
    stories, _ = load_stories(args.path)
    embedder = default_embedder()
    bins: dict[int, list[tuple[float, str, str]]] = {}
    for story in stories:
        candidates = [c for c in Draft.of(story.id, story.articles, "en").candidates if c.usable]
        if len(candidates) < 2:
            continue
        vectors = embedder.embed([model_text(None, c.text) for c in candidates])
        cosines = vectors @ vectors.T
        for i, first in enumerate(candidates):
            for j in range(i):
                second = candidates[j]
                cosine = float(cosines[i, j])
                if first.article == second.article or cosine < LOWEST_BIN:
                    continue
                key = int((cosine - LOWEST_BIN) / BIN_WIDTH + 1e-9)
                bins.setdefault(key, []).append((cosine, second.text, first.text))
    sample = random.Random(args.seed)
    for key in sorted(bins):
        low = LOWEST_BIN + key * BIN_WIDTH
        pairs = bins[key]
        print(f"=== cosine {low:.2f}-{low + BIN_WIDTH:.2f}: {len(pairs)} pairs")
        for cosine, first, second in sample.sample(pairs, min(args.per_bin, len(pairs))):
            print(f"{cosine:.3f}\n  A: {first}\n  B: {second}")


def by_language(path: Path) -> None:
    """Per language: pairs of sentences of one article, the share at the threshold or
    above, and their mean cosine."""
    embedder = default_embedder()
    pairs: dict[str, list[float]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            language = (record.get("lang") or "en").split("-")[0]
            article = SourceArticle(id=str(record["id"]), outlet="-", title=record.get("title"),
                                    url="-", text=record["text"], language=record.get("lang"))
            draft = Draft.of(article.id, [article], language)
            candidates = [c for c in draft.candidates if c.usable]
            if len(candidates) < 2:
                continue
            vectors = embedder.embed([model_text(None, c.text) for c in candidates])
            upper = np.triu_indices(len(candidates), 1)
            pairs.setdefault(language, []).extend((vectors @ vectors.T)[upper].tolist())
    print(f"| language | pairs | at {RESTATED_COSINE} or more | mean cosine |\n|---|---|---|---|")
    for language, cosines in sorted(pairs.items()):
        values = np.asarray(cosines)
        print(f"| {language} | {len(values)} | {int((values >= RESTATED_COSINE).sum())} "
              f"({(values >= RESTATED_COSINE).mean():.2%}) | {values.mean():.3f} |")


if __name__ == "__main__":
    main()

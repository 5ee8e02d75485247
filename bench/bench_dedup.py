"""Near-duplicate detection measured on perturbed real articles: precision and recall.

Originals are the articles of allsides-dev, ecbplus-dev and the Chinese half of ntrex-dev
(other outlets' reports of the same story and translations are hard negatives). Each
original gets perturbed copies: boilerplate added, a paragraph dropped, paragraphs
reordered, a few words changed, and (for Chinese) conversion to traditional characters.
All originals stream first, then the copies in a seeded shuffle.

    /work/main/.venv/bin/python bench/bench_dedup.py
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import opencc  # noqa: E402
from story_sets import STORY_SETS  # noqa: E402

from newsdesk.stories.dedup import CopyDetector  # noqa: E402
from newsdesk.stories.model import StoryArticle  # noqa: E402
from newsdesk.stories.stream import read_story_file  # noqa: E402
from newsdesk.text.language import normalise_language  # noqa: E402

SEED = 7
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
BOILERPLATE = (
    "Sign up for our newsletter to get the day's top stories in your inbox.",
    "Copyright 2021 The Associated Press. All rights reserved.",
    "This article was originally published by our partner and is republished with permission.",
)
TO_TRADITIONAL = opencc.OpenCC("s2t")

Perturb = Callable[[str, random.Random], str | None]


def add_boilerplate(text: str, rng: random.Random) -> str:
    """Wrap the text in a syndication line and a newsletter line."""
    return f"{rng.choice(BOILERPLATE)}\n{text}\n{rng.choice(BOILERPLATE)}"


def drop_paragraph(text: str, rng: random.Random) -> str | None:
    """Remove one paragraph of at least four."""
    paragraphs = text.split("\n")
    if len(paragraphs) < 4:
        return None
    del paragraphs[rng.randrange(len(paragraphs))]
    return "\n".join(paragraphs)


def reorder_paragraphs(text: str, rng: random.Random) -> str | None:
    """Swap two paragraphs."""
    paragraphs = text.split("\n")
    if len(paragraphs) < 2:
        return None
    i, j = rng.sample(range(len(paragraphs)), 2)
    paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return "\n".join(paragraphs)


def change_words(text: str, rng: random.Random) -> str | None:
    """Replace three words (an editor's touch-up)."""
    words = text.split(" ")
    if len(words) < 30:
        return None
    for index in rng.sample(range(len(words)), 3):
        words[index] = rng.choice(("reportedly", "officials", "Tuesday", "new"))
    return " ".join(words)


def to_traditional(text: str, rng: random.Random) -> str | None:
    """Simplified Chinese to traditional characters."""
    return TO_TRADITIONAL.convert(text)


PERTURBATIONS: dict[str, Perturb] = {
    "boilerplate": add_boilerplate,
    "drop-paragraph": drop_paragraph,
    "reorder": reorder_paragraphs,
    "change-words": change_words,
}


def load_originals() -> list[StoryArticle]:
    """Real articles, each normalised to its base language."""
    originals = []
    for name in ("allsides-dev", "ecbplus-dev", "ntrex-dev"):
        for item in read_story_file(STORY_SETS / f"{name}.jsonl"):
            lang = normalise_language(item.article.lang)
            if name == "ntrex-dev" and lang != "zh":
                continue
            originals.append(replace(item.article, lang=lang))
    return originals


def build_copies(originals: list[StoryArticle]) -> list[tuple[str, StoryArticle]]:
    """(kind, copy) pairs; a copy's id is '<original>~<kind>'."""
    rng = random.Random(SEED)
    copies = []
    for article in originals:
        kinds = dict(PERTURBATIONS)
        if article.lang == "zh":
            kinds["traditional"] = to_traditional
        for kind, perturb in kinds.items():
            text = perturb(article.text, rng)
            if text is not None:
                copies.append((kind, replace(article, id=f"{article.id}~{kind}", text=text)))
    rng.shuffle(copies)
    return copies


def measure(threshold: float, originals: list[StoryArticle], copies: list) -> None:
    """Stream originals then copies through one detector; print its precision and recall."""
    detector = CopyDetector(threshold=threshold)
    started = time.perf_counter()
    false_on_originals = sum(detector.check(a) is not None for a in originals)
    found, wrong, total = Counter(), Counter(), Counter()
    for kind, article in copies:
        total[kind] += 1
        result = detector.check(article)
        if result is None:
            continue
        if result.original_id == article.id.split("~")[0]:
            found[kind] += 1
        else:
            wrong[kind] += 1
    rate = (len(originals) + len(copies)) / (time.perf_counter() - started)
    detections = sum(found.values()) + sum(wrong.values()) + false_on_originals
    precision = sum(found.values()) / detections if detections else 1.0
    recall = sum(found.values()) / sum(total.values())
    per_kind = " | ".join(f"{found[k] / total[k]:.3f}" for k in sorted(total))
    print(
        f"| {threshold} | {precision:.3f} | {recall:.3f} | {per_kind} "
        f"| {false_on_originals} | {rate:.0f} |",
        flush=True,
    )


def main() -> None:
    """Print precision and recall, overall and per perturbation, for several thresholds."""
    originals = load_originals()
    copies = build_copies(originals)
    kinds = sorted({kind for kind, _ in copies})
    print(
        f"{len(originals)} originals, {len(copies)} perturbed copies "
        f"({', '.join(f'{k}: {sum(c[0] == k for c in copies)}' for k in kinds)})"
    )
    print(
        "| Jaccard threshold | precision | recall | "
        + " | ".join(f"recall {k}" for k in kinds)
        + " | originals flagged | articles/s |"
    )
    print("|---" * (5 + len(kinds)) + "|")
    for threshold in THRESHOLDS:
        measure(threshold, originals, copies)


if __name__ == "__main__":
    main()

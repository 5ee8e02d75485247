"""Language of headlines alone, with and without the source's history as a prior.

    /work/main/.venv/bin/python bench/headline_language.py [SET ...]

For each labelled story set (default: meantime-4lang and ntrex-dev, whose articles come in
several languages with their gold language), every title is identified by itself, as a
feed item with nothing but a headline would be. Each language of a set stands for one
source that writes in it: the prior of an article is the detected language of the full
text of every other article of that source (what the store holds for a source's earlier
articles), so no gold label enters it. A last row makes one source of the set's first two
languages, half and half, to show a bilingual source's history does not force one
language on the other. Prints the accuracy without and with the prior.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.text.language import detect_language, normalise_language  # noqa: E402

STORY_SETS = REPO.parent / "shared" / "data" / "stories"
DEFAULT_SETS = ("meantime-4lang", "ntrex-dev")


def main() -> None:
    """Print a table per set: headline language accuracy without and with the prior."""
    for name in sys.argv[1:] or DEFAULT_SETS:
        rows = [json.loads(line) for line in (STORY_SETS / f"{name}.jsonl").open(encoding="utf-8")]
        rows = [row for row in rows if row.get("title")]
        by_source: dict[str, list[dict]] = {}
        for row in rows:
            by_source.setdefault(normalise_language(row["lang"]) or "?", []).append(row)
        print(f"\n{name}: {len(rows)} titles\n")
        print("| source | titles | alone | with the source's history |\n|---|---|---|---|")
        sources = sorted(by_source.items())
        mixed = [row for _, items in sources[:2] for row in items]  # a bilingual source
        for label, items in [*sources, (f"{sources[0][0]}+{sources[1][0]}", mixed)]:
            _score(label, items)


def _score(label: str, items: list[dict]) -> None:
    """One row: headline accuracy of one source's articles, alone and with its history
    (every other article's detected full-text language)."""
    history = Counter(detect_language(row["text"]) for row in items)
    alone = with_prior = 0
    for row in items:
        gold = normalise_language(row["lang"])
        own = detect_language(row["text"])
        prior = {lang: n - (lang == own) for lang, n in history.items() if lang}
        alone += detect_language(row["title"]) == gold
        with_prior += detect_language(row["title"], prior) == gold
    print(f"| {label} | {len(items)} | {alone} ({alone / len(items):.1%}) "
          f"| {with_prior} ({with_prior / len(items):.1%}) |")


if __name__ == "__main__":
    main()

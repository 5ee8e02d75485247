"""What the story engine's merges on ntrex-dev are: one event told by two outlets, or not.

    /work/main/.venv/bin/python bench/ntrex_merges.py

ntrex-dev's gold story is one source document and its translations (en, zh, de, fr, es).
Two documents from different outlets about one news event are two gold stories, although
a story engine exists to put them together (allsides-dev's gold, two or three outlets on
one event, asks for exactly that). This script lists every pair of gold stories the engine
put into one story, with their English titles and a reader's judgement of each pair
(`JUDGED` below, made by reading the two articles' titles and leads; pairs not judged are
printed as such), then scores the engine's stories against the document gold and against
the gold with the judged same-event pairs joined. It shows how much of the gap to the
issue's 0.97 is the document-level gold; it is an analysis, not the figure of record.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from story_sets import load_story_set  # noqa: E402

from newsdesk.evaluate.metrics import score_clustering  # noqa: E402
from newsdesk.stories.cluster import StoryEngine  # noqa: E402
from newsdesk.stories.stream import cluster_articles  # noqa: E402

SAME_EVENT = "same event"
DEVELOPING = "same developing story, a day apart"
DIFFERENT = "different stories"
JUDGED: dict[frozenset[str], str] = {
    frozenset({"reuters.218861", "cnbc.com.6769"}): SAME_EVENT,
    frozenset({"rt.com.91337", "reuters.218932"}): SAME_EVENT,
    frozenset({"euronews-en.153797", "reuters.218863"}): SAME_EVENT,
    frozenset({"newsweek.51300", "abcnews.306755"}): SAME_EVENT,
    frozenset({"cbsnews.248387", "reuters.218909"}): SAME_EVENT,
    frozenset({"bbc.381746", "scotsman.133791"}): SAME_EVENT,
    frozenset({"reuters.218923", "euronews-en.153826"}): DEVELOPING,
    frozenset({"euronews-en.153797", "euronews-en.153835"}): DEVELOPING,
    frozenset({"reuters.218863", "euronews-en.153835"}): DEVELOPING,
    frozenset({"euronews-en.153799", "thelocal.65969"}): SAME_EVENT,  # one UN speech
    frozenset({"nytimes.184830", "guardian.221756"}): DIFFERENT,
}


def main() -> None:
    """List the merged gold pairs with their judgements, then the two scores."""
    story_set = load_story_set("ntrex-dev")
    articles = [item.article for item in story_set.items]
    gold = [item.gold for item in story_set.items]
    found = [a.story_id for a in cluster_articles(articles, story_set.vectors, StoryEngine())]
    titles = _english_titles(story_set.items)
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for label, story in zip(gold, found, strict=True):
        members[story][label] += 1
    merged = sorted(
        {
            frozenset(pair)
            for counts in members.values()
            for pair in combinations(sorted(counts), 2)
        },
        key=sorted,
    )
    print(f"ntrex-dev: {len(merged)} pairs of gold stories share an engine story\n")
    print("| gold stories | English titles | judged |\n|---|---|---|")
    for pair in merged:
        first, second = sorted(pair)
        print(
            f"| {first} + {second} | {titles.get(first, '?')} / {titles.get(second, '?')} "
            f"| {JUDGED.get(pair, 'not judged')} |"
        )
    print("\n| gold | B3 P | B3 R | B3 F1 | gold stories |\n|---|---|---|---|---|")
    for name, kinds in (
        ("document (the set's own)", ()),
        ("same-event pairs joined", (SAME_EVENT,)),
        ("same-event and developing pairs joined", (SAME_EVENT, DEVELOPING)),
    ):
        relabelled = _join(gold, [pair for pair, kind in JUDGED.items() if kind in kinds])
        scores = score_clustering(relabelled, found)
        print(
            f"| {name} | {scores['b3_precision']:.3f} | {scores['b3_recall']:.3f} "
            f"| {scores['b3_f1']:.3f} | {scores['stories_gold']} |"
        )


def _english_titles(items: list) -> dict[str, str]:
    """Each gold story's English title (its first title when it has no English one)."""
    titles: dict[str, str] = {}
    for item in items:
        title = (item.article.title or "").strip()
        if item.article.lang and item.article.lang.startswith("en"):
            titles[item.gold] = title
        else:
            titles.setdefault(item.gold, title)
    return titles


def _join(gold: list[str], pairs: list[frozenset[str]]) -> list[str]:
    """Gold labels with each given pair of stories made one (union-find)."""
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.get(label, label) != label:
            label = parent[label]
        return label

    for pair in pairs:
        first, second = sorted(pair)
        parent[root(second)] = root(first)
    return [root(label) for label in gold]


if __name__ == "__main__":
    main()

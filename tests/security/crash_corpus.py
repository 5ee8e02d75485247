"""A synthetic newsroom corpus for the crash tests: events told by several outlets, with copies.

Each event has its own vocabulary; every outlet tells it in its own words, some outlets
repeat another's report word for word (exact copies), and some events are first told in
two halves that a later, fuller report joins (so the engine merges stories).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

OUTLETS = [f"outlet{n}" for n in range(8)]
SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze", "bo", "da"]
REPORTS_PER_EVENT = 4


def _lexicon(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _report(rng: random.Random, vocabulary: list[str], common: list[str]) -> tuple[str, str]:
    """A headline and a two-sentence body drawn from an event's words, plus filler."""
    title = " ".join(rng.sample(vocabulary, 6)).capitalize()
    first = rng.sample(vocabulary, min(24, len(vocabulary))) + rng.sample(common, 2)
    second = rng.sample(vocabulary, min(18, len(vocabulary))) + rng.sample(common, 2)
    rng.shuffle(first)
    rng.shuffle(second)
    return title, f"{' '.join(first).capitalize()}. {' '.join(second).capitalize()}."


def corpus_records(
    events: int, *, seed: int, end: datetime | None = None, prefix: str = ""
) -> list[dict]:
    """Story-set records (`newsdesk import` JSONL schema) for `events` events, in file order.

    Dates fall in the six days before `end` (default: now), so a weekly desk covers them.
    Record ids start with `prefix`, so corpora with different prefixes never collide.
    """
    rng = random.Random(seed)
    lexicon = _lexicon(rng, 3000)
    common = lexicon[:60]
    end = end or datetime.now(UTC).replace(microsecond=0)
    records = []
    for event in range(events):
        vocabulary = rng.sample(lexicon[60:], 40)
        start = end - timedelta(days=6) + timedelta(minutes=131 * event)
        split = event % 7 == 3
        for n in range(REPORTS_PER_EVENT):
            words = vocabulary[n * 20:(n + 1) * 20] if split and n < 2 else vocabulary
            title, text = _report(rng, words, common)
            records.append({
                "id": f"{prefix}event{event}-report{n}",
                "story": f"event{event}",
                "lang": "en",
                "date": (start + timedelta(minutes=11 * n)).isoformat(),
                "source": OUTLETS[(event + n) % len(OUTLETS)],
                "title": title,
                "text": text,
            })
        if event % 4 == 0:
            original = records[-REPORTS_PER_EVENT]
            records.append({**original, "id": f"{prefix}event{event}-copy",
                            "source": OUTLETS[(event + REPORTS_PER_EVENT) % len(OUTLETS)],
                            "date": (start + timedelta(minutes=50)).isoformat()})
    rng.shuffle(records)
    return records


def write_corpus(path: Path, events: int, *, seed: int, prefix: str = "") -> Path:
    """Write the corpus as a JSONL file and return its path."""
    records = corpus_records(events, seed=seed, prefix=prefix)
    lines = (json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

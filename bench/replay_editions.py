"""Replay allsides-dev week by week through the desk and count events written up twice.

    NEWSDESK_SHARED_DATA=/work/shared/data .venv/bin/python bench/replay_editions.py [--weeks 7]

The editors' stories (../shared/data/roundups/allsides-dev.jsonl) become one RSS feed per
outlet, served by a real HTTP server on loopback. `newsdesk source import` (an OPML file of
the feeds), `newsdesk fetch` and `newsdesk cluster` take them in as a user would (USE
vectors, full text off: the articles' own pages are not fetched). Then, for each week from
the first story's, the desk's edition is composed with the week's end as its window end
(`compose_edition`'s `window_end`, as `newsdesk run --until` does: articles published after
it stay out of the write-ups). Twice per week: with ranking's choice of stories only (as
before issue 17), and with the shipped layout (one item per event, readable leads).

Per edition: items, those whose sources carry a gold story and those whose sources carry
several (the engine joined stories); events written up more than once (a gold story whose
articles are cited by two or more items; target 0); multi-day leads and how many open with
a sentence from their story's latest day.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.app import editions  # noqa: E402
from newsdesk.config import load_settings  # noqa: E402
from newsdesk.desks.config import find_desk  # noqa: E402
from newsdesk.ingest.urls import canonical_url  # noqa: E402
from newsdesk.store import Store  # noqa: E402
from newsdesk.stories.diversity import select_edition  # noqa: E402
from newsdesk.text.embed import UseMultilingualEmbedder  # noqa: E402
from newsdesk.write import compose  # noqa: E402
from newsdesk.write.edition import Edition, StoryWriteUp  # noqa: E402
from newsdesk.write.summarize import ExtractiveWriter  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402

SHARED = Path(os.environ.get("NEWSDESK_SHARED_DATA", REPO.parent / "shared" / "data"))
ROUNDUPS = SHARED / "roundups" / "allsides-dev.jsonl"
DESK = """name = "replay"
title = "Replay Desk"
description = "US politics, policy, courts, the economy and world affairs."
language = "en"
[sources]
urls = [{urls}]
[filters]
min_sources = 1
[schedule]
window = "7d"
"""
CONFIG = """desk = "replay"
embedder = "use-multilingual-v3"
allowed_networks = ["127.0.0.0/8"]
[fetch]
full_text = false
"""


def read_stories() -> list[dict]:
    """The editors' stories that have articles, in date order."""
    stories = [json.loads(line) for line in ROUNDUPS.read_text(encoding="utf-8").splitlines()]
    return sorted((s for s in stories if s.get("articles")), key=lambda s: s["date"])


def outlet_feeds(stories: list[dict], base: str) -> dict[str, bytes]:
    """One RSS feed per outlet: each article dated at noon of its story's day (UTC)."""
    items: dict[str, list[str]] = defaultdict(list)
    for story in stories:
        noon = datetime.combine(date.fromisoformat(story["date"]), time(12), tzinfo=UTC)
        for n, article in enumerate(story["articles"]):
            items[article["source"]].append(
                f"<item><title>{escape(article['title'] or '')}</title>"
                f"<link>{escape(article['url'])}</link><guid>{escape(article['url'])}</guid>"
                f"<pubDate>{format_datetime(noon + timedelta(minutes=n))}</pubDate>"
                f"<description>{escape(article['text'] or '')}</description></item>")
    return {outlet: (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                     f"<title>{escape(outlet)}</title><link>{base}</link><language>en</language>"
                     + "".join(rows) + "</channel></rss>").encode()
            for outlet, rows in items.items()}


def newsdesk(home: Path, *args: str) -> None:
    env = dict(os.environ, NEWSDESK_HOME=str(home), NEWSDESK_EMBEDDER="use-multilingual-v3")
    result = subprocess.run([sys.executable, "-m", "newsdesk", *args], env=env,
                            capture_output=True, text=True, check=False, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(f"newsdesk {' '.join(args)} failed: {result.stderr.strip()}")


def take_in(home: Path, stories: list[dict], server: FeedServer) -> None:
    """Serve the feeds, subscribe, fetch and cluster as a user would."""
    base = server.url("").rstrip("/")
    urls = [server.route(f"/feed{n}.xml", body)
            for n, body in enumerate(outlet_feeds(stories, base).values())]
    (home / "desks").mkdir(parents=True)
    (home / "config.toml").write_text(CONFIG, encoding="utf-8")
    (home / "desks" / "replay.toml").write_text(
        DESK.format(urls=", ".join(f'"{u}"' for u in urls)), encoding="utf-8")
    outlines = "".join(f'<outline type="rss" text="feed {n}" xmlUrl="{escape(url)}"/>'
                       for n, url in enumerate(urls))
    opml = home / "outlets.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>allsides-dev'
                    f"</title></head><body>{outlines}</body></opml>", encoding="utf-8")
    newsdesk(home, "init", "--no-sources")
    newsdesk(home, "source", "import", str(opml))
    newsdesk(home, "fetch")
    newsdesk(home, "cluster", "--quiet")


def gold_of(citations_url: str, gold: dict[str, str]) -> str | None:
    return gold.get(canonical_url(citations_url) or citations_url)


def measure(edition: Edition, gold: dict[str, str]) -> dict[str, int]:
    """Items, events written up more than once, multi-day leads, those opening on the
    story's latest day."""
    items: list[StoryWriteUp] = edition.leads + edition.also
    events = [{gold_of(c.url, gold) for c in item.sources} - {None} for item in items]
    per_event = Counter(event for found in events for event in found)
    multi = latest = 0
    for lead in edition.leads:
        days = {c.published.date() for c in lead.sources if c.published}
        first = next((p[0] for p in lead.paragraphs if p), None)
        if len(days) > 1 and first and first.citation.published:
            multi += 1
            latest += first.citation.published.date() == max(days)
    repeats = [f"{event}: " + " / ".join(f"{item.story_id} {item.headline!r}"
                                         for item, found in zip(items, events, strict=True)
                                         if event in found)
               for event, n in per_event.items() if n > 1]
    return {"items": len(items), "matched": sum(1 for found in events if found),
            "mixed": sum(1 for found in events if len(found) > 1),
            "repeated": len(repeats), "repeats": repeats,
            "multi_day_leads": multi, "latest_first": latest}


def replay(home: Path, stories: list[dict], weeks: int) -> dict[str, list[dict]]:
    """Each week's edition composed both ways, measured."""
    settings = load_settings(home)
    desk = find_desk("replay", home)
    embedder = UseMultilingualEmbedder()
    writer = ExtractiveWriter(embedder=embedder)
    gold = {canonical_url(a["url"]) or a["url"]: s["id"] for s in stories for a in s["articles"]}
    first = date.fromisoformat(stories[0]["date"])
    shipped = compose.final_layout
    results: dict[str, list[dict]] = {"ranking only": [], "shipped": []}
    store = Store.open(settings.database_url)
    try:
        for week in range(weeks):
            end = datetime.combine(first + timedelta(days=7 * (week + 1)), time(0), tzinfo=UTC)
            for name, layout in (("ranking only", _ranking_only), ("shipped", shipped)):
                compose.final_layout = layout
                try:
                    edition = editions.compose(store, desk, writer, embedder=embedder,
                                               window_end=end).edition
                finally:
                    compose.final_layout = shipped
                results[name].append({"week_end": end.date().isoformat()}
                                     | measure(edition, gold))
    finally:
        store.close()
    return results


def _ranking_only(session, ranked, desk, writer, window_end):  # noqa: ANN001, ANN202
    return (*select_edition(ranked, desk.layout, desk.diversity), {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=7)
    args = parser.parse_args()
    if not ROUNDUPS.is_file():
        raise SystemExit(f"no {ROUNDUPS}: set NEWSDESK_SHARED_DATA")
    stories = read_stories()
    with tempfile.TemporaryDirectory(prefix="newsdesk-replay-") as folder, FeedServer() as server:
        home = Path(folder)
        take_in(home, stories, server)
        results = replay(home, stories, args.weeks)
    for name, rows in results.items():
        print(f"\n{name}")
        print("| week ending | items | of them with gold stories | of several | events written "
              "up more than once | multi-day leads | of them opening on the latest day |")
        print("|---|---|---|---|---|---|---|")
        for row in rows:
            print(f"| {row['week_end']} | {row['items']} | {row['matched']} | {row['mixed']} | "
                  f"{row['repeated']} | {row['multi_day_leads']} | {row['latest_first']} |")
        for row in rows:
            for repeat in row["repeats"]:
                print(f"  {row['week_end']} written up more than once: {repeat}")
        multi = sum(r["multi_day_leads"] for r in rows)
        latest = sum(r["latest_first"] for r in rows)
        share = f"{latest / multi:.0%}" if multi else "n/a"
        print(f"| all {len(rows)} | {sum(r['items'] for r in rows)} | "
              f"{sum(r['matched'] for r in rows)} | {sum(r['mixed'] for r in rows)} | "
              f"{sum(r['repeated'] for r in rows)} | {multi} | {latest} ({share}) |")


if __name__ == "__main__":
    main()

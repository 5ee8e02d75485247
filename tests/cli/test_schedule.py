"""A desk's schedule: its own sources, its cadence, and editions of any past week."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.cli.test_run import _write_desk, newsdesk, newsroom  # noqa: F401


def _editions() -> list[dict]:
    return json.loads(newsdesk("editions", "--json").stdout)


def test_run_subscribes_the_desks_sources_once_and_keeps_to_its_cadence(
    database_url: str, newsroom: list[str], isolated_home: Path  # noqa: F811
) -> None:
    _write_desk(isolated_home, "weekly", newsroom)
    first = newsdesk("run", "--desk", "weekly")
    assert first.returncode == 0, first.stderr
    assert "subscribed 3 new of the 3 sources of desk weekly" in first.stdout
    (edition,) = _editions()
    assert edition["status"] == "published"

    again = newsdesk("run", "--desk", "weekly")
    assert again.returncode == 0, again.stderr
    assert "subscribed" not in again.stdout  # already subscribed: nothing added
    (line,) = [s for s in again.stdout.splitlines() if "no edition due" in s]
    assert f"the last, {edition['id']}" in line and "the next is due at" in line
    assert len(_editions()) == 1  # no second edition, no second e-mail
    sources = json.loads(newsdesk("source", "list", "--json").stdout)
    assert sorted(s["url"] for s in sources) == sorted(newsroom)

    forced = newsdesk("run", "--desk", "weekly", "--force", "--no-fetch")
    assert forced.returncode == 0, forced.stderr
    assert [e["id"] for e in _editions()] == [f"{edition['id']}-2", edition["id"]]


def test_a_draft_awaiting_review_is_not_joined_by_a_second_draft(
    database_url: str, newsroom: list[str], isolated_home: Path  # noqa: F811
) -> None:
    _write_desk(isolated_home, "reviewed", newsroom, review=True)
    assert newsdesk("run", "--desk", "reviewed").returncode == 0
    not_due = newsdesk("run", "--desk", "reviewed", "--no-fetch")
    assert not_due.returncode == 0 and "no edition due" in not_due.stdout
    forced = newsdesk("run", "--desk", "reviewed", "--no-fetch", "--force")
    assert forced.returncode == 0, forced.stderr
    (edition,) = _editions()
    assert (edition["status"], edition["version"]) == ("draft", 2)


def test_roundup_subscribes_the_desks_sources(
    database_url: str, newsroom: list[str], isolated_home: Path  # noqa: F811
) -> None:
    _write_desk(isolated_home, "weekly", newsroom)
    result = newsdesk("roundup", "--desk", "weekly")
    assert result.returncode == 0, result.stderr
    assert "subscribed 3 new of the 3 sources of desk weekly" in result.stdout
    assert len(json.loads(newsdesk("source", "list", "--json").stdout)) == 3


WEEKS = {
    "2026-03-08": {  # events of the week ending Sunday 8 March 2026
        "2026-03-04": ["Huawei unveils Ascend chip to rival Nvidia",
                       "Huawei on Wednesday unveiled its Ascend artificial intelligence chip, "
                       "which it says matches Nvidia on training workloads."],
        "2026-03-05": ["BYD outsells Tesla in electric cars",
                       "BYD sold more battery electric cars than Tesla in the quarter, its "
                       "figures published on Thursday show, helped by price cuts in Europe."],
    },
    "2026-03-15": {  # and of the week after
        "2026-03-11": ["Tencent wins video game licences",
                       "China's video game regulator approved new licences on Wednesday, "
                       "including titles from Tencent and NetEase."],
        "2026-03-12": ["Xiaomi starts delivering its electric car",
                       "Xiaomi began delivering its first electric sedan to buyers in Beijing "
                       "on Thursday after a launch that drew long queues."],
    },
}

REPLAY_DESK = """
name = "replay"
title = "Replay Desk"
description = "Chinese technology companies: chips, electric cars, video games."
language = "en"
[filters]
min_sources = 1
[schedule]
window = "7d"
cadence = "weekly"
[layout]
leads = 2
also = 2
[outputs]
site_dir = "site/replay"
"""


def _archive(path: Path) -> Path:
    """Three outlets' articles on each event of the two weeks, in their own words."""
    rows = []
    for events in WEEKS.values():
        for day, (title, text) in events.items():
            for outlet in range(3):
                rows.append({
                    "id": f"{day}-{outlet}", "date": day, "source": f"Outlet {outlet}",
                    "lang": "en", "url": f"https://outlet{outlet}.example/{day}",
                    "title": f"{title} ({['report', 'analysis', 'update'][outlet]})",
                    "text": f"{text} Outlet {outlet} reported it first-hand in {outlet + 2} "
                            f"paragraphs, quoting {outlet + 1} analysts.",
                })
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _days(edition: dict) -> set[str]:
    stories = edition["leads"] + edition["also"]
    return {source["url"].rsplit("/", 1)[1] for story in stories for source in story["sources"]}


def test_past_weeks_replay_into_editions_of_their_own_window(
    database_url: str, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    (isolated_home / "desks").mkdir()
    (isolated_home / "desks" / "replay.toml").write_text(REPLAY_DESK, encoding="utf-8")
    assert newsdesk("import", str(_archive(tmp_path / "archive.jsonl"))).returncode == 0
    for week_end in WEEKS:
        result = newsdesk("run", "--desk", "replay", "--no-fetch", "--until", week_end)
        assert result.returncode == 0, result.stderr
    published = {e["id"]: e for e in _editions()}
    assert set(published) == {"replay-2026-03-08", "replay-2026-03-15"}
    for week_end, events in WEEKS.items():
        edition = json.loads(newsdesk("show", f"replay-{week_end}", "--json").stdout)
        assert edition["window_end"].startswith(f"{week_end}T23:59:59")
        start = date.fromisoformat(week_end) - timedelta(days=7)
        assert edition["window_start"].startswith(f"{start.isoformat()}T23:59:59")
        assert edition["title"].endswith(f"March {int(week_end[-2:])}, 2026")
        assert _days(edition) == set(events), week_end  # that week's events, no others

    # The first week again: the later week's edition is not "before" it, and its own
    # earlier edition ends with it, not before it, so the same stories come back.
    again = newsdesk("run", "--desk", "replay", "--no-fetch", "--until", "2026-03-08",
                     "--force")
    assert again.returncode == 0, again.stderr
    redo = json.loads(newsdesk("show", "replay-2026-03-08-2", "--json").stdout)
    first = json.loads(newsdesk("show", "replay-2026-03-08", "--json").stdout)
    assert _days(redo) == _days(first) == set(WEEKS["2026-03-08"])


@pytest.mark.parametrize("until", ["last tuesday", "2026-13-01", "2999-01-01"])
def test_a_bad_until_is_one_line(database_url: str, until: str) -> None:
    result = newsdesk("roundup", "--until", until)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "--until" in line

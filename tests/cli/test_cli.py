"""The command line: help everywhere, JSON outputs, user errors as one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.store import Source, Store
from tests.clirun import newsdesk
from tests.feedfactory import rss
from tests.feedserver import FeedServer

runner = CliRunner()


def console_script(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )


def _commands(group=app, prefix=()) -> list[tuple[str, ...]]:  # noqa: ANN001
    import typer.main

    click_group = typer.main.get_command(group)
    found = []

    def walk(command, path) -> None:  # noqa: ANN001
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(click_group, prefix)
    return found


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "newsdesk")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("articles", "show", "999"), "no article 999"),
        (("articles", "show", "abc"), "must be a number"),
        (("source", "remove", "https://nowhere.example/feed"), "no source"),
        (("source", "add", "ftp://example.org/feed", "--no-check"), "not a usable feed URL"),
        (("source", "import", "/nonexistent.opml"), "no such file"),
        (("import", "/nonexistent.jsonl"), "no such file"),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    database_url: str, args: tuple[str, ...], message: str
) -> None:
    result = newsdesk(*args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_bad_database_url_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    result = newsdesk("stats")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cannot open the database" in result.stderr


def test_add_fetch_and_list_as_json(database_url: str, feed_server: FeedServer) -> None:
    """In a subprocess each time: the console script end to end, parse workers included."""
    url = feed_server.route("/feed.xml", rss(range(3)))
    assert console_script("source", "add", url).returncode == 0
    fetched = console_script("fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert "3 new articles" in fetched.stdout
    sources = json.loads(console_script("source", "list", "--json").stdout)
    assert [(s["url"], s["status"], s["last_error"], s["article_count"]) for s in sources] == [
        (url, "ok", None, 3)
    ]
    articles = json.loads(console_script("articles", "list", "--json", "--limit", "2").stdout)
    assert len(articles) == 2
    assert {"id", "url", "title", "published", "language", "source_url"} <= set(articles[0])
    assert articles[0]["published"].endswith("Z") and articles[0]["source_url"] == url
    stats = {s["name"]: s["value"] for s in json.loads(console_script("stats", "--json").stdout)}
    assert stats["articles"] == 3 and stats["sources"] == 1


def test_add_by_site_url_discovers_the_feed(database_url: str, feed_server: FeedServer) -> None:
    feed = feed_server.route("/feed.xml", rss(range(2)))
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        "</head></html>"
    )
    site = feed_server.route("/", page, headers={"Content-Type": "text/html"})
    result = newsdesk("source", "add", site)
    assert result.returncode == 0, result.stderr
    assert feed in result.stdout and "discovered from" in result.stdout


def test_pause_and_remove(database_url: str) -> None:
    newsdesk("source", "add", "https://example.org/feed.xml", "--no-check")
    assert newsdesk("source", "pause", "1").returncode == 0
    listed = json.loads(newsdesk("source", "list", "--json").stdout)
    assert listed[0]["status"] == "paused"
    assert newsdesk("source", "remove", "1").returncode == 0
    assert json.loads(newsdesk("source", "list", "--json").stdout) == []


def test_new_sources_are_polled_at_the_configured_interval(
    database_url: str, isolated_home, tmp_path  # noqa: ANN001
) -> None:
    (isolated_home / "config.toml").write_text("[fetch]\ninterval_minutes = 15\n",
                                               encoding="utf-8")
    newsdesk("source", "add", "https://a.example/feed.xml", "--no-check")
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="2.0"><body><outline type="rss" text="B" '
                    'xmlUrl="https://b.example/rss"/></body></opml>', encoding="utf-8")
    assert newsdesk("source", "import", str(opml)).returncode == 0
    store = Store.open(database_url)
    try:
        with store.session() as session:
            intervals = {s.url: s.interval_minutes for s in session.scalars(select(Source))}
    finally:
        store.close()
    assert intervals == {"https://a.example/feed.xml": 15, "https://b.example/rss": 15}


def test_opml_export_reimports_with_folders(database_url: str, tmp_path) -> None:  # noqa: ANN001
    newsdesk("source", "add", "https://a.example/feed.xml", "--no-check", "--folder", "Tech")
    newsdesk("source", "add", "https://b.example/rss", "--no-check", "--folder", "中文")
    out = tmp_path / "subs.opml"
    assert newsdesk("source", "export", "-o", str(out)).returncode == 0
    Store.open(database_url).close()
    for ref in ("1", "2"):
        newsdesk("source", "remove", ref)
    result = newsdesk("source", "import", str(out), "--json")
    report = json.loads(result.stdout)
    assert report[0]["added"] == 2
    listed = json.loads(newsdesk("source", "list", "--json").stdout)
    assert sorted((s["url"], s["folder"]) for s in listed) == [
        ("https://a.example/feed.xml", "Tech"),
        ("https://b.example/rss", "中文"),
    ]

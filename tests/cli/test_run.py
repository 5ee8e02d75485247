"""The main job end to end: fetch, cluster, rank, write, compose and publish a desk."""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import feedparser
import psycopg
import pytest
from aiosmtpd.controller import Controller

from tests.clirun import newsdesk
from tests.feedserver import FeedServer
from tests.modelserver import ECHO, ModelServer, numbered, writer_table
from tests.newsroom_feeds import desk_toml, outlet_feed


@pytest.fixture
def newsroom(
    feed_server: FeedServer, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Three outlets' feeds served locally; the model-free embedder keeps flow tests fast."""
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    base = feed_server.url("").rstrip("/")
    return [feed_server.route(f"/feed{n}.xml", outlet_feed(n, base)) for n in range(3)]


def _write_desk(home: Path, name: str, urls: list[str], writer: str | None = None,
                **options: object) -> Path:
    """A desk file; `writer` is the endpoint of a model to write with (default: extractive)."""
    desks = home / "desks"
    desks.mkdir(exist_ok=True)
    path = desks / f"{name}.toml"
    text = desk_toml(name, urls, f"site/{name}", **options)
    path.write_text(text + (writer_table(writer) if writer else ""), encoding="utf-8")
    return path


def _subscribe(urls: list[str]) -> None:
    for url in urls:
        assert newsdesk("source", "add", url).returncode == 0


def test_run_publishes_an_edition_with_sources_cited(
    database_url: str,
    newsroom: list[str],
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "use-multilingual-v3")
    _write_desk(isolated_home, "test", newsroom)
    _subscribe(newsroom)
    result = newsdesk("run", "--desk", "test")
    assert result.returncode == 0, result.stderr
    editions = json.loads(newsdesk("editions", "--json").stdout)
    assert [(e["desk"], e["status"]) for e in editions] == [("test", "published")]
    site = isolated_home / "site" / "test"
    assert (site / "index.html").is_file()
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    markdown = (isolated_home / "editions" / "test" / f"{editions[0]['id']}.md").read_text()
    assert "Huawei" in markdown or "BYD" in markdown or "Tencent" in markdown
    cited = {line for line in markdown.split("(") if line.startswith("http")}
    assert cited, "the write-up links to no source"
    stories = json.loads(newsdesk("stories", "--json").stdout)
    assert stories and max(s["outlets"] for s in stories) >= 2


def test_run_with_a_model_writer_publishes_its_grounded_wording_and_says_so(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    model = ModelServer()
    model.otherwise = (200, ECHO)  # every story: its first offered sentence, cited
    try:
        _write_desk(isolated_home, "llm", newsroom, writer=model.endpoint)
        _subscribe(newsroom)
        result = newsdesk("run", "--desk", "llm")
        asked = len(model.requests)
        again = newsdesk("roundup", "--desk", "llm")  # a second draft of the same window
        assert again.returncode == 0, again.stderr
        assert len(model.requests) == asked  # every answer came from the writer's cache
    finally:
        model.close()
    assert result.returncode == 0, result.stderr
    editions = json.loads(newsdesk("editions", "--json").stdout)
    editions = [e for e in editions if e["status"] == "published"]
    stories = asked
    assert stories >= 2 and f"{stories} of {stories} stories worded by test-model" in result.stdout
    markdown = (isolated_home / "editions" / "llm" / f"{editions[0]['id']}.md").read_text()
    offered = [sorted(numbered(request).items())[0][1] for _, request in model.requests]
    assert any(sentence in markdown for sentence in offered)
    assert "Worded by test-model from the sources each sentence cites" in markdown


@pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                         indirect=True)
def test_no_database_transaction_is_left_open_while_the_model_writes(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    database = database_url.rsplit("/", 1)[1]
    server = database_url.replace("postgresql+psycopg://", "postgresql://")
    idle_in_transaction: list[int] = []

    def look() -> None:  # as each request reaches the model: what is newsdesk's database doing?
        with psycopg.connect(server, autocommit=True) as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()
        idle_in_transaction.append(row[0] if row else -1)

    model = ModelServer()
    model.otherwise, model.on_request = (200, ECHO), look
    try:
        _write_desk(isolated_home, "llm", newsroom, writer=model.endpoint)
        _subscribe(newsroom)
        result = newsdesk("run", "--desk", "llm")
    finally:
        model.close()
    assert result.returncode == 0, result.stderr
    assert idle_in_transaction and set(idle_in_transaction) == {0}


def test_a_desk_that_requires_review_leaves_a_draft_until_approved(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    _write_desk(isolated_home, "reviewed", newsroom, review=True)
    _subscribe(newsroom)
    assert newsdesk("run", "--desk", "reviewed").returncode == 0
    (edition,) = json.loads(newsdesk("editions", "--json").stdout)
    assert edition["status"] == "draft"
    refused = newsdesk("publish", edition["id"])
    assert refused.returncode == 2 and "approval" in refused.stderr
    assert newsdesk("approve", edition["id"]).returncode == 0
    published = newsdesk("publish", edition["id"])
    assert published.returncode == 0, published.stderr
    assert json.loads(newsdesk("editions", "--json").stdout)[0]["status"] == "published"


def test_explain_shows_each_signal(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    _write_desk(isolated_home, "test", newsroom)
    _subscribe(newsroom)
    newsdesk("fetch")
    newsdesk("cluster")
    result = newsdesk("stories", "--desk", "test", "--explain")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and {"story_id", "score", "contributions"} <= set(rows[0])
    total = sum(c["contribution"] if isinstance(c, dict) else c for c in _values(rows[0]))
    # explain rounds each figure to 4 decimals; the sum agrees within that rounding
    assert abs(total - rows[0]["score"]) <= 1e-4 * (len(_values(rows[0])) + 1)


def _values(row: dict) -> list:
    contributions = row["contributions"]
    return list(contributions.values()) if isinstance(contributions, dict) else contributions


def test_an_empty_window_gives_an_honest_empty_edition(
    database_url: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    _write_desk(isolated_home, "empty", ["https://nothing.example/feed.xml"])
    result = newsdesk("roundup", "--desk", "empty")
    assert result.returncode == 0, result.stderr
    assert "no stories met the bar" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('name = "bad"\ntitle = "x"\ndescription = "x"\nlanguage = "en"\ncolour = 1\n', "colour"),
        (
            'name = "bad"\ntitle = "x"\ndescription = "x"\nlanguage = "en"\n'
            '[filters]\ninclude_regex = ["(unclosed"]\n',
            "(unclosed",
        ),
    ],
)
def test_a_broken_desk_file_is_one_line(
    database_url: str, isolated_home: Path, content: str, message: str
) -> None:
    (isolated_home / "desks").mkdir()
    (isolated_home / "desks" / "bad.toml").write_text(content)
    result = newsdesk("roundup", "--desk", "bad")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[list[bytes], int]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""
    received: list[bytes] = []

    class Inbox:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
            received.append(envelope.content)  # type: ignore[attr-defined]
            return "250 Message accepted for delivery"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


def assert_one_error_line(result: subprocess.CompletedProcess[str]) -> None:
    """Exit 2, no traceback, and exactly one error line (after the per-source progress)."""
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("newsdesk: error:")]
    assert errors == lines[-1:], result.stderr


def _email_table(port: int) -> str:
    return (
        "[outputs.email]\n"
        'recipients = ["reader@example.org"]\n'
        'sender = "Test Desk <desk@news.example>"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nstarttls = false\n'
        'unsubscribe = "https://news.example/unsubscribe"\n'
    )


def test_publishing_sends_the_edition_by_email(
    database_url: str,
    newsroom: list[str],
    isolated_home: Path,
    smtp_inbox: tuple[list[bytes], int],
) -> None:
    received, port = smtp_inbox
    _write_desk(isolated_home, "mailed", newsroom, email=_email_table(port))
    _subscribe(newsroom)
    result = newsdesk("run", "--desk", "mailed")
    assert result.returncode == 0, result.stderr
    assert len(received) == 1
    message = message_from_bytes(received[0], policy=email_policy.default)
    assert message["List-Unsubscribe"] == "<https://news.example/unsubscribe>"
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}


def test_dry_run_writes_a_preview_and_publishes_nothing(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    _write_desk(isolated_home, "dry", newsroom, review=True, email=_email_table(9))
    _subscribe(newsroom)
    newsdesk("run", "--desk", "dry")
    (edition,) = json.loads(newsdesk("editions", "--json").stdout)
    newsdesk("approve", edition["id"])
    result = newsdesk("publish", edition["id"], "--dry-run")
    assert result.returncode == 0, result.stderr
    (preview,) = (isolated_home / "previews").iterdir()
    assert str(preview) in result.stdout and "nothing was published or sent" in result.stdout
    eml = preview / f"{edition['id']}.eml"
    assert eml.is_file() and b"List-Unsubscribe" in eml.read_bytes()
    assert (preview / "site" / "feed.xml").is_file() and not (isolated_home / "site").exists()
    assert json.loads(newsdesk("editions", "--json").stdout)[0]["status"] == "approved"


def test_an_unreachable_smtp_server_is_one_line_and_leaves_the_edition_unpublished(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    _write_desk(isolated_home, "nomail", newsroom, email=_email_table(9))
    _subscribe(newsroom)
    result = newsdesk("run", "--desk", "nomail")
    assert_one_error_line(result)
    (edition,) = json.loads(newsdesk("editions", "--json").stdout)
    assert edition["status"] == "draft"


def test_an_unwritable_site_directory_is_one_line(
    database_url: str, newsroom: list[str], isolated_home: Path
) -> None:
    _write_desk(isolated_home, "blocked", newsroom)
    (isolated_home / "site").mkdir()
    (isolated_home / "site" / "blocked").write_text("a file where the site should go")
    _subscribe(newsroom)
    result = newsdesk("run", "--desk", "blocked")
    assert_one_error_line(result)
    assert json.loads(newsdesk("editions", "--json").stdout)[0]["status"] == "draft"

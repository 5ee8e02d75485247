"""A fresh round of the issue-20 attacks, with payloads the test suite does not use.

    .venv/bin/python bench/attack_round.py

Four categories, each counted:
- hostile text fetched through the real fetch stage from a loopback HTTP server, on SQLite
  and on PostgreSQL (127.0.0.1:5432, a throw-away database): every hostile source is either
  stored clean or refused in one line, the good sources beside them are stored in full,
  and both backends store the same titles;
- the editor's desk (`newsdesk serve`, a real subprocess) asked with foreign Host values,
  each as a GET and as a POST whose Origin matches the foreign Host: 400, no form token;
- bad command-line input (a real `newsdesk` subprocess each): one line on stderr and a
  non-zero exit (or, for input that turns out valid, such as UTF-16 text with its byte-order
  mark, a clean success), never a traceback;
- link URLs in the Markdown edition: each stays one link with its own address (CommonMark,
  markdown-it-py).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import markdown_it  # noqa: E402
from sqlalchemy import select  # noqa: E402

from newsdesk.config import load_settings  # noqa: E402
from newsdesk.ingest.collect import fetch_sources  # noqa: E402
from newsdesk.publish.markdown import markdown_link  # noqa: E402
from newsdesk.store import Article, Source, Store  # noqa: E402
from newsdesk.store.sources import add_source  # noqa: E402
from tests.feedfactory import rss  # noqa: E402
from tests.feedserver import FeedServer  # noqa: E402

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
JSON_FEED = "https://jsonfeed.org/version/1.1"


def json_feed(items: str, *, title: str = "t") -> bytes:
    return f'{{"version":"{JSON_FEED}","title":"{title}","items":{items}}}'.encode()


def xml_item(fragment: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>c'
            b"</title>" + fragment + b"</channel></rss>")


HOSTILE_FEEDS = {
    "/low-surrogate.json": json_feed('[{"id":"a","title":"low \\udfff half","content_text":"x"}]'),
    "/high-at-end.json": json_feed('[{"id":"b","title":"t","content_text":"ends \\ud83d"}]'),
    "/emoji-pair.json": json_feed('[{"id":"c","title":"pair \\ud83d\\ude00 ok",'
                                  '"content_text":"x"}]'),
    "/nul-id.json": json_feed('[{"id":"d\\u0000e","title":"nul in id","content_text":"x"}]'),
    "/control-url.json": json_feed('[{"id":"e","url":"https://x.example/\\u0001p",'
                                   '"title":"ctl url","content_text":"x"}]'),
    "/nul-feed-title.json": json_feed('[{"id":"f","title":"ok","content_text":"x",'
                                      '"tags":["\\u0000"]}]', title="fe\\u0000ed"),
    "/nul-flood.json": json_feed('[{"id":"g","title":"' + "\\u0000" * 300_000
                                 + '","content_text":"x"}]'),
    "/title-number.json": json_feed('[{"id":"h","title":12345,"content_text":"x"}]'),
    "/items-object.json": json_feed('{"id":"i"}'),
    "/tags-string.json": json_feed('[{"id":"j","title":"s","tags":"abc","authors":[null],'
                                   '"content_text":"x"}]'),
    "/char-ref-1.xml": xml_item(b"<item><title>one &#1; ref</title><link>https://x.example/k"
                                b"</link><description>d</description></item>"),
    "/vertical-tab.xml": xml_item(b"<item><title>vt</title><link>https://x.example/l</link>"
                                  b"<description>a\x0bb</description></item>"),
    "/esc-author.xml": xml_item(b"<item><title>esc</title><author>a\x1bb@x.example</author>"
                                b"<link>https://x.example/m</link><description>d</description>"
                                b"</item>"),
    "/nul-link.xml": xml_item(b"<item><title>nul link</title><link>https://x.example/\x00n"
                              b"</link><description>d</description></item>"),
    "/atom-nul-id.xml": (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org'
                         b'/2005/Atom"><title>a</title><entry><id>urn:\x00o</id><title>atom nul'
                         b"</title><link href=\"https://x.example/o\"/><summary>s</summary>"
                         b"</entry></feed>"),
    "/deep-nesting.xml": xml_item(b"<item><title>deep</title><description>"
                                  + b"<a>" * 100_000 + b"</description></item>"),
    "/wide-channel.xml": (b'<?xml version="1.0"?><rss version="2.0"><channel '
                          + b" ".join(b'a%d="1"' % n for n in range(50_000))
                          + b"><title>w</title></channel></rss>"),
    "/huge-attribute.xml": xml_item(b'<item><title x="' + b"v" * 3_000_000
                                    + b'">big attr</title><link>https://x.example/q</link>'
                                    b"<description>d</description></item>"),
}


def _postgres_url() -> tuple[str, str, str]:
    import psycopg

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    name = f"newsdesk_attack_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", admin, name


def hostile_text_round(database_url: str, server: FeedServer) -> dict[str, object]:
    """Fetch the hostile feeds beside 3 good ones; what each backend did with each."""
    store = Store.open(database_url)
    try:
        ids = {}
        with store.session() as session:
            good = [add_source(session, server.url(f"/good{n}.xml"))[0].id for n in range(3)]
            for path in HOSTILE_FEEDS:
                ids[path] = add_source(session, server.url(path))[0].id
        started = time.perf_counter()
        crashed = None
        try:
            fetch_sources(store, load_settings(), full_text=False)
        except Exception as exc:  # noqa: BLE001 - the round counts what escapes
            crashed = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        outcome: dict[str, str] = {}
        titles: dict[str, list[str]] = {}
        unclean = 0
        with store.session() as session:
            good_stored = sum(len(session.scalars(select(Article).where(
                Article.source_id == g)).all()) for g in good)
            for path, source_id in ids.items():
                source = session.get(Source, source_id)
                articles = session.scalars(
                    select(Article).where(Article.source_id == source_id)).all()
                if source.last_error is not None:
                    one_line = "\n" not in source.last_error
                    outcome[path] = "refused, one line" if one_line else "refused, MULTI-LINE"
                else:
                    outcome[path] = f"stored {len(articles)}"
                titles[path] = sorted(a.title or "" for a in articles)
                for article in articles:
                    texts = [article.title, article.text, article.url, article.guid,
                             *(article.authors or []), *(article.categories or [])]
                    unclean += any(t and UNSTORABLE.search(t) for t in texts)
        return {"crashed": crashed, "good_stored": good_stored, "outcome": outcome,
                "titles": titles, "unclean": unclean, "seconds": seconds}
    finally:
        store.close()


HOSTS = ["evil.example:{port}", "evil.example", "127.0.0.1.nip.io:{port}", "localhost.evil:{port}",
         "127.0.0.1:{other}", "localhost:{other}", "LOCALHOST.:{port}", "127.1:{port}",
         "2130706433:{port}", "[::ffff:127.0.0.1]:{port}", "0.0.0.0:{port}",
         "127.0.0.1:{port}@evil.example", "evil.example#127.0.0.1:{port}", "",
         "127.0.0.1:{port} evil.example", "attacker.127.0.0.1.sslip.io:{port}"]


def _raw(port: int, request: str) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request.encode("latin-1"))
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", "replace")
    return int(text.split(" ", 2)[1]), text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def desk_host_round(home: Path) -> dict[str, int]:
    """Foreign Host values against a real `newsdesk serve`."""
    port = _free_port()
    env = dict(os.environ, NEWSDESK_HOME=str(home), NEWSDESK_EMBEDDER="hashing")
    subprocess.run([sys.executable, "-m", "newsdesk", "init", "--no-sources"], env=env,
                   check=True, capture_output=True)
    server = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                status, _ = _raw(port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                                       "Connection: close\r\n\r\n")
                break
            except OSError:
                time.sleep(0.1)
        counts = {"own name answered": int(status == 200), "tried": 0, "refused": 0,
                  "token leaked": 0}
        for pattern in HOSTS:
            host = pattern.format(port=port, other=port + 1)
            for method in ("GET", "POST"):
                body = "csrf_token=x&desk=china-tech"
                request = (f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                           if method == "GET" else
                           f"POST /draft HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
                           "Content-Type: application/x-www-form-urlencoded\r\n"
                           f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}")
                status, text = _raw(port, request)
                counts["tried"] += 1
                counts["refused"] += status in (400, 403)
                counts["token leaked"] += "csrf" in text.lower()
        return counts
    finally:
        server.terminate()
        server.wait(timeout=30)


def cli_round(home: Path) -> dict[str, object]:
    """Bad input to the command line: one line, non-zero, no traceback."""
    folder = home / "inputs"
    folder.mkdir()
    (folder / "nested.jsonl").write_text("{" * 100_000 + "\n", encoding="utf-8")
    (folder / "binary.json").write_bytes(bytes(range(256)) * 4)
    (folder / "utf16.jsonl").write_bytes('{"title":"x"}'.encode("utf-16"))
    (folder / "empty.opml").write_bytes(b"")
    (folder / "a.warc.gz").write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(64))
    cases = [
        ["articles", "show", "-99999999999999999999999"],
        ["articles", "list", "--limit", "1e9"],
        ["articles", "list", "--limit", "-1"],
        ["show", "x" * 5000],
        ["show", "e", "--version", "340282366920938463463374607431768211457"],
        ["roundup", "--since", "1e400d"],
        ["roundup", "--since", "\u0663d"],
        ["roundup", "--until", "9999-99-99"],
        ["roundup", "--until", "0001-01-01"],
        ["run", "--until", "2999-01-01", "--no-fetch"],
        ["import", str(folder / "nested.jsonl")],
        ["import", str(folder / "utf16.jsonl")],
        ["import", str(folder)],
        ["import", "/dev/null"],
        ["import", str(folder / "a.warc.gz")],
        ["cluster-file", str(folder / "binary.json")],
        ["eval", "clusters", str(folder / "nested.jsonl")],
        ["write-file", str(folder / "utf16.jsonl")],
        ["source", "import", str(folder / "empty.opml")],
        ["source", "import", "/dev/urandom"],
        ["source", "add", "http://[::1"],
        ["source", "pause", "99999999999999999999999"],
        ["edit", "e", "--file", str(folder / "binary.json")],
        ["backfill", str(folder / "nested.jsonl"), "--workers", "-5"],
        ["backfill", str(folder / "nested.jsonl"), "--scheduler", "tcp://256.0.0.1:99999"],
        ["serve", "--port", "70000"],
        ["worker", "--batch", "-3"],
        ["stats", "--json", "--bogus"],
    ]
    env = dict(os.environ, NEWSDESK_HOME=str(home), NEWSDESK_EMBEDDER="hashing")
    env.pop("NEWSDESK_DEBUG", None)
    failures = []
    for args in cases:
        result = subprocess.run([sys.executable, "-m", "newsdesk", *args], env=env,
                                capture_output=True, text=True, timeout=120,
                                stdin=subprocess.DEVNULL)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        error_ok = result.returncode != 0 and len(lines) == 1
        accepted = result.returncode == 0 and not lines  # valid after all, e.g. UTF-16 text
        if "Traceback" in result.stderr or not (error_ok or accepted):
            failures.append((args[:3], result.returncode, result.stderr[-300:]))
    return {"tried": len(cases), "failures": failures}


URLS = ["https://example.org/a\\\\", "https://example.org/a\\]b", "https://example.org/(a)\\",
        "https://example.org/a>b", "https://example.org/<a", "https://example.org/a\tb",
        "https://example.org/a\rb", "https://example.org/a\u2028b", "https://example.org/a\"b'c",
        "https://example.org/[x](y)", "https://example.org/a*b_c~d", "https://example.org/%5C)",
        "https://example.org/\\(\\)", "https://example.org/a]\n(b", "https://例え.jp/パス"]


def markdown_round() -> dict[str, object]:
    parser = markdown_it.MarkdownIt("commonmark")
    broken = []
    for url in URLS:
        tokens = parser.parseInline(f"See ({markdown_link('Outlet', url)}) then [x](y).")
        hrefs = [child.attrGet("href") for token in tokens for child in token.children or []
                 if child.type == "link_open"]
        if len(hrefs) != 2 or unquote(hrefs[0] or "") not in _spellings(parser, url):
            broken.append((url, hrefs))
    return {"tried": len(URLS), "broken": broken}


def _spellings(parser: markdown_it.MarkdownIt, url: str) -> set[str]:
    """The address as it may come back from the parser: as given, percent-decoded, or as
    CommonMark normalises it (an international domain in punycode)."""
    return {url, unquote(url), unquote(parser.normalizeLink(url))}


def main() -> None:
    print("## Hostile text, fetched on SQLite and PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="newsdesk-attack-") as folder, FeedServer() as server:
        os.environ["NEWSDESK_HOME"] = folder
        os.environ["NEWSDESK_ALLOWED_NETWORKS"] = "127.0.0.0/8"
        for n in range(3):
            server.route(f"/good{n}.xml", rss(range(n * 10, n * 10 + 5)))
        for path, body in HOSTILE_FEEDS.items():
            server.route(path, body)
        results = {"sqlite": hostile_text_round(f"sqlite:///{folder}/attack.db", server)}
        pg_url, admin, name = _postgres_url()
        try:
            results["postgresql"] = hostile_text_round(pg_url, server)
        finally:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for backend, result in results.items():
            print(f"{backend}: run crashed: {result['crashed']}; good articles stored "
                  f"{result['good_stored']}/15; unclean stored articles {result['unclean']}; "
                  f"{result['seconds']:.1f} s")
        print("| feed | SQLite | PostgreSQL | same titles |")
        print("|---|---|---|---|")
        for path in HOSTILE_FEEDS:
            same = results["sqlite"]["titles"][path] == results["postgresql"]["titles"][path]
            print(f"| `{path}` | {results['sqlite']['outcome'][path]} | "
                  f"{results['postgresql']['outcome'][path]} | {'yes' if same else 'NO'} |")
    with tempfile.TemporaryDirectory(prefix="newsdesk-attack-desk-") as folder:
        print("\n## Desk app Host values")
        print(desk_host_round(Path(folder)))
    with tempfile.TemporaryDirectory(prefix="newsdesk-attack-cli-") as folder:
        print("\n## Command line")
        result = cli_round(Path(folder))
        print(f"tried {result['tried']}, not one line: {len(result['failures'])}")
        for failure in result["failures"]:
            print("  ", failure)
    print("\n## Markdown links")
    result = markdown_round()
    print(f"tried {result['tried']}, broken: {len(result['broken'])}")
    for url, hrefs in result["broken"]:
        print("  ", repr(url), hrefs)


if __name__ == "__main__":
    main()

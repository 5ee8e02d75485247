"""Every bad input is one line on stderr and a non-zero exit, never a traceback (issue 20
item 6, issue 16's errors). Run in process through the console entry point `main()`."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import main

DEEP_JSON = "[" * 200_000 + "\n"


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `newsdesk ARGS` through main(); its exit status, stdout and stderr."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def assert_one_line_error(result: tuple[int, str, str], *fragments: str) -> None:
    code, _, err = result
    assert code != 0, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("newsdesk: error: "), err
    for fragment in fragments:
        assert fragment in err, err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Hostile input files: deep JSON lines, binary bytes, a truncated .warc.gz."""
    deep = tmp_path / "deep.jsonl"
    deep.write_text(DEEP_JSON, encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(bytes(range(128, 256)) * 20)
    warc = tmp_path / "truncated.warc.gz"
    warc.write_bytes(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n"
                                   b"WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Le"))
    return {"deep": deep, "binary": binary, "warc": warc}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("articles", "show", "99999999999999999999"), "no article"),
        (("source", "remove", "99999999999999999999"), "no source"),
        (("source", "pause", "99999999999999999999"), "no source"),
        (("articles", "list", "--limit", "99999999999999999999"), "--limit"),
        (("stories", "--limit", "99999999999999999999"), "--limit"),
        (("show", "E", "--version", "99999999999999999999"), "--version"),
        (("roundup", "--since", "99999999999999d"), "too long"),
        (("roundup", "--since", "9" * 5000 + "h"), "too long"),
        (("backfill", "--scheduler", "garbage://x"), "not a Dask scheduler address"),
        (("backfill", "--workers", "99999999999999999999"), "workers"),
        (("source", "import", "/dev/zero"), "not a regular file"),
        (("import", "/dev/zero"), "not a regular file"),
        (("cluster-file", "/dev/zero"), "not a regular file"),
        (("write-file", "/dev/zero"), "not a regular file"),
        (("edit", "E", "--file", "/dev/zero"), "not a regular file"),
        (("source", "import", "/no/such.opml"), "no such file"),
    ],
    ids=lambda value: " ".join(value)[:40] if isinstance(value, tuple) else None,
)
def test_bad_numbers_and_files_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], fragment: str
) -> None:
    assert_one_line_error(run_cli(capsys, *args), fragment)


@pytest.mark.parametrize("command", [("cluster-file",), ("eval", "clusters"), ("write-file",)])
def test_deeply_nested_json_lines_are_one_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], command: tuple[str, ...]
) -> None:
    assert_one_line_error(run_cli(capsys, *command, str(files["deep"])), "nested too deeply")


def test_a_deeply_nested_line_is_skipped_on_import_and_nothing_else_lost(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    mixed = tmp_path / "mixed.jsonl"
    good = '{"id": "a1", "title": "A title", "text": "Some text of the article."}\n'
    mixed.write_text(good + DEEP_JSON, encoding="utf-8")
    code, out, err = run_cli(capsys, "import", str(mixed))
    assert "Traceback" not in err
    assert "nested too deeply" in err
    assert "1 new article" in out or code != 0


@pytest.mark.parametrize("command", [("write-file",), ("edit", "E", "--file")])
def test_a_binary_file_is_one_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], command: tuple[str, ...]
) -> None:
    assert_one_line_error(run_cli(capsys, *command, str(files["binary"])), "UTF-8")


def test_a_truncated_warc_gz_is_one_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    result = run_cli(capsys, "import", str(files["warc"]))
    assert_one_line_error(result, "truncated.warc.gz", "not a readable WARC archive")


@pytest.mark.parametrize("home", ["/etc/passwd", "/proc/newsdesk-home"])
def test_a_data_directory_that_cannot_be_made_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    monkeypatch.setenv("NEWSDESK_HOME", home)
    assert_one_line_error(run_cli(capsys, "stats"), home, "NEWSDESK_HOME")


def test_a_read_only_data_directory_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only folders; /proc covers this case as root")
    home = tmp_path / "read-only"
    home.mkdir(mode=0o500)
    monkeypatch.setenv("NEWSDESK_HOME", str(home))
    assert_one_line_error(run_cli(capsys, "stats"), "not writable")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [("total_timeout = 1e999", "between"), ("total_timeout = inf", "between"),
     ("read_timeout = nan", "between"), ("max_connections = 0", "between"),
     ("max_items = 99999999999999999999", "between"), ("per_host = 1.5", "whole number"),
     ('max_body_bytes = "10MB"', "whole number"), ("interval_minutes = true", "whole number"),
     ('full_text = "yes"', "true or false")],
)
def test_config_numbers_must_be_finite_and_in_range(
    capsys: pytest.CaptureFixture[str], isolated_home: Path, line: str, fragment: str
) -> None:
    (isolated_home / "config.toml").write_text(f"[fetch]\n{line}\n", encoding="utf-8")
    assert_one_line_error(run_cli(capsys, "stats"), "[fetch]", line.split(" ")[0], fragment)


def test_a_config_within_range_is_accepted(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    (isolated_home / "config.toml").write_text(
        "[fetch]\ntotal_timeout = 90.5\nmax_items = 20\nfull_text = false\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "stats")
    assert code == 0 and err == "" and "sources" in out


def test_a_loopback_feed_is_refused_naming_the_setting_that_allows_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    result = run_cli(capsys, "source", "add", "http://127.0.0.1:9/feed.xml", "--no-check")
    assert_one_line_error(result, "loopback", "NEWSDESK_ALLOWED_NETWORKS")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(("source", "add"), "Missing argument"), (("articles", "list", "--bogus"), "--bogus"),
     (("no-such-command",), "No such command"), (("stories", "--limit", "many"), "--limit"),
     (("serve", "--port", "0"), "--port")],
)
def test_usage_errors_are_one_line_not_boxes(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], fragment: str
) -> None:
    code, _, err = run_cli(capsys, *args)
    assert_one_line_error((code, "", err), fragment, "--help")
    assert code == 2 and "╭" not in err


def test_write_file_help_renders_its_bracketed_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "write-file", "--help")
    flat = " ".join(out.replace("│", " ").split())
    assert code == 0
    assert "[default: the desk's, else en]" in flat
    assert "(its [writer] and language)" in flat


def test_an_unexpected_error_is_one_line_with_a_hint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> dict:
        raise RuntimeError("a bug\nover two lines")

    monkeypatch.setattr("newsdesk.app.stats.collect_stats", broken)  # the job `stats` runs
    code, _, err = run_cli(capsys, "stats")
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "RuntimeError: a bug over two lines" in err and "NEWSDESK_DEBUG=1" in err


def test_debug_shows_the_traceback_of_an_unexpected_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_: object) -> dict:
        raise RuntimeError("a bug")

    monkeypatch.setattr("newsdesk.app.stats.collect_stats", broken)  # the job `stats` runs
    monkeypatch.setenv("NEWSDESK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        main(["stats"])


def test_the_console_script_reports_a_usage_error_in_one_line() -> None:
    result = subprocess.run([sys.executable, "-m", "newsdesk", "source", "add"],
                            capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "newsdesk: error: Missing argument 'url'. (see `newsdesk source add --help`)"]


def test_an_unreachable_dask_scheduler_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed", reason="Dask is not installed (newsdesk[scale])")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    result = run_cli(capsys, "backfill", "--scheduler", address, "--no-cluster")
    assert_one_line_error(result, "cannot reach the Dask scheduler", address)

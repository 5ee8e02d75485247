"""`newsdesk write-file`: stories from a JSON-lines file, one write-up line each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.write.files import StoryFileError, read_story_file

FIXTURE = Path(__file__).parent / "fixtures" / "stories.jsonl"


def _run(*args: str) -> tuple[list[dict], str]:
    result = CliRunner().invoke(app, ["write-file", *args])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return lines, result.stderr


def test_write_file_prints_one_json_line_per_story_with_articles() -> None:
    lines, _ = _run(str(FIXTURE))
    assert [line["id"] for line in lines] == ["s1", "3"]
    assert all(set(line) == {"id", "headline", "summary", "sources", "sentences"}
               for line in lines)


def test_write_file_summary_is_built_from_its_sources() -> None:
    story = json.loads(FIXTURE.read_text(encoding="utf-8").splitlines()[0])
    texts = {a["url"]: a["text"] for a in story["articles"]}
    lines, _ = _run(str(FIXTURE))
    first = lines[0]
    assert first["summary"].count("raises spending on schools by 5%") == 1
    assert set(first["sources"]) <= set(texts)
    for paragraph in first["summary"].split("\n\n"):
        assert any(paragraph.split(". ")[0] in text for text in texts.values())
    assert first["headline"] in {"Council approves budget",
                                 "City council passes budget with more for schools"}


def test_write_file_keeps_a_chinese_story_in_chinese() -> None:
    lines, _ = _run(str(FIXTURE))
    chinese = lines[1]
    assert chinese["headline"] == "华为发布新手机"
    assert "华为周一发布了新款手机。" in chinese["summary"]
    assert chinese["sources"] == ["https://example.com/x/3"]


def test_story_without_articles_is_skipped_with_a_warning() -> None:
    _, stderr = _run(str(FIXTURE))
    assert "stories.jsonl:2: story 's2' has no articles; skipped" in stderr


def test_missing_file_is_a_one_line_error() -> None:
    with pytest.raises(StoryFileError, match="cannot read"):
        list(read_story_file(Path("/nonexistent/stories.jsonl")))


def test_bad_json_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["write-file", str(bad)])
    assert isinstance(result.exception, StoryFileError)
    assert f"{bad}:2: not valid JSON" in str(result.exception)


@pytest.mark.parametrize("line,reason", [
    ('["a list"]', "must be an object with an 'id'"),
    ('{"id": "x", "articles": {"a": 1}}', "'articles' must be a list"),
    ('{"id": "x", "articles": [{"source": "A", "title": "T", "text": "t"}]}', "no 'url' string"),
])
def test_malformed_story_is_reported_with_its_line(tmp_path: Path, line: str, reason: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(StoryFileError, match=reason):
        list(read_story_file(bad))


def test_cli_error_is_one_line_on_stderr_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "newsdesk", "write-file", str(bad)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"newsdesk: error: {bad}:1: not valid JSON")
    assert result.stderr.count("\n") == 1


def test_a_pages_section_and_types_in_a_story_file_mark_its_opinion(tmp_path: Path) -> None:
    report = {"source": "Wire", "url": "https://example.com/a", "title": "Council passes budget",
              "text": "The city council passed a $2 billion budget on Tuesday, the mayor said. "
                      "The vote was 7 to 2 after a debate that ran past midnight."}
    column = {"source": "Ledger", "url": "https://example.com/b", "title": "A budget for no one",
              "section": "Ideas", "page_types": ["OpinionNewsArticle"], "author": "Jane Doe",
              "text": "The council chose the easy path once more with this budget. Nothing "
                      "in the plan fixes the roads that residents complain about every year."}
    path = tmp_path / "stories.jsonl"
    path.write_text(json.dumps({"id": "s1", "articles": [report, column]}) + "\n",
                    encoding="utf-8")
    stories = list(read_story_file(path))
    assert stories[0].articles[1].categories == ["Ideas"]
    assert list(stories[0].articles[1].page_types) == ["OpinionNewsArticle"]
    (line,), _ = _run(str(path))
    opinion = [s for s in line["sentences"] if s["kind"] == "opinion"]
    assert opinion and all(s["text"].startswith("Jane Doe argues in Ledger: “") for s in opinion)
    assert line["headline"] == "Council passes budget"

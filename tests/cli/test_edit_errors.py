"""`newsdesk edit`: a refused edit goes back to the editor with the reason on top, and
every error names the story and the sentence at fault in one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.test_review import draft  # noqa: F401
from tests.cli.test_run import newsdesk, newsroom  # noqa: F401

# First call: a broken edit. Second call: note what newsdesk put on top, then a valid edit.
RETRYING_EDITOR = """
import json, pathlib, sys
log, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
calls = log.read_text().count("call") if log.exists() else 0
text = path.read_text(encoding="utf-8")
if calls == 0:
    log.write_text("call\\n")
    path.write_text(text.replace('"title":', '"title"', 1), encoding="utf-8")
else:
    log.write_text(log.read_text() + "call\\n" + text.splitlines()[0] + "\\n")
    body = "\\n".join(line for line in text.splitlines() if not line.startswith("//"))
    edition = json.loads(body.replace('"title"', '"title":', 1))
    edition["title"] = "Fixed on the second try"
    path.write_text(json.dumps(edition), encoding="utf-8")
"""

# First call: a broken edit. Second call: saves what it was shown, unchanged (gives up).
GIVING_UP_EDITOR = """
import pathlib, sys
log, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
if not log.exists():
    log.write_text("call\\n")
    path.write_text("{broken", encoding="utf-8")
"""


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    code, log = tmp_path / "editor.py", tmp_path / "editor.log"
    code.write_text(script, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {code} {log}")
    monkeypatch.delenv("VISUAL", raising=False)
    return log


def test_invalid_json_reopens_the_editor_with_the_error_on_top(
    draft: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    log = _editor(tmp_path, monkeypatch, RETRYING_EDITOR)
    result = newsdesk("edit", draft)
    assert result.returncode == 0, result.stderr
    assert "version 2" in result.stdout
    calls = log.read_text().splitlines()
    assert calls.count("call") == 2
    assert calls[2].startswith("// newsdesk: the edited text is not valid JSON: line ")
    assert json.loads(newsdesk("show", draft, "--json").stdout)["title"] == \
        "Fixed on the second try"


def test_an_edit_given_up_keeps_the_file_and_prints_its_path(
    draft: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    _editor(tmp_path, monkeypatch, GIVING_UP_EDITOR)
    result = newsdesk("edit", draft)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "not valid JSON" in line and "your edit is kept in " in line
    kept = Path(line.rsplit("kept in ", 1)[1])
    assert "{broken" in kept.read_text(encoding="utf-8")
    assert json.loads(newsdesk("show", draft, "--json").stdout)["version"] == 1


def test_removing_a_citation_names_the_story_and_the_sentence(
    draft: str, tmp_path: Path  # noqa: F811
) -> None:
    edition = json.loads(newsdesk("show", draft, "--json").stdout)
    story = edition["leads"][0]
    sentence = story["paragraphs"][0][1] if len(story["paragraphs"][0]) > 1 \
        else story["paragraphs"][0][0]
    number = story["paragraphs"][0].index(sentence) + 1
    del sentence["citation"]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edition), encoding="utf-8")
    result = newsdesk("edit", draft, "--file", str(path))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "KeyError" not in line
    assert f"lead story 1 (\"{story['headline'][:20]}" in line and story["story_id"] in line
    assert f"paragraph 1, sentence {number} (\"{sentence['text'][:20]}" in line
    assert "'citation' field is missing" in line

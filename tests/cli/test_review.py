"""An editor's review: read a draft, edit it in $EDITOR or from a file, see its versions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.test_run import _subscribe, _write_desk, newsdesk, newsroom  # noqa: F401

EDITOR_SCRIPT = """
import json, sys
path = sys.argv[1]
edition = json.load(open(path, encoding="utf-8"))
edition["title"] = "Edited by the desk"
edition["leads"][0]["headline"] = "A headline <b>an editor</b> wrote"
json.dump(edition, open(path, "w", encoding="utf-8"), ensure_ascii=False)
"""


@pytest.fixture
def draft(database_url: str, newsroom: list[str], isolated_home: Path) -> str:  # noqa: F811
    """The id of a draft edition of a desk that asks for review."""
    _write_desk(isolated_home, "reviewed", newsroom, review=True)
    _subscribe(newsroom)
    assert newsdesk("run", "--desk", "reviewed").returncode == 0
    (edition,) = json.loads(newsdesk("editions", "--json").stdout)
    assert edition["status"] == "draft"
    return edition["id"]


def test_an_editor_edits_a_draft_in_their_editor_and_publishes_the_edit(
    draft: str, isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = newsdesk("show", draft)
    assert before.returncode == 0 and before.stdout.startswith("# ")
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)
    edited = newsdesk("edit", draft)
    assert edited.returncode == 0, edited.stderr
    assert "version 2" in edited.stdout

    shown = newsdesk("show", draft).stdout
    assert shown.startswith("# Edited by the desk")
    assert "A headline \\<b\\>an editor\\</b\\> wrote" in shown
    assert newsdesk("show", draft, "--version", "1").stdout == before.stdout
    versions = json.loads(newsdesk("show", draft, "--versions", "--json").stdout)
    assert [(v["version"], v["origin"]) for v in versions] == [(1, "roundup"), (2, "edit")]

    assert newsdesk("approve", draft).returncode == 0
    assert newsdesk("publish", draft).returncode == 0
    site = isolated_home / "site" / "reviewed"
    pages = "".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html")))
    assert "Edited by the desk" in (site / "index.html").read_text(encoding="utf-8")
    assert "<b>an editor</b>" not in pages and "&lt;b&gt;an editor&lt;/b&gt;" in pages
    refused = newsdesk("edit", draft, "--file", str(tmp_path / "editor.py"))
    assert refused.returncode == 2 and "published and final" in refused.stderr


def test_editing_an_approved_draft_sends_it_back_for_approval(
    draft: str, tmp_path: Path
) -> None:
    assert newsdesk("approve", draft).returncode == 0
    edition = json.loads(newsdesk("show", draft, "--json").stdout)
    edition["also"] = []
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edition), encoding="utf-8")
    assert newsdesk("edit", draft, "--file", str(path)).returncode == 0
    (listed,) = json.loads(newsdesk("editions", "--json").stdout)
    assert (listed["status"], listed["version"]) == ("draft", 2)
    refused = newsdesk("publish", draft)
    assert refused.returncode == 2 and "approve" in refused.stderr
    assert json.loads(newsdesk("show", draft, "--json").stdout)["also"] == []


BROKEN_EDITS = [
    ("{not json", "is not valid JSON: line 1"),
    ("[1, 2]", "must hold one JSON object"),
    ('{"title": "only a title"}', "not a valid edition"),
]


def test_a_broken_edit_or_a_wrong_id_is_one_line_and_saves_nothing(
    draft: str, tmp_path: Path
) -> None:
    path = tmp_path / "edited.json"
    for content, message in BROKEN_EDITS:
        path.write_text(content, encoding="utf-8")
        result = newsdesk("edit", draft, "--file", str(path))
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    (listed,) = json.loads(newsdesk("editions", "--json").stdout)
    assert listed["version"] == 1
    missing = newsdesk("show", "no-such-edition")
    assert missing.returncode == 2 and "no edition 'no-such-edition'" in missing.stderr
    version = newsdesk("show", draft, "--version", "9")
    assert version.returncode == 2 and "has no version 9" in version.stderr

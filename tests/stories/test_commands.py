"""`newsdesk cluster-file` and `newsdesk eval clusters` on files, good and bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.errors import NewsdeskError
from newsdesk.stories.stream import read_story_file

FIXTURE = Path(__file__).with_name("fixtures") / "multilingual.jsonl"


def test_cluster_file_prints_one_id_and_story_per_article_in_file_order() -> None:
    result = CliRunner().invoke(app, ["cluster-file", "--quiet", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == [i.article.id for i in read_story_file(FIXTURE)]
    stories = dict(rows)
    assert stories["quake-en"] == stories["quake-zh"] == stories["quake-en-copy"]
    assert stories["rates-en"] != stories["quake-en"]


def test_eval_clusters_prints_every_metric() -> None:
    result = CliRunner().invoke(app, ["eval", "clusters", "--quiet", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    metrics = dict(line.split("\t") for line in result.stdout.splitlines())
    assert float(metrics["b3_f1"]) == 1.0
    assert {"pairwise_f1", "nmi", "ami", "ari", "stories_found"} <= set(metrics)


def test_a_bad_json_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "fine"}\n{not json\n', encoding="utf-8")
    with pytest.raises(NewsdeskError, match=r"broken.jsonl:2: not valid JSON"):
        read_story_file(broken)


def test_missing_file_is_a_one_line_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["cluster-file", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0
    assert isinstance(result.exception, NewsdeskError)
    assert "no such file" in str(result.exception)


def test_unlabelled_file_cannot_be_evaluated(tmp_path: Path) -> None:
    unlabelled = tmp_path / "plain.jsonl"
    unlabelled.write_text('{"id": "a", "title": null, "text": "Some news."}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "clusters", "-q", str(unlabelled)])
    assert isinstance(result.exception, NewsdeskError)
    assert "gold 'story' label" in str(result.exception)

"""`import` and `backfill` refuse what they cannot use before doing any work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsdesk.store import Article, Source, Store
from tests.clirun import newsdesk


def console_script(*args: str, code: str) -> subprocess.CompletedProcess[str]:
    """The real entry point in a subprocess (`code` runs first, in that process)."""
    prelude = code + "\nimport sys\nfrom newsdesk.cli import main\n"
    script = prelude + f"sys.argv = ['newsdesk', *{list(args)!r}]\nmain()\n"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def _stored(database_url: str) -> tuple[int, int]:
    store = Store.open(database_url)
    try:
        with store.session() as session:
            articles = session.scalar(select(func.count()).select_from(Article))
            sources = session.scalar(select(func.count()).select_from(Source))
        return articles or 0, sources or 0
    finally:
        store.close()


def _lines(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_lines_without_title_or_text_are_rejected_and_counted(
    database_url: str, tmp_path: Path
) -> None:
    rows = [
        {"id": "a", "source": "Outlet A", "title": "Chip sales rise", "text": "Sales rose."},
        {"id": "b", "source": "Outlet B", "title": None, "text": "Only a text."},
        {"id": "c", "source": "Outlet C", "title": "  ", "text": ""},
        {"id": "d", "source": "Outlet D", "headline": "A roundup line", "articles": []},
    ]
    result = newsdesk("import", str(_lines(tmp_path / "mixed.jsonl", rows)))
    assert result.returncode == 0, result.stderr
    assert "2 records read, 2 new articles; 2 rejected" in result.stdout
    assert _stored(database_url) == (2, 2)  # no source made for the rejected lines


def test_a_file_with_no_usable_line_is_an_error_and_stores_nothing(
    database_url: str, tmp_path: Path
) -> None:
    rows = [{"id": f"r{n}", "date": "2021-04-22", "headline": f"Story {n}",
             "roundup": ["A paragraph."], "articles": [{"source": "X", "text": "t"}]}
            for n in range(5)]
    result = newsdesk("import", str(_lines(tmp_path / "roundups.jsonl", rows)))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "no usable article" in result.stderr and "5 records without a title or text" \
        in result.stderr
    assert _stored(database_url) == (0, 0)


def test_the_shared_roundups_file_is_refused_as_a_story_set(
    database_url: str, shared_data: Path
) -> None:
    result = newsdesk("import", str(shared_data / "roundups" / "allsides-dev.jsonl"))
    assert result.returncode != 0 and "373 records without a title or text" in result.stderr
    assert _stored(database_url) == (0, 0)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_backfill_without_dask_says_so_before_importing(
    database_url: str, tmp_path: Path
) -> None:
    rows = [{"id": "a", "source": "Outlet A", "title": "Chip sales rise", "text": "Sales rose."}]
    path = _lines(tmp_path / "one.jsonl", rows)
    blocked = "import sys\nsys.modules['distributed'] = None  # as if Dask were not installed"
    result = console_script("backfill", str(path), code=blocked)
    assert result.returncode != 0
    assert result.stderr.strip() == "newsdesk: error: backfills need Dask: pip install " \
                                    "'newsdesk[scale]'"
    assert _stored(database_url) == (0, 0)

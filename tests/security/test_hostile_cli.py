"""Hostile input on the command line: refused with one line and exit status 2, nothing stored."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsdesk.store import Source, Store
from tests.clirun import newsdesk
from tests.security.hostile_xml import hostile_opml


def sources_stored(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Source)) or 0


def assert_refused_in_one_line(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and not result.stdout.strip()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://2130706433/feed"])
def test_source_add_of_a_local_file_or_hidden_loopback_is_refused(
    store: Store, url: str
) -> None:
    result = newsdesk("source", "add", url)
    assert_refused_in_one_line(result)
    assert sources_stored(store) == 0


def test_source_import_of_a_billion_laughs_opml_adds_nothing(
    store: Store, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.opml"
    hostile.write_bytes(hostile_opml("file:///etc/passwd", "http://127.0.0.1:9/x.dtd")
                        ["billion laughs"])
    result = newsdesk("source", "import", str(hostile))
    assert_refused_in_one_line(result)
    assert "entit" in result.stderr.lower()
    assert sources_stored(store) == 0

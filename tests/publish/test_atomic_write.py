"""Single output files are replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.output_files import write_atomic


def test_write_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"old")
    write_atomic(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]


def test_failed_replace_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "edition.md"
    target.mkdir()
    (target / "keep").write_text("x")
    with pytest.raises(NewsdeskError) as caught:
        write_atomic(target, b"data")
    assert "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition.md"]
    assert (target / "keep").read_text() == "x"


def test_missing_directories_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "edition.eml"
    write_atomic(path, b"mail")
    assert path.read_bytes() == b"mail"


def test_directory_under_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(NewsdeskError, match="cannot create output directory"):
        write_atomic(tmp_path / "file" / "sub" / "feed.xml", b"data")

"""Slugs and joined paths never leave the output directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.errors import NewsdeskError
from newsdesk.publish.paths import safe_join, safe_slug, unique_slugs

HOSTILE_NAMES = ["../../etc/passwd", "/etc/passwd", "..", ".", "", "   ", "a/../../b",
                 "C:\\Windows\\system32", "\x00evil", "con", "国家大基金", "résumé café",
                 "%2e%2e%2fetc", "~root/.ssh", "a" * 500]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_slug_of_hostile_name_is_plain_and_non_empty(name: str) -> None:
    slug = safe_slug(name)
    assert slug and len(slug) <= 80
    assert set(slug) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
    assert slug not in {".", ".."} and not slug.startswith("-")


def test_slug_folds_accents_and_keeps_words() -> None:
    assert safe_slug("Résumé: Café & Crème!") == "resume-cafe-creme"


def test_slugs_of_different_unicode_titles_differ() -> None:
    assert safe_slug("国家大基金") != safe_slug("小米汽车")


def test_unique_slugs_disambiguate_collisions() -> None:
    assert unique_slugs(["A b", "a-b", "A  B"]) == ["a-b", "a-b-2", "a-b-3"]


@pytest.mark.parametrize("parts", [("../../etc/passwd",), ("/etc/passwd",), ("a", ".."),
                                   ("a/../..",), ("",), ("x\x00y",), ("..\\..\\x",)])
def test_safe_join_refuses_escapes(tmp_path: Path, parts: tuple[str, ...]) -> None:
    with pytest.raises(NewsdeskError):
        safe_join(tmp_path, *parts)


def test_safe_join_refuses_symlink_out_of_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(NewsdeskError):
        safe_join(root, "link", "outside.html")


def test_safe_join_accepts_nested_relative_path(tmp_path: Path) -> None:
    assert safe_join(tmp_path, "editions", "w11", "index.html") == \
        tmp_path.resolve() / "editions" / "w11" / "index.html"


@given(st.text())
def test_any_text_slugs_to_a_path_inside_the_root(text: str) -> None:
    root = Path("/srv/site")
    target = safe_join(root, safe_slug(text) + ".html")
    assert target.parent == root

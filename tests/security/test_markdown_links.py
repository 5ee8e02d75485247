"""Markdown links: whatever a feed's URL holds, it stays one link with its own href, as a
CommonMark parser (markdown-it-py, which rich depends on) reads it (issue 20 item 7)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.publish.markdown import markdown_link

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is not installed")


def links_in(markdown: str) -> list[str]:
    """The hrefs of the links CommonMark finds in `markdown`, in order."""
    tokens = markdown_it.MarkdownIt("commonmark").parseInline(markdown)
    return [child.attrGet("href") for token in tokens for child in token.children or []
            if child.type == "link_open"]


def as_rendered(url: str) -> str:
    """A cited sentence as the Markdown edition writes it, with text on both sides."""
    return f"Text `a` here. ({markdown_link('Outlet', url)}) More `b` text. ([Other](x))"


@pytest.mark.parametrize("url", [
    "https://example.org/a\\",
    "https://example.org/a\\)b",
    "https://example.org/a)b(c",
    "https://example.org/a b<c>d",
    "https://example.org/?q=1&copy;=2&amp;",
    "https://example.org/`tick",
    "https://example.org/line\nbreak",
    "https://example.org/ｗｉｄｅ\u3000space\u200bzero",
])
def test_a_hostile_url_stays_one_link_with_its_own_href(url: str) -> None:
    hrefs = links_in(as_rendered(url))
    assert len(hrefs) == 2 and hrefs[1] == "x"
    assert unquote(hrefs[0]) == unquote(url)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_url_stays_one_link(tail: str) -> None:
    url = "https://example.org/" + tail
    hrefs = links_in(as_rendered(url))
    assert len(hrefs) == 2 and hrefs[1] == "x"
    assert unquote(hrefs[0]) == unquote(url)

"""Sanitised HTML never carries an executable construct, whatever comes in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.publish.sanitize import LINK_REL, is_web_url, plain_text, sanitize_html
from tests.publish.xss_vectors import XSS_VECTORS, executable_constructs


def test_checker_flags_the_raw_vectors() -> None:
    flagged = [v for v in XSS_VECTORS if executable_constructs(v)]
    assert len(flagged) >= 45, "the checker itself must recognise the attacks"


@pytest.mark.parametrize("vector", XSS_VECTORS)
@pytest.mark.parametrize("base_url", [None, "https://news.example/a/"])
def test_known_xss_vector_is_neutralised(vector: str, base_url: str | None) -> None:
    cleaned = sanitize_html(vector, base_url=base_url)
    assert executable_constructs(cleaned) == []


def test_corpus_has_at_least_forty_vectors() -> None:
    assert len(set(XSS_VECTORS)) >= 40


def test_safe_markup_survives() -> None:
    html = ('<p>DeepSeek <em>released</em> <strong>R2</strong>.</p><ul><li>one</li></ul>'
            '<blockquote>quote</blockquote><h3>Sub</h3><pre><code>x = 1</code></pre>')
    assert sanitize_html(html) == html


def test_links_get_rel_and_keep_https_href() -> None:
    cleaned = sanitize_html('<a href="https://technode.example/x">TechNode</a>')
    assert cleaned == f'<a href="https://technode.example/x" rel="{LINK_REL}">TechNode</a>'


def test_relative_links_resolve_against_base_url() -> None:
    cleaned = sanitize_html('<a href="../story.html">s</a><img src="/i.png" alt="">',
                            base_url="https://news.example/section/page.html")
    assert 'href="https://news.example/story.html"' in cleaned
    assert 'src="https://news.example/i.png"' in cleaned


def test_relative_links_are_dropped_without_base_url() -> None:
    assert "href" not in sanitize_html('<a href="/story.html">s</a>')


def test_image_source_must_be_http() -> None:
    assert "src" not in sanitize_html('<img src="mailto:a@b.example" alt="x">')
    assert 'src="https://cdn.example/a.png"' in sanitize_html('<img src="https://cdn.example/a.png">')


def test_script_content_is_dropped_not_shown() -> None:
    assert sanitize_html("<script>alert(1)</script><p>ok</p>") == "<p>ok</p>"


def test_plain_text_folds_line_breaks_and_controls() -> None:
    assert plain_text("Xiaomi\r\nBcc: x@y\x00\x1b  ships") == "Xiaomi Bcc: x@y ships"


@pytest.mark.parametrize("url,ok", [("https://a.example/x", True), ("http://a.example", True),
                                    ("javascript:alert(1)", False), ("//a.example/x", False),
                                    ("https://a.example/x y", False), ("ftp://a.example", False),
                                    ("https:///nohost", False), ("", False), (None, False)])
def test_is_web_url_accepts_only_absolute_http(url: str | None, ok: bool) -> None:
    assert is_web_url(url) is ok


_FRAGMENTS = st.sampled_from([
    "<", ">", "</", "/>", "=", '"', "'", "`", " ", "\t", "\n", "\x00", "&#", "&#x", ";",
    "&colon;", "&Tab;", "script", "SCRIPT", "img", "a", "svg", "iframe", "style", "src",
    "href", "onerror", "onload", "ONCLICK", "javascript:", "jav&#x09;ascript:", "data:",
    "vbscript:", "alert(1)", "<!--", "-->", "<![CDATA[", "]]>", "https://x.example/",
    "expression(", "url(", "<math>", "<noscript>", "<template>", "<p>", "</p>", "<a ",
    "<img ", "<svg ", "<style>", "<script>", "<iframe ", "<meta ", "http-equiv=refresh",
    "formaction=", "srcdoc=", "<form>", "<base href=", "&lt;", "&gt;", "&amp;",
])
_HOSTILE_HTML = st.one_of(
    st.lists(_FRAGMENTS, max_size=40).map("".join),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=30).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HOSTILE_HTML, st.sampled_from([None, "https://news.example/a/"]))
def test_sanitised_output_of_hostile_input_has_no_executable_construct(
        html: str, base_url: str | None) -> None:
    assert executable_constructs(sanitize_html(html, base_url=base_url)) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_sanitising_arbitrary_text_never_raises_and_is_idempotent(text: str) -> None:
    once = sanitize_html(text)
    assert executable_constructs(once) == []
    assert sanitize_html(once) == once

"""Full-text extraction on own fixture pages, charset handling and limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.ingest.pages import extract
from newsdesk.ingest.pages.extract import decode_page, extract_page
from tests.ingest.conftest import FIXTURES


def test_english_article_gives_text_and_metadata() -> None:
    page = extract_page((FIXTURES / "article_en.html").read_bytes(), url="https://x.example/a")
    assert page is not None
    assert "2,000 engineers" in page.text
    assert "spring of next year" in page.text
    assert "All rights reserved" not in page.text
    assert page.title == "DJI opens research centre in Shenzhen"
    assert page.author == "Jane Lee"
    assert page.published == datetime(2024, 3, 5, 0, 30, tzinfo=UTC)
    assert page.language == "en"
    assert page.site_name == "Example News"
    assert page.canonical_url == "https://news.example.com/2024/03/story.html"
    assert page.image == "https://news.example.com/img/lead.jpg"
    assert page.description and page.description.startswith("Shenzhen-based drone maker")


def test_gb2312_declared_chinese_article_is_decoded_as_gb18030() -> None:
    data = (FIXTURES / "article_zh_gbk.html").read_bytes()
    page = extract_page(data)
    assert page is not None
    assert "深圳无人机制造商大疆周二表示" in page.text
    assert "\ufffd" not in page.text
    assert page.title == "大疆在深圳新建研发中心"
    assert page.language == "zh-cn"
    assert page.published == datetime(2024, 3, 5, 0, 30, tzinfo=UTC)


def test_dutch_article_gives_text_and_date_only_publication_day() -> None:
    page = extract_page((FIXTURES / "article_nl.html").read_text(encoding="utf-8"))
    assert page is not None
    assert "onderzoekscentrum opent in Shenzhen" in page.text
    assert page.language == "nl"
    assert page.author == "Pieter de Vries"
    assert page.published == datetime(2024, 3, 5, tzinfo=UTC)


def test_page_without_article_text_gives_none() -> None:
    assert extract_page((FIXTURES / "no_article.html").read_bytes()) is None
    assert extract_page(b"") is None
    assert extract_page("   ") is None


def test_undeclared_gbk_bytes_are_detected() -> None:
    text = "<html><body><p>" + "深圳无人机制造商大疆周二表示将在深圳新建一个研发中心。" * 20
    data = (text + "</p></body></html>").encode("gbk")
    assert "大疆周二表示" in decode_page(data)


def test_byte_order_mark_wins_over_declared_charset() -> None:
    data = b"\xef\xbb\xbf<meta charset='iso-8859-1'><p>caf\xc3\xa9</p>"
    assert "café" in decode_page(data)


def test_latin1_declared_page_is_read_as_windows_1252() -> None:
    data = b"<meta charset='ISO-8859-1'><p>\x93quoted\x94 caf\xe9</p>"
    assert "\u201cquoted\u201d café" in decode_page(data)


def test_huge_pages_are_cut_before_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_HTML_CHARS", 50_000)
    paragraph = "<p>" + "The drone maker said it would hire engineers. " * 40 + "</p>"
    tail = "<p>" + "Beyond the cap lies this unread closing remark. " * 40 + "</p>"
    html = "<html><body><article>" + paragraph * 100 + tail + "</article></body></html>"
    page = extract_page(html)
    assert page is not None
    assert "hire engineers" in page.text
    assert "Beyond the cap" not in page.text


def test_extracted_text_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 3_000)
    paragraphs = "".join(
        f"<p>In week {n} the drone maker said it would hire {n * 10} more engineers.</p>"
        for n in range(200)
    )
    page = extract_page(f"<html><body><article>{paragraphs}</article></body></html>")
    assert page is not None
    assert len(page.text) == 3_000

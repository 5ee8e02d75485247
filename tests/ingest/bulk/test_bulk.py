"""Bulk readers: story-set JSONL (with bad lines) and WARC / WARC.gz archives."""

from __future__ import annotations

import gzip
import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.ingest.bulk import readers
from newsdesk.ingest.bulk.readers import BulkError, BulkRecord, read_jsonl, read_warc
from tests.ingest.conftest import FIXTURES

STORIES = FIXTURES / "stories_small.jsonl"


def read_all(path: Path) -> tuple[list[BulkRecord], list[BulkError]]:
    """Every good record and every reported error of a JSONL file."""
    errors: list[BulkError] = []
    return list(read_jsonl(path, on_error=errors.append)), errors


def test_good_lines_become_records_and_bad_lines_are_reported() -> None:
    records, errors = read_all(STORIES)
    assert [record.id for record in records] == ["a1", "2", "a3", "a5", "a9"]
    assert [str(error).split(": ")[0] for error in errors] == [
        f"{STORIES}:5",
        f"{STORIES}:7",
        f"{STORIES}:8",
        f"{STORIES}:9",
    ]
    assert "not valid JSON" in str(errors[0])
    assert "expected a JSON object" in str(errors[1])
    assert "unreadable date" in str(errors[2])
    assert "'title' must be a string" in str(errors[3])


def test_record_fields_follow_the_story_set_schema() -> None:
    records, _ = read_all(STORIES)
    first, chinese, undated, zoned = records[:4]
    assert first.published == datetime(2021, 4, 5, tzinfo=UTC)
    assert first.language == "en" and first.source == "Reuters" and first.line == 1
    assert first.raw["story"] == "s1"
    assert chinese.title is None and chinese.url == "https://example.cn/a"
    assert chinese.published is None
    assert undated.published is None and undated.line == 4
    assert zoned.published == datetime(2021, 4, 6, 8, tzinfo=UTC)
    assert all(record.html is None for record in records)


def test_without_on_error_the_first_bad_line_raises() -> None:
    reader = read_jsonl(STORIES)
    assert [next(reader).id for _ in range(3)] == ["a1", "2", "a3"]
    with pytest.raises(BulkError, match=r":5: not valid JSON"):
        next(reader)


def test_gzipped_jsonl_reads_the_same(tmp_path: Path) -> None:
    packed = tmp_path / "stories.jsonl.gz"
    with STORIES.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    assert [r.id for r in read_all(packed)[0]] == [r.id for r in read_all(STORIES)[0]]


def test_missing_file_raises_bulk_error(tmp_path: Path) -> None:
    with pytest.raises(BulkError, match="cannot open"):
        list(read_jsonl(tmp_path / "absent.jsonl"))
    with pytest.raises(BulkError, match="cannot open"):
        list(read_warc(tmp_path / "absent.warc"))


def write_warc(path: Path, *, gzipped: bool) -> None:
    """A small archive: two HTML responses, a 404, an image, a resource page, a request."""
    pages = {
        "https://news.example.com/en": (FIXTURES / "article_en.html").read_bytes(),
        "https://news.example.cn/zh": (FIXTURES / "article_zh_gbk.html").read_bytes(),
    }
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=gzipped)
        for uri, body in pages.items():
            writer.write_record(response(writer, uri, body, "200 OK", "text/html"))
        writer.write_record(
            response(writer, "https://x.example/gone", b"<p>x</p>", "404 Not Found", "text/html")
        )
        writer.write_record(
            response(writer, "https://x.example/a.png", b"\x89PNG", "200 OK", "image/png")
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.com/nl",
                "resource",
                payload=io.BytesIO((FIXTURES / "article_nl.html").read_bytes()),
                warc_content_type="text/html; charset=utf-8",
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.com/empty",
                "resource",
                payload=io.BytesIO((FIXTURES / "no_article.html").read_bytes()),
                warc_content_type="text/html",
            )
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.com/en",
                "request",
                payload=io.BytesIO(b"GET /en HTTP/1.1\r\n\r\n"),
                warc_content_type="application/http; msgtype=request",
            )
        )


def response(writer: WARCWriter, uri: str, body: bytes, status: str, content_type: str):
    """One HTTP response record."""
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri, "response", payload=io.BytesIO(body), http_headers=headers
    )


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_pages_become_records_with_extracted_text(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    write_warc(path, gzipped=gzipped)
    records = list(read_warc(path))
    assert [r.url for r in records] == [
        "https://news.example.com/en",
        "https://news.example.cn/zh",
        "https://news.example.com/nl",
        "https://news.example.com/empty",
    ]
    english, chinese, dutch, empty = records
    assert english.title == "DJI opens research centre in Shenzhen"
    assert english.text and "2,000 engineers" in english.text
    assert english.published == datetime(2024, 3, 5, 0, 30, tzinfo=UTC)
    assert english.source == "news.example.com"
    assert english.id and english.id.startswith("<urn:uuid:")
    assert english.html and english.html.startswith(b"<!DOCTYPE html>")
    assert chinese.text and "大疆周二表示" in chinese.text
    assert dutch.language == "nl"
    assert empty.text is None and empty.title is None
    assert empty.published is not None  # falls back to WARC-Date, the capture time
    assert empty.raw["WARC-Type"] == "resource"


def test_oversized_warc_payload_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzipped=True)
    monkeypatch.setattr(readers, "MAX_PAYLOAD_BYTES", 1000)
    errors: list[BulkError] = []
    records = list(read_warc(path, on_error=errors.append))
    assert [r.url for r in records] == ["https://news.example.com/empty"]
    assert len(errors) == 3 and all("over 1,000 bytes" in str(e) for e in errors)


def test_a_file_that_is_not_warc_raises_bulk_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not an archive\n" * 10)
    with pytest.raises(BulkError, match="not a readable WARC"):
        list(read_warc(path))


def test_shared_story_sets_read_fully(shared_data: Path) -> None:
    files = sorted((shared_data / "stories").glob("*.jsonl"))
    assert files
    for path in files:
        errors: list[BulkError] = []
        count = sum(1 for _ in read_jsonl(path, on_error=errors.append))
        lines = sum(1 for line in path.open("rb") if line.strip())
        assert errors == [], path.name
        assert count == lines, path.name

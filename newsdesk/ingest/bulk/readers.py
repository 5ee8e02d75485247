"""Streaming bulk import readers: story-set JSONL files and WARC archives.

Both read one record at a time, so a file of any size imports in constant memory. A bad
JSONL line or an unreadable WARC payload never has to stop an import: pass ``on_error``
and the reader reports the BulkError to it and goes on. Without ``on_error`` the first
bad line raises.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from dateutil import parser as date_parser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from newsdesk.errors import NewsdeskError
from newsdesk.ingest.pages.extract import extract_page, superset_charset

MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_FIELDS = ("title", "text", "url", "lang", "source")

OnError = Callable[["BulkError"], None]


class BulkError(NewsdeskError):
    """One record of a bulk file could not be read; the message names file:line and why."""


@dataclass
class BulkRecord:
    """One article from a bulk file, before it becomes an article in the store."""

    id: str | None
    url: str | None
    title: str | None
    text: str | None
    html: bytes | None
    language: str | None
    published: datetime | None
    source: str | None
    raw: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


def read_jsonl(path: Path, *, on_error: OnError | None = None) -> Iterator[BulkRecord]:
    """Stream a story-set JSONL file (``.jsonl`` or ``.jsonl.gz``), one record per line.

    Schema: {"id", "story", "lang", "date", "source", "title", "text"} plus an optional
    "url"; every field may be null or missing. Blank lines are skipped. A bad line
    (not JSON, not an object, a wrongly typed field, an unreadable date) raises BulkError,
    or is passed to ``on_error`` and skipped.
    """
    with open_text_lines(path) as lines:
        for number, raw_line in enumerate(lines, start=1):
            if not raw_line.strip():
                continue
            try:
                yield record_of_line(raw_line, path, number)
            except BulkError as error:
                if on_error is None:
                    raise
                on_error(error)


def open_text_lines(path: Path) -> IO[bytes]:
    """Open a JSONL file as bytes, gunzipping .gz; BulkError when it cannot be opened."""
    try:
        return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    except OSError as error:
        raise BulkError(f"{path}: cannot open ({error.strerror or error})") from error


def record_of_line(raw_line: bytes, path: Path, number: int) -> BulkRecord:
    """Parse one JSONL line into a BulkRecord; BulkError naming file:line when it is bad."""
    where = f"{path}:{number}"
    try:
        document = json.loads(raw_line)
    except (UnicodeDecodeError, ValueError) as error:
        raise BulkError(f"{where}: not valid JSON ({error})") from error
    except RecursionError:
        raise BulkError(f"{where}: not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict):
        raise BulkError(f"{where}: expected a JSON object, got {type(document).__name__}")
    for name in TEXT_FIELDS:
        if document.get(name) is not None and not isinstance(document[name], str):
            raise BulkError(f"{where}: field {name!r} must be a string or null")
    record_id = document.get("id")
    return BulkRecord(
        id=None if record_id is None else str(record_id),
        url=document.get("url"),
        title=document.get("title"),
        text=document.get("text"),
        html=None,
        language=document.get("lang"),
        published=published_of(document.get("date"), where),
        source=document.get("source"),
        raw=document,
        line=number,
    )


def published_of(value: Any, where: str) -> datetime | None:
    """A JSONL date ("2021-04-05" or ISO 8601) as aware UTC; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BulkError(f"{where}: field 'date' must be a string or null")
    try:
        moment = date_parser.isoparse(value)
    except (ValueError, OverflowError) as error:
        raise BulkError(f"{where}: unreadable date {value!r}") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_warc(path: Path, *, on_error: OnError | None = None) -> Iterator[BulkRecord]:
    """Stream the HTML pages of a WARC or WARC.gz file as BulkRecords.

    Reads response records (HTTP 2xx) and resource records whose payload is HTML. The
    URL is WARC-Target-URI; text and metadata come from extract_page (text is None when a
    page has no main text). ``published`` is the page's own date, else the WARC-Date
    (when it was captured). A payload over MAX_PAYLOAD_BYTES is reported and skipped; a
    corrupt archive raises BulkError.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        raise BulkError(f"{path}: cannot open ({error.strerror or error})") from error
    with stream:
        for number, record in enumerate(archive_records(stream, path), start=1):
            require_warc(record, path)
            where = f"{path} record {number}"
            try:
                page = page_of_record(record, where)
            except BulkError as error:
                if on_error is None:
                    raise
                on_error(error)
                continue
            if page is not None:
                yield page


def archive_records(stream: IO[bytes], path: Path) -> Iterator[ArcWarcRecord]:
    """warcio's records of an open archive; BulkError when it is corrupt or cut short."""
    records = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except ArchiveLoadFailed as error:
            raise BulkError(f"{path}: not a readable WARC archive ({error})") from error
        except AttributeError as error:  # warcio's failure on a header cut before its URI
            raise BulkError(f"{path}: not a readable WARC archive (a record header is "
                            "cut short)") from error
        yield record


def require_warc(record: ArcWarcRecord, path: Path) -> None:
    """Refuse anything but WARC: warcio reads any text as ARC records rather than fail."""
    if record.format != "warc":
        raise BulkError(f"{path}: not a readable WARC archive (found {record.format} records)")


def page_of_record(record: ArcWarcRecord, where: str) -> BulkRecord | None:
    """The BulkRecord for one WARC record, or None when it holds no HTML page."""
    if not is_html_page(record):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise BulkError(f"{where}: payload of {uri} is over {MAX_PAYLOAD_BYTES:,} bytes")
    page = extract_page(decode_by_header(payload, content_type_of(record)), url=uri)
    captured = published_of(record.rec_headers.get_header("WARC-Date"), where)
    return BulkRecord(
        id=record.rec_headers.get_header("WARC-Record-ID"),
        url=uri,
        title=page.title if page else None,
        text=page.text if page else None,
        html=payload,
        language=page.language if page else None,
        published=(page.published if page and page.published else captured),
        source=urlsplit(uri).hostname if uri else None,
        raw=dict(record.rec_headers.headers),
        line=None,
    )


def is_html_page(record: ArcWarcRecord) -> bool:
    """Whether a WARC record is a successful response or a resource holding HTML."""
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        if not status.startswith("2"):
            return False
    elif record.rec_type != "resource":
        return False
    return content_type_of(record).split(";")[0].strip().lower() in HTML_TYPES


def content_type_of(record: ArcWarcRecord) -> str:
    """The payload's Content-Type: from the HTTP headers, else the WARC headers."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    return (headers.get_header("Content-Type") if headers else None) or ""


def decode_by_header(payload: bytes, content_type: str) -> bytes | str:
    """Decode with the charset the server sent, if it names one that works; else keep bytes."""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            with suppress(LookupError, UnicodeDecodeError):
                return payload.decode(superset_charset(value.strip().strip("\"'")))
    return payload

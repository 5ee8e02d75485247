"""`newsdesk import FILE`: stream a JSONL story-set or a WARC archive into the store.

Records are stored in batches, each batch in one transaction, under one `bulk:` source per
outlet; identities are stable, so importing the same file twice stores everything once.
A record with neither a title nor a text is rejected (counted, nothing stored from it), and
a file with no usable record at all is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from newsdesk.clock import utcnow
from newsdesk.errors import NewsdeskError
from newsdesk.ingest.bulk.readers import BulkRecord, read_jsonl, read_warc
from newsdesk.ingest.feeds.article_rows import content_hash
from newsdesk.ingest.urls import url_host
from newsdesk.store import Store
from newsdesk.store.articles import store_articles
from newsdesk.store.sources import add_source
from newsdesk.text.language_codes import normalise_language

BATCH = 500


@dataclass
class BulkReport:
    """What a bulk import read, stored and skipped."""

    path: str
    read: int = 0
    new: int = 0
    skipped: list[str] = field(default_factory=list)
    rejected: int = 0


def import_file(
    store: Store, path: Path, *, on_batch: Callable[[BulkReport], None] | None = None
) -> BulkReport:
    """Import a `.jsonl` story-set file or a `.warc`/`.warc.gz` archive, idempotently."""
    if not path.is_file():
        raise NewsdeskError(f"no such file: {path}")
    report = BulkReport(str(path))
    records = _usable(_records(path, report), report)
    source_ids: dict[str, int] = {}
    while batch := list(islice(records, BATCH)):
        with store.session() as session:
            rows = []
            for record in batch:
                outlet = _outlet(record, path)
                if outlet not in source_ids:
                    source, _ = add_source(session, f"bulk:{outlet}", title=outlet, kind="bulk")
                    source_ids[outlet] = source.id
                rows.append(_row(record, source_ids[outlet]))
            report.read += len(rows)
            report.new += store_articles(session, rows)
        if on_batch:
            on_batch(report)
    if not report.read:
        raise NewsdeskError(f"{path}: no usable article ({_refusals(report)}); nothing was stored")
    return report


def _usable(records: Iterator[BulkRecord], report: BulkReport) -> Iterator[BulkRecord]:
    """The records with a title or a text; the others are counted as rejected."""
    for record in records:
        if _has_words(record.title) or _has_words(record.text):
            yield record
        else:
            report.rejected += 1


def _has_words(value: str | None) -> bool:
    return bool(value and value.strip())


def _refusals(report: BulkReport) -> str:
    if not report.rejected and not report.skipped:
        return "the file holds no records"
    parts = [f"{report.rejected} records without a title or text"] if report.rejected else []
    if report.skipped:
        parts.append(f"{len(report.skipped)} unreadable")
    return ", ".join(parts)


def _records(path: Path, report: BulkReport) -> Iterator[BulkRecord]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return read_jsonl(path, on_error=report.skipped.append)
    if name.endswith((".warc", ".warc.gz")):
        return read_warc(path, on_error=report.skipped.append)
    raise NewsdeskError(f"{path}: unknown file type (expected .jsonl, .warc or .warc.gz)")


def _outlet(record: BulkRecord, path: Path) -> str:
    if record.source:
        return record.source.strip()[:200]
    if record.url:
        return url_host(record.url) or path.stem
    return path.stem


def _row(record: BulkRecord, source_id: int) -> dict[str, Any]:
    text = record.text or ""
    digest = content_hash(record.title, text)
    uid = record.id or record.url or f"sha1:{digest}"
    return {
        "source_id": source_id,
        "uid": str(uid)[:512],
        "guid": record.id,
        "url": record.url,
        "title": record.title,
        "authors": [],
        "categories": [],
        "summary": None,
        "content": None,
        "text": text,
        "text_origin": "bulk",
        "language": normalise_language(record.language),
        "published_at": record.published,
        "published_raw": None,
        "updated_at": None,
        "enclosures": [],
        "content_hash": digest,
        "raw": record.raw,
        "fetched_at": utcnow(),
    }

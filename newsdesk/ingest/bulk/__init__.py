"""Bulk reading: JSONL story sets and WARC archives, outside the feed fetch.

``readers`` streams records one at a time (``read_jsonl``, ``read_warc``); ``importer``
stores them in batches under one ``bulk:`` source per outlet (``import_file``).
"""

from newsdesk.ingest.bulk.importer import BulkReport, import_file
from newsdesk.ingest.bulk.readers import BulkError, BulkRecord, read_jsonl, read_warc

__all__ = ["BulkError", "BulkRecord", "BulkReport", "import_file", "read_jsonl", "read_warc"]

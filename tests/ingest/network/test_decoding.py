"""Content decoding and response helpers, checked directly on bytes and header values."""

from __future__ import annotations

import email.utils
import gzip

import brotli
import pytest

from newsdesk.ingest.network.compression import BodyTooLarge, BoundedDecoder, DecodeFailed
from newsdesk.ingest.network.response import describe_size, retry_after_seconds

TEXT = b"<rss><channel><title>Desk</title></channel></rss>" * 20


def test_stacked_encodings_are_undone_last_applied_first() -> None:
    wire = gzip.compress(brotli.compress(TEXT))  # "br" applied first, then "gzip"
    decoder = BoundedDecoder("br, gzip", limit=10_000, cap_label="too big")
    decoded = b"".join(decoder.feed(wire[i : i + 7]) for i in range(0, len(wire), 7))
    assert decoded == TEXT


def test_decoded_cap_is_enforced_across_chunks() -> None:
    wire = gzip.compress(TEXT)
    decoder = BoundedDecoder("gzip", limit=len(TEXT) - 1, cap_label="too big")
    with pytest.raises(BodyTooLarge, match="too big"):
        for i in range(0, len(wire), 5):
            decoder.feed(wire[i : i + 5])


def test_unsupported_encoding_is_a_decode_failure() -> None:
    with pytest.raises(DecodeFailed, match="unsupported Content-Encoding: zstd"):
        BoundedDecoder("zstd", limit=100, cap_label="too big")


def test_identity_encoding_passes_bytes_through() -> None:
    assert BoundedDecoder("identity", limit=100, cap_label="x").feed(b"abc") == b"abc"
    assert BoundedDecoder(None, limit=100, cap_label="x").feed(b"abc") == b"abc"


def test_retry_after_reads_seconds_and_dates_and_ignores_junk() -> None:
    now = 1_700_000_000.0
    assert retry_after_seconds("90", now) == 90.0
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now) == 30.0
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_sizes_are_described_in_binary_units() -> None:
    assert describe_size(10 * 2**20) == "10 MiB"
    assert describe_size(512 * 1024) == "512 KiB"
    assert describe_size(900) == "900 bytes"

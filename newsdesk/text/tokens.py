"""Tokens and shingles for modelling: words for spaced scripts, jieba words for Chinese.

Chinese text is first folded to simplified characters, so a traditional and a simplified
rendering of one report give the same tokens and the same shingles.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from types import ModuleType

_WORD = re.compile(r"\w+", re.UNICODE)
_UNSPACED_LANGUAGES = {"zh", "ja", "th"}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


@lru_cache(maxsize=1)
def _to_simplified() -> object:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def jieba_segmenter() -> ModuleType:
    """jieba, loaded on first use (its dictionary takes a second), initialised and quiet."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def fold_text(text: str) -> str:
    """NFKC-normalised, lower-cased text; Han characters folded to simplified forms."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    if _HAN.search(folded):
        folded = _to_simplified().convert(folded)  # type: ignore[attr-defined]
    return folded


def simplified_chinese(text: str) -> str:
    """`text` with traditional Han characters written in their simplified forms, case and
    everything else kept. Text with kana (Japanese) is left alone: its kanji are not
    Chinese characters to fold."""
    if not _HAN.search(text or "") or _KANA.search(text):
        return text
    return _to_simplified().convert(text)  # type: ignore[attr-defined]


def has_han(text: str) -> bool:
    """Whether `text` contains any Chinese (Han) character."""
    return bool(_HAN.search(text or ""))


def tokenize(text: str, lang: str | None) -> list[str]:
    """Lower-cased word tokens of `text`; Chinese is segmented with jieba, Japanese and
    Thai fall back to character bigrams. Punctuation never becomes a token."""
    folded = fold_text(text)
    if lang == "zh" or (lang is None and has_han(folded)):
        words = jieba_segmenter().lcut(folded)
        return [w for w in words if _WORD.fullmatch(w)]
    if lang in _UNSPACED_LANGUAGES:
        return _character_bigrams(folded)
    return _WORD.findall(folded)


def _character_bigrams(text: str) -> list[str]:
    grams: list[str] = []
    for run in _WORD.findall(text):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def shingles(text: str, lang: str | None, size: int | None = None) -> set[str]:
    """The set of overlapping shingles of `text` for near-duplicate detection.

    Spaced languages give word `size`-grams (default 3); Chinese, Japanese and Thai give
    character `size`-grams (default 4) over the folded text without spaces or punctuation.
    """
    folded = fold_text(text)
    unspaced = lang in _UNSPACED_LANGUAGES or (lang is None and has_han(folded))
    if unspaced:
        chars = "".join(_WORD.findall(folded))
        width = size or 4
        return {chars[i : i + width] for i in range(max(1, len(chars) - width + 1))} - {""}
    words = _WORD.findall(folded)
    width = size or 3
    if len(words) < width:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + width]) for i in range(len(words) - width + 1)}

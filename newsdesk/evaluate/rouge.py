"""ROUGE F1 of write-ups and headlines against editors' copy, and faithfulness checks.

Scores are rouge-score's ROUGE-1/2/L F1 with stemming, as percentages. Its default
tokenizer keeps only ASCII letters and digits, which is right for English; Chinese and
Japanese copy is scored on characters instead. A write-up sentence is faithful when it is
verbatim in its source or a clean trim of a source sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from rouge_score import rouge_scorer, tokenizers

from newsdesk.write.clean_trim import is_clean_trim
from newsdesk.write.sentences import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
_CJK_LANGUAGES = frozenset({"zh", "ja"})
_CJK_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[a-z0-9]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


class CharacterTokenizer(tokenizers.Tokenizer):
    """Tokens for CJK copy: each ideograph or kana one token, ASCII words whole."""

    def tokenize(self, text: str) -> list[str]:
        """Characters of CJK runs and lower-cased ASCII words, in order."""
        return _CJK_TOKEN.findall(text.lower())


@cache
def _scorer(lang: str) -> rouge_scorer.RougeScorer:
    """One scorer per tokenisation: stemmed words, or characters for Chinese/Japanese."""
    if lang in _CJK_LANGUAGES:
        return rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=CharacterTokenizer())
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def rouge_f1(candidate: str, reference: str, lang: str = "en") -> dict[str, float]:
    """ROUGE-1/2/L F1 (percent) of `candidate` against `reference`."""
    scores = _scorer(lang.split("-")[0].lower()).score(reference, candidate)
    return {name: 100.0 * scores[name].fmeasure for name in ROUGE_TYPES}


def mean_rouge(rows: Iterable[dict[str, float]]) -> dict[str, float]:
    """Mean of per-story ROUGE scores; zeros for no rows."""
    rows = list(rows)
    if not rows:
        return {name: 0.0 for name in ROUGE_TYPES}
    return {name: sum(row[name] for row in rows) / len(rows) for name in ROUGE_TYPES}


def is_verbatim(sentence: str, sources: Sequence[str]) -> bool:
    """True when the sentence appears in one of the source texts, whitespace aside."""
    needle = _squash(sentence)
    return bool(needle) and any(needle in _squash(source) for source in sources)


def is_faithful(sentence: str, sources: Sequence[str], lang: str | None = None) -> bool:
    """True when the sentence is verbatim in a source text, or a clean trim of one of its
    sentences (whole clause spans deleted at punctuation; see `is_clean_trim`)."""
    if is_verbatim(sentence, sources):
        return True
    return any(is_clean_trim(sentence, source_sentence)
               for source in sources for source_sentence in split_sentences(source, lang))


def _squash(text: str) -> str:
    """Collapse whitespace runs, so line wrapping does not count as a change."""
    return " ".join(text.split())


def word_count(text: str, lang: str = "en") -> int:
    """Length of copy in the units ROUGE counts (words, or CJK characters)."""
    if lang.split("-")[0].lower() in _CJK_LANGUAGES:
        return len(CharacterTokenizer().tokenize(text))
    return len(_ASCII_WORD.findall(text.lower()))

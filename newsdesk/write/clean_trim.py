"""What counts as a clean trim of a source sentence, checked mechanically.

A write-up sentence is faithful when it is verbatim in its source, or a clean trim of one
source sentence: that sentence with whole clause spans deleted at punctuation boundaries
(an aside between commas, a parenthetical, the tail after a comma or dash), its first
letter capitalised and a full stop put at its end. Nothing is reworded, reordered or
added, so every word of the trim is the source's, in the source's order.
"""

from __future__ import annotations

import re

# Where a clause span may begin or end: commas, semicolons, colons, brackets, dashes set
# off by spaces, em/en dashes, ellipses, and their full-width (CJK) forms.
CLAUSE_MARK = re.compile(r"\s-{1,2}\s|-{2,}|\.{3}|…+|[,;:()\[\]—–，；：、（）]")

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# One token per CJK character, per run of other letters/digits, per other symbol.
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|[^\w\s]")
_FULL_STOPS = (".", "。")


def clause_spans(sentence: str) -> list[str]:
    """The sentence cut at every clause mark: the text between marks and each mark alone.

    Joined back together the spans give the sentence; a clean trim keeps some of them.
    """
    cuts = {0, len(sentence)}
    for mark in CLAUSE_MARK.finditer(sentence):
        cuts.update((mark.start(), mark.end()))
    ordered = sorted(cuts)
    return [sentence[a:b] for a, b in zip(ordered, ordered[1:], strict=False) if b > a]


def is_clean_trim(trimmed: str, source: str) -> bool:
    """True when `trimmed` is `source` with whole clause spans deleted (see the module).

    Words are compared exactly except the first, which may be capitalised; a full stop may
    be added at the end. The trim must keep at least one word.
    """
    tokens = _tokens(trimmed)
    if not any(token[0].isalnum() for token in tokens):
        return False
    spans = [_tokens(span) for span in clause_spans(source)]
    if _kept_in_order(tokens, spans):
        return True
    return bool(tokens) and tokens[-1] in _FULL_STOPS and _kept_in_order(tokens[:-1], spans)


def _tokens(text: str) -> list[str]:
    """Words, CJK characters and punctuation of some copy, whitespace ignored."""
    return _TOKEN.findall(text)


def _kept_in_order(tokens: list[str], spans: list[list[str]]) -> bool:
    """True when `tokens` is the concatenation of some of `spans`, in order."""
    reached = {0}
    for span in spans:
        if not span:
            continue
        reached |= {at + len(span) for at in reached if _matches(tokens, at, span)}
    return len(tokens) in reached


def _matches(tokens: list[str], at: int, span: list[str]) -> bool:
    """True when `span` sits in `tokens` at `at` (the write-up's first word may be capitalised)."""
    if at + len(span) > len(tokens):
        return False
    for offset, word in enumerate(span):
        token = tokens[at + offset]
        if token != word and not (at + offset == 0 and token == word[:1].upper() + word[1:]):
            return False
    return True

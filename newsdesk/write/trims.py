"""Trim source sentences the way a copy editor does, without rewording them.

A sentence the feed cut off ("...") is closed at its last complete clause: the tail from
a comma, semicolon, colon or dash on is deleted and a full stop put in its place, so the
result is a clean trim (see `clean_trim`) that can be checked against its source. The
rule leaves a sentence out when it is not sure the rest reads as a sentence.
"""

from __future__ import annotations

import re

from newsdesk.write.words import all_words

CUT_OFF = re.compile(r"\s*(\.{3,}|…+|。。。)\W*$")

_MIN_CLOSED_WORDS = 8  # a closed cut-off shorter than this is a fragment, not news
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_TEXT = re.compile(f"[{_CJK}]")
# Where a cut-off sentence may be closed: before a comma, semicolon, colon or dash.
_CLOSING_POINT = re.compile(r"\s*(?:,|;|:|\s-{1,2}\s|-{2,}|—|–|，|；|：)")
_QUOTES = (("“", "”"), ("‘", "’"), ("(", ")"), ("[", "]"), ("（", "）"), ("「", "」"))

# Words that open a clause that cannot stand alone: a closed cut-off starting with one of
# them (subordinators, prepositions) reads as a fragment, and so does one whose last
# clause starts with an aside's first word (relative pronouns, conjunctions, articles).
_DEPENDENT_STARTS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "although though while when whenever if unless because since as after before until "
        "once whether despite with without amid which who whom whose where and or but nor "
        "including such like than that to of for from by in on at into over during under "
        "through across against among between within about around following".split()
    ),
    "nl": frozenset(
        "hoewel terwijl als wanneer indien omdat doordat sinds nadat voordat totdat toen "
        "zodra of ondanks met zonder die dat wat wie waar waarin waarbij en maar noch "
        "inclusief zoals dan te van voor door in op aan tijdens over na".split()
    ),
}
_ASIDE_STARTS: dict[str, frozenset[str]] = {
    "en": _DEPENDENT_STARTS["en"] | frozenset("a an the".split()),
    "nl": _DEPENDENT_STARTS["nl"] | frozenset("de het een".split()),
}
_SHORT_OPENER = 4  # words: "Meanwhile," or "On Monday," before the main clause


def close_cut_off(sentence: str, lang: str) -> str | None:
    """A sentence the feed cut off ("...") closed at its last complete clause, or None.

    The kept part must have balanced quotes and brackets, at least eight words, and
    neither start nor end on a clause that depends on what was cut.
    """
    body = CUT_OFF.sub("", sentence)
    for point in reversed(list(_CLOSING_POINT.finditer(body))):
        kept = body[:point.start()].rstrip()
        if _reads_as_closed(kept, lang):
            return finish_sentence(kept, lang)
    return None


def _reads_as_closed(kept: str, lang: str) -> bool:
    """True when the start of a cut-off sentence reads as a whole sentence."""
    words = all_words(kept, lang)
    if len(words) < _MIN_CLOSED_WORDS or not _balanced(kept):
        return False
    language = lang.split("-")[0].lower()
    clauses = _CLOSING_POINT.split(kept)
    if len(clauses) == 1:
        return words[0] not in _DEPENDENT_STARTS.get(language, frozenset())
    last = all_words(clauses[-1], lang)[:1]
    short_opener = len(clauses) == 2 and len(all_words(clauses[0], lang)) <= _SHORT_OPENER
    asides = _DEPENDENT_STARTS if short_opener else _ASIDE_STARTS
    return not (last and last[0] in asides.get(language, frozenset()))


def _balanced(text: str) -> bool:
    """True when every quotation mark and bracket opened in `text` is closed in it."""
    if text.count('"') % 2:
        return False
    return all(text.count(opener) == text.count(closer) for opener, closer in _QUOTES)


def finish_sentence(text: str, lang: str) -> str:
    """The trimmed text as a sentence: first letter capitalised, a full stop at its end."""
    text = text.strip().rstrip(",;:—–，；：、 ")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if _CJK_TEXT.search(text[-1:]) or lang.split("-")[0].lower() in ("zh", "ja"):
        return text if text.endswith(("。", "！", "？")) else text + "。"
    return text if text.endswith((".", "!", "?", ".”", '."', "?”", "!”")) else text + "."


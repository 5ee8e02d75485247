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
_CLOSING_POINT = re.compile(r"\s*(,|;|:|\s-{1,2}\s|-{2,}|—|–|，|；|：)")
_QUOTES = (("“", "”"), ("‘", "’"), ("(", ")"), ("[", "]"), ("（", "）"), ("「", "」"))

# Words that open a clause that cannot stand alone: a closed cut-off starting (or, after
# its last comma, continuing) with one of them would read as a fragment.
_DEPENDENT_OPENERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "although though while when whenever if unless because since as after before until "
        "once whether despite with without amid which who whom whose where and or but nor "
        "including such like than that a an the to of for from by in on at into".split()
    ),
    "nl": frozenset(
        "hoewel terwijl als wanneer indien omdat doordat sinds nadat voordat totdat toen "
        "zodra of ondanks met zonder die dat wat wie waar waarin waarbij en maar noch "
        "inclusief zoals dan de het een te van voor door in op aan".split()
    ),
}


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
    openers = _DEPENDENT_OPENERS.get(lang.split("-")[0].lower(), frozenset())
    if not openers:
        return True
    last_clause = re.split(r"[,;:]", kept)[-1]
    first_of_last = all_words(last_clause, lang)[:1]
    if "," in kept and first_of_last and first_of_last[0] in openers:
        return False
    return not ("," not in kept and words[0] in openers)


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


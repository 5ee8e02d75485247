"""Trim source sentences the way a copy editor does, without rewording them.

A sentence the feed cut off ("...") is closed at its last complete clause: the tail from
a comma, semicolon, colon or dash on is deleted and a full stop put in its place, so the
result is a clean trim (see `clean_trim`) that can be checked against its source. The
rule leaves a sentence out when it is not sure the rest reads as a sentence.

What follows the cut says whether what precedes it is a whole clause. A tail that opens
with a conjunction, a relative pronoun, a subordinator or a participle (", saying he
was...", ", which...", "— prompting...") hangs on a complete clause; a tail that opens
with anything else may be the predicate of a subject still waiting for its verb ("The
United States, the world's second-leading emitter after China, has..."), and cutting
there would leave a fragment. For languages without such a list (other than Chinese and
Japanese, whose comma clauses stand on their own) a cut-off sentence is left out.
"""

from __future__ import annotations

import re

from newsdesk.write.words import ATTRIBUTION_WORDS, all_words

CUT_OFF = re.compile(r"\s*(\.{3,}|…+|。。。)\W*$")

_MIN_CLOSED_WORDS = 8  # a closed cut-off shorter than this is a fragment, not news
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_TEXT = re.compile(f"[{_CJK}]")
# Where a cut-off sentence may be closed: before a comma, semicolon, colon or dash (not
# the comma or colon inside a number: "1,000", "12:50").
_CLOSING_POINT = re.compile(
    r"\s*(?:(?<!\d),|,(?!\d)|;|(?<!\d):|:(?!\d)|\s-{1,2}\s|-{2,}|—|–|，|；|：)"
)
_DASH = re.compile(r"\s*(?:\s-{1,2}\s|-{2,}|—|–)")
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

# Words that open a tail hanging on a complete clause: conjunctions, relative pronouns,
# subordinators and prepositions that open an adjunct. Participles are recognised by
# their ending (`_PARTICIPLE`).
_TAIL_STARTS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "and but or nor so yet while whereas as which who whom whose where when after "
        "before because since although though unless until if even with without including "
        "according amid despite than thus meaning".split()
    ),
    "nl": frozenset(
        "en maar of want dus terwijl als toen omdat doordat nadat voordat sinds hoewel "
        "waardoor waarbij waarna waarin waarmee waarop die dat wat waar zodat zodra met "
        "zonder inclusief volgens ondanks tenzij totdat".split()
    ),
    "de": frozenset(
        "und aber oder denn sondern während als wenn weil da nachdem bevor obwohl damit "
        "sodass der die das dem den deren dessen welche welcher welches wo wobei womit "
        "wodurch worauf laut einschließlich darunter trotz mit ohne wie".split()
    ),
    "fr": frozenset(
        "et mais ou donc car tandis alors lorsque quand parce puisque après avant bien qui "
        "que qu dont où selon avec sans notamment afin ce soit".split()
    ),
    "es": frozenset(
        "y e pero o u pues mientras cuando porque ya aunque después antes que quien quienes "
        "cual cuales cuyo cuya donde según con sin incluido incluida incluidos incluyendo "
        "lo tras para".split()
    ),
}
_PARTICIPLE: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\w{2,}ing$"),
    "fr": re.compile(r"\w{2,}ant$"),
    "es": re.compile(r"\w{2,}(?:ando|iendo|yendo)$"),
    "nl": re.compile(r"\w{2,}end$"),
    "de": re.compile(r"\w{2,}end$"),
}
# After a dash an article may open an appositive to the whole clause ("— a pivotal moment").
_DASH_ASIDE_STARTS: dict[str, frozenset[str]] = {
    "en": frozenset("a an the this that".split()),
    "nl": frozenset("de het een dit dat".split()),
    "de": frozenset("ein eine einen der die das".split()),
    "fr": frozenset("un une le la les ce cette".split()),
    "es": frozenset("un una el la los las este esta".split()),
}
_UNSPACED = ("zh", "ja")


def close_cut_off(sentence: str, lang: str) -> str | None:
    """A sentence the feed cut off ("...") closed at its last complete clause, or None.

    The kept part must have balanced quotes and brackets, at least eight words, and
    neither start nor end on a clause that depends on what was cut.
    """
    body = CUT_OFF.sub("", sentence)
    for point in reversed(list(_CLOSING_POINT.finditer(body))):
        kept = body[:point.start()].rstrip()
        tail = body[point.end():]
        if _hangs_on_a_clause(point.group(), kept, tail, lang) and _reads_as_closed(kept, lang):
            return finish_sentence(kept, lang)
    return None


def _hangs_on_a_clause(mark: str, kept: str, tail: str, lang: str) -> bool:
    """True when `tail`, cut at `mark`, opens a part that hangs on a complete clause."""
    language = lang.split("-")[0].lower()
    if language in _UNSPACED or _CJK_TEXT.match(tail.lstrip()[:1]):
        return True
    starts = _TAIL_STARTS.get(language)
    if starts is None:
        return False
    if mark.strip() == ";":
        return True  # a semicolon joins two clauses that could each stand alone
    if mark.strip() == ":":
        # A colon follows a whole clause, unless it introduces what someone "said:".
        last = all_words(kept, lang)[-1:]
        return not (last and last[0] in ATTRIBUTION_WORDS.get(language, frozenset()))
    words = all_words(tail, lang)[:2]
    if not words:
        return False
    first = words[0]
    participle = _PARTICIPLE.get(language)
    if first in starts or (participle and participle.match(first)):
        return True
    if participle and len(words) == 2 and first.endswith("ly") and participle.match(words[1]):
        return True  # "significantly boosting"
    return bool(_DASH.fullmatch(mark)) and first in _DASH_ASIDE_STARTS.get(language, ())


def _reads_as_closed(kept: str, lang: str) -> bool:
    """True when the start of a cut-off sentence reads as a whole sentence."""
    words = all_words(kept, lang)
    if len(words) < _MIN_CLOSED_WORDS or not _balanced(kept) or not kept[:1].isalnum():
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


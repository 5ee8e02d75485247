"""Sentences of an article's copy: split by language, boilerplate dropped, datelines trimmed.

Every sentence returned is a verbatim substring of the text it came from, so a write-up
built from them can be checked against its source character for character.
"""

from __future__ import annotations

import re

import sentencex

from newsdesk.write.boilerplate import is_boilerplate, trim_dateline, trim_label

CJK_LANGUAGES = frozenset({"zh", "ja"})

# Terminators of a Chinese or Japanese sentence, and the quotes and brackets that enclose
# quoted speech: a terminator inside a quotation does not end the enclosing sentence
# (“我们很高兴！”他说。 is one sentence).
_CJK_TERMINATORS = "。！？!?…"
_CJK_OPENERS = "“‘「『（(《【"
_CJK_CLOSERS = "”’」』）)》】"

# Titles and abbreviations that sentencex splits after in some languages, although a name
# or the rest of the clause follows (Dutch "dhr. Jansen", French "M. Macron").
_EXTRA_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "nl": frozenset({"dhr", "mevr", "mw", "mr", "dr", "drs", "ir", "ing", "prof", "o.a", "bijv",
                     "m.a.w", "d.w.z", "i.p.v", "t.o.v", "e.d", "ca", "jl", "nr", "blz", "zgn"}),
    "fr": frozenset({"M", "MM", "Mme", "Mmes", "Mlle", "Dr", "Pr", "Me", "St", "Ste", "av",
                     "env", "cf", "p.ex"}),
    "de": frozenset({"Hr", "Fr", "Dr", "Prof", "bzw", "ca", "vgl", "usw", "z.B", "u.a", "d.h"}),
    "es": frozenset({"Sr", "Sra", "Srta", "Dr", "Dra", "Ud", "Uds", "aprox", "p.ej"}),
    "en": frozenset({"Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt",
                     "Capt", "Prof", "St", "Jr", "Sr", "vs", "No"}),
}

# The longest quotation kept whole as one sentence, in sentences.
_QUOTED_SENTENCES = 4

# A quote mark after a sentence's end, before the next sentence: `... he said. "` or `“`.
_DANGLING_OPENER = re.compile(r"[.!?…:][\"”’'»]*\s+([\"“‘«]+)\s*$")
# A closing quote the segmenter put at the start of the next sentence, right after the end
# of the one it closes: `... the virus.` + `" "So it is ...`.
_STRAY_CLOSER = re.compile(r"^([\"”’»])(?=\s+\S)")
_TRAILING_WORD = re.compile(r"(\S+)\.\s*$")
# "Sen. Joe Manchin, D-W.Va." and "John F. Kennedy": a single capital and a dot is an initial.
_TRAILING_INITIAL = re.compile(r"(^|[\s(\-])[A-Z]\.\s*$")
# German writes ordinals with a dot ("im 19. Jahrhundert", "des 1. Weltkriegs", "am 3.
# Spieltag"): a number of up to three digits and a dot continue the sentence, unless the
# next word is one that opens German sentences ("... stieg auf 17. Die Polizei ...").
_TRAILING_ORDINAL = re.compile(r"(^|\s)\d{1,3}\.\s*$")
_GERMAN_NUMBER_OPENING = re.compile(r"\b([^\W\d_]{2,})[.!?](?=\s+\d)")
_GERMAN_NUMBER_ABBREVIATIONS = frozenset(
    "nr ca abs art bd bzw jh kap str tel ziff mio mrd min max std gr vgl zb ff abb tab "
    "bsp jan feb febr mär apr jun jul aug sep sept okt nov dez".split()
)
# sentencex reads "May." before most capitalised words as an abbreviation ("... the death
# of George Floyd last May. Members of his family ..." stays one sentence), but English
# never abbreviates May: the month or the name, its full stop ends the sentence.
_ENGLISH_MAY_ENDING = re.compile(r"\bMay\.(?=\s+[\"“‘(]?[A-Z])")
_GERMAN_SENTENCE_OPENERS = frozenset(
    "der die das den dem des ein eine einer einen er sie es wir ich ihr man dies diese "
    "dieser dieses in im am an auf aus bei mit nach von vor zu zum zur für um über unter "
    "und aber doch denn auch nun so da dann damit daher deshalb trotzdem zudem außerdem "
    "laut wie was wer wo wann warum ob wenn als seit bis noch nur schon jetzt heute "
    "gestern morgen mehr weitere alle viele kein keine nicht".split()
)


def split_sentences(text: str, lang: str | None) -> list[str]:
    """Split copy into sentences, never across a line break.

    Handles Chinese and Japanese (。！？ with quoted speech kept whole) and the
    abbreviations of English, Dutch, German, French and Spanish. Each returned sentence is
    a stripped, verbatim substring of `text`; empty pieces are dropped.
    """
    language = _base_language(lang)
    sentences: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if language in CJK_LANGUAGES or _looks_cjk(line):
            pieces = _split_cjk(line)
        else:
            pieces = _split_alphabetic(line, language)
        sentences.extend(piece.strip() for piece in pieces if piece.strip())
    return sentences


def _base_language(lang: str | None) -> str:
    """The primary language subtag: 'zh-CN' -> 'zh', None -> 'en'."""
    if not lang:
        return "en"
    return lang.replace("_", "-").split("-")[0].lower()


def _looks_cjk(line: str) -> bool:
    """True when a line is mostly Chinese or Japanese script (language unknown or wrong)."""
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    cjk = sum(1 for ch in letters if _is_cjk_char(ch))
    return cjk / len(letters) > 0.5


def _is_cjk_char(ch: str) -> bool:
    """True for CJK ideographs, kana and full-width forms."""
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF)


def _split_cjk(line: str) -> list[str]:
    """Split a Chinese or Japanese line after terminators outside quotation marks."""
    pieces: list[str] = []
    start = 0
    depth = 0
    index = 0
    while index < len(line):
        ch = line[index]
        if ch in _CJK_OPENERS:
            depth += 1
        elif ch in _CJK_CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _CJK_TERMINATORS and depth == 0:
            end = _end_of_terminator_run(line, index)
            pieces.append(line[start:end])
            start = index = end
            continue
        index += 1
    pieces.append(line[start:])
    if depth > 0 and len(pieces) == 1 and any(t in line[:-1] for t in _CJK_TERMINATORS):
        # An unbalanced quotation swallowed the line: split as if there were no quotes.
        return _split_cjk_ignoring_quotes(line)
    return pieces


def _end_of_terminator_run(line: str, index: int) -> int:
    """Index just after a run of terminators and the closing quotes that follow them."""
    end = index
    while end < len(line) and line[end] in _CJK_TERMINATORS:
        end += 1
    while end < len(line) and line[end] in _CJK_CLOSERS:
        end += 1
    return end


def _split_cjk_ignoring_quotes(line: str) -> list[str]:
    """Split after every terminator run (with its closing quotes)."""
    pattern = f"[^{_CJK_TERMINATORS}]*[{_CJK_TERMINATORS}]+[{_CJK_CLOSERS}]*|.+$"
    return re.findall(pattern, line)


def _split_alphabetic(line: str, language: str) -> list[str]:
    """Split with sentencex, then re-join pieces split after an abbreviation."""
    pieces = [piece for piece in sentencex.segment(language, line) if piece.strip()]
    merged: list[str] = []
    for piece in pieces:
        if merged and _continues_sentence(merged[-1], piece, language):
            merged[-1] += piece
        else:
            merged.append(piece)
    if language == "de":
        merged = [part for piece in merged for part in _split_before_numbers(piece)]
    if language == "en":
        merged = [part for piece in merged for part in _split_at(piece, _ENGLISH_MAY_ENDING)]
    return _join_open_quotations(_move_dangling_quotes(_locate_in(line, merged)))


def _split_before_numbers(piece: str) -> list[str]:
    """Split German copy where a sentence opens with a number ("... geboren. 2019 zog er
    ..."): sentencex never splits there, for fear of ordinals. A word of two or more
    letters before the stop, not an abbreviation ("Nr. 5", "ca. 300"), marks a real end."""
    parts: list[str] = []
    start = 0
    for match in _GERMAN_NUMBER_OPENING.finditer(piece):
        if match.group(1).lower() in _GERMAN_NUMBER_ABBREVIATIONS:
            continue
        parts.append(piece[start:match.end(1) + 1])
        start = match.end(1) + 1
    parts.append(piece[start:])
    return [part for part in parts if part.strip()]


def _split_at(piece: str, ending: re.Pattern[str]) -> list[str]:
    """Split `piece` after every match of `ending` (a sentence end the segmenter missed)."""
    parts: list[str] = []
    start = 0
    for match in ending.finditer(piece):
        parts.append(piece[start:match.end()])
        start = match.end()
    parts.append(piece[start:])
    return [part for part in parts if part.strip()]


def _join_open_quotations(pieces: list[str]) -> list[str]:
    """Keep a quotation of several sentences whole, as the Chinese splitter does: a piece
    that opens a double quote and does not close it is joined with the pieces after it up
    to the one that closes it (`“I ran. I just ran for my life,” she said.`), if that
    comes within `_QUOTED_SENTENCES`. An opened quote that does not close by then is left
    as it was (a quotation running on into the next paragraph)."""
    joined: list[str] = []
    index = 0
    while index < len(pieces):
        end = index + 1
        if open_quotes(pieces[index]):
            for last in range(index + 1, min(len(pieces), index + _QUOTED_SENTENCES)):
                if not open_quotes("".join(pieces[index:last + 1])):
                    end = last + 1
                    break
        joined.append("".join(pieces[index:end]))
        index = end
    return joined


def open_quotes(text: str) -> bool:
    """True when `text` opens a double quotation that it does not close (English “…”,
    German „…“, French «…» and straight quotes)."""
    if text.count('"') % 2:
        return True
    if "„" in text:
        return text.count("„") > text.count("“")
    return text.count("“") > text.count("”") or text.count("«") > text.count("»")


def _move_dangling_quotes(pieces: list[str]) -> list[str]:
    """Give an opening quote that the segmenter left at the end of a sentence (`He said. "`)
    to the sentence it opens, and a closing quote left at the start of a sentence right
    after the end of the one it closes (`" "So it is ...`) back to it. The pieces still
    join up to the same text."""
    moved = list(pieces)
    for i in range(len(moved) - 1):
        dangling = _DANGLING_OPENER.search(moved[i])
        if dangling:
            moved[i], moved[i + 1] = moved[i][:dangling.start(1)], dangling.group(1) + moved[i + 1]
        stray = _STRAY_CLOSER.match(moved[i + 1])
        if stray and moved[i].strip():
            moved[i], moved[i + 1] = moved[i] + stray.group(1), moved[i + 1][stray.end(1):]
    return [piece for piece in moved if piece.strip()]


def _continues_sentence(previous: str, piece: str, language: str) -> bool:
    """True when `piece` is the rest of `previous`, wrongly split after an abbreviation."""
    first = piece.lstrip()[:1]
    if (first.isalpha() and first.islower()) or first in ",;:)":
        return True
    if _TRAILING_INITIAL.search(previous):
        return True
    if language == "de" and _TRAILING_ORDINAL.search(previous):
        following = piece.split(None, 1)[:1]
        return bool(following) and following[0].strip("„“\"(").lower() not in (
            _GERMAN_SENTENCE_OPENERS)
    match = _TRAILING_WORD.search(previous)
    if not match:
        return False
    word = match.group(1).lstrip("(\"'“‘")
    abbreviations = _EXTRA_ABBREVIATIONS.get(language, frozenset())
    return word in abbreviations or word.lower() in abbreviations


def _locate_in(line: str, pieces: list[str]) -> list[str]:
    """Map segmenter output back onto `line` so each piece is an exact substring of it."""
    located: list[str] = []
    cursor = 0
    for piece in pieces:
        core = piece.strip()
        found = line.find(core, cursor)
        if found < 0:
            # The segmenter altered the text; fall back to the rest of the line, whole.
            located.append(line[cursor:])
            return located
        located.append(line[cursor:found + len(core)])
        cursor = found + len(core)
    if line[cursor:].strip():
        located.append(line[cursor:])
    return located


def article_sentences(text: str, lang: str | None) -> list[str]:
    """The sentences of an article worth quoting: split, datelines and section labels
    trimmed, boilerplate (calls to action, bylines, credits) dropped. Each is a verbatim
    substring of `text`."""
    sentences = (trim_label(trim_dateline(sentence))
                 for sentence in split_sentences(text, lang))
    return [sentence for sentence in sentences if not is_boilerplate(sentence)]

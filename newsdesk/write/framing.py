"""Our own words around a source's: who argues an opinion, and which day a report is from.

A write-up copies its sentences verbatim; only three templates of the desk's own frame them.
An opinion is always put in its outlet's mouth (`National Review argues: “…”`), a report
whose figures other sources contradict is put in its outlet's (`Reuters reports: “…”`),
and a report from an earlier day of a story that runs over several is marked with its day
("On Monday, the Senate blocked ..."). `source_words` takes the frame off again, so a
checker can find the quoted part in the article it cites.
"""

from __future__ import annotations

import re
from datetime import date

from newsdesk.write.opinion import outlet_credit
from newsdesk.write.words import function_words

FUNCTION_WORDS_EN = function_words("en")

_ARGUES = re.compile(r"^[^“\"]{1,120}? (?:argues(?: in [^“\"]{1,80})?|reports): “(?P<quote>.*)”$",
                     re.DOTALL)
_ON_DAY = re.compile(r"^On (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                     r"[A-Z][a-z]+ \d{1,2}), (?P<rest>.*)$", re.DOTALL)
_LOWERED_OPENERS = frozenset(
    "The A An In On At After Before During Following For From Over Under With Without "
    "Some Many Several Most Officials Lawmakers".split())
"""First words that read lower-case after "On Monday, " (a name keeps its capital)."""


def attribute_opinion(text: str, outlet: str, author: str | None = None) -> str:
    """An opinion sentence in our attribution template, the quotation verbatim:
    `National Review argues: “…”`, or with a known author
    `Jane Doe argues in National Review: “…”`."""
    credit = outlet_credit(outlet)
    speaker = f"{author} argues in {credit}" if author else f"{credit} argues"
    return f"{speaker}: “{text}”"


def attribute_report(text: str, outlet: str) -> str:
    """A report whose figures other sources contradict, as its outlet's word, the
    quotation verbatim: `Reuters reports: “…”`."""
    return f"{outlet_credit(outlet)} reports: “{text}”"


def on_day(text: str, day: date, latest: date) -> str:
    """A report from an earlier `day` than the story's `latest`, marked with its day:
    "On Monday, ..." within a week, "On March 3, ..." beyond; a sentence that names a day
    of the week itself ("... told Al-Jazeera on Sunday") is left as it is. A first word
    that is not a name ("The", "A", "Fully", ...) is lower-cased; nothing else changes."""
    if _WEEKDAY.search(text):
        return text
    when = day.strftime("%A") if 0 < (latest - day).days < 7 else f"{day:%B} {day.day}"
    first, _, rest = text.partition(" ")
    if rest and _reads_lower(first):
        text = f"{first.lower()} {rest}"
    return f"On {when}, {text}"


_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_ADVERB = re.compile(r"[A-Z][a-z]+(?:ally|ully|ently|antly|ously|ively|ately|edly)"
                     r"|Fully|Newly|Only|Nearly|Mostly|Largely|Partly|Roughly|Already")


def _reads_lower(word: str) -> bool:
    """True for a sentence's first word that is not a name: an article, a preposition, a
    function word or an adverb ("Fully", "Initially")."""
    if word in _LOWERED_OPENERS:
        return True
    title_case = len(word) > 1 and word[0].isupper() and word[1:].rstrip(",;:").islower()
    bare = word.rstrip(",;:")
    return title_case and (bare.lower() in FUNCTION_WORDS_EN or bool(_ADVERB.fullmatch(bare)))


def source_words(text: str) -> list[str]:
    """The source's own words in a write-up sentence, the desk's frame taken off: the
    sentence itself, or the quotation of an opinion or of a disputed report, or the report
    after "On Monday, ",
    each way its first letter may have been written."""
    argued = _ARGUES.match(text)
    if argued:
        return [argued.group("quote")]
    dated = _ON_DAY.match(text)
    if dated:
        rest = dated.group("rest")
        return [rest, rest[:1].upper() + rest[1:]]
    return [text]

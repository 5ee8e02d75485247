"""Tell an outlet's opinion from its reporting.

A roundup states the news in the outlets' words, but an argument only as theirs: "It is
difficult to see how the Court could rule ..." copied from a column reads as the desk's own
view. An article is opinion (or analysis) when its URL sits in such a section
(/opinion/, /commentary/, /op-ed/, /editorial/, /analysis/, /ideas/, /columnists/ ...),
its outlet or title says so ("New York Post (Opinion)", "Editorial: ..."), its outlet is a
person (a columnist credited by name), one of its feed categories says so, or its writer
speaks in the first person in much of its copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REPORT, OPINION = "report", "opinion"
"""The kinds of copy a write-up sentence can come from."""

OPINION_TYPES = frozenset(("OpinionNewsArticle", "AnalysisNewsArticle", "ReviewNewsArticle",
                           "SatiricalArticle"))
"""schema.org article types of a page that argues or interprets rather than reports."""

VOICED_SHARE = 0.25
"""Share of an article's sentences in the writer's own first or second person (outside
quotations) from which it is a personal piece, whatever its section. Read on allsides-dev:
news reports stay under it, columns without a section in their URL go over it."""

_VOICED_MIN = 3  # sentences: one "we" in a short excerpt is not a column

_SECTION = re.compile(
    r"/(opinions?|commentary|commentisfree|op-?eds?|editorials?|analysis|news-analysis|columns?|"
    r"columnists?|ideas|perspectives?|viewpoints?|letters)(/|$)", re.IGNORECASE)
_LABELLED = re.compile(
    r"\b(opinion|op-?ed|editorial|commentary|analysis|column|columnist|guest writer|"
    r"viewpoint|perspective)s?\b", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(opinion|editorial|commentary|analysis|op-?ed|column)\s*[:|\-–—]|"
    r"[|\-–—]\s*(opinion|editorial|commentary|op-?ed)\s*$", re.IGNORECASE)
_NEWS_LABEL = re.compile(r"\((news|report)\)", re.IGNORECASE)
# An outlet credited by a person's name ("David Harsanyi", "Katrina vanden Heuvel"): a
# columnist or a personal newsletter, not a newsroom. Two to four capitalised words (name
# particles aside), none of them a word newsrooms name themselves with.
_NAME_WORD = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PERSON = re.compile(rf"{_NAME_WORD}(?:\s+(?:[A-Z]\.|van|vanden|von|de|del|der|da|le|la|"
                     rf"{_NAME_WORD})){{1,3}}")
_NEWSROOM_WORDS = frozenset(
    "the al agence presse agency news times post journal daily review press herald tribune "
    "monitor mail business week weekly one center research report nation beacon examiner "
    "caller signal wire "
    "federalist network insider magazine radio online media free bay office today channel "
    "gazette star sun chronicle observer standard telegraph express guardian independent "
    "mirror record register republic courier dispatch bulletin digest street world "
    "international global america american public service agency foundation institute "
    "university council group club live tv hour morning evening".split())
_OUTLET_LABEL = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$|\s+[-–—|]\s+[^-–—|]+$")


def kind_of(url: str, outlet: str, title: str | None, categories: Sequence[str] = (),
            voiced: int = 0, sentences: int = 0, *, types: Sequence[str] = ()) -> str:
    """`OPINION` or `REPORT` for one article: its page's schema.org `types` first (what
    the page says it is), then its URL section, its outlet's or title's label, its feed
    categories (and page section), then its voice (`voiced` of its `sentences` in the
    writer's own first or second person). An outlet marked "(News)" is a report unless
    its page says otherwise."""
    if any(kind in OPINION_TYPES for kind in types):
        return OPINION
    if _NEWS_LABEL.search(outlet):
        return REPORT
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.IGNORECASE)
    if _SECTION.search(path.split("?")[0]):
        return OPINION
    if _LABELLED.search(outlet) or _TITLE_LABEL.search(title or "") or is_person(outlet, url):
        return OPINION
    if any(_LABELLED.search(category) for category in categories):
        return OPINION
    if sentences and voiced >= _VOICED_MIN and voiced / sentences >= VOICED_SHARE:
        return OPINION
    return REPORT


def is_person(outlet: str, url: str) -> bool:
    """True when an outlet is credited by a person's name, not a newsroom's: a name of two
    to four capitalised words, no newsroom word among them, and none of its words in the
    host of the article's URL ("Le Monde" on lemonde.fr is a newsroom, "David Harsanyi"
    on nationalreview.com a columnist)."""
    name = outlet.strip()
    words = [word.lower() for word in re.split(r"[\s-]+", name)]
    host = re.sub(r"^[a-z]+://|/.*$", "", (url or "").lower())
    return (bool(_PERSON.fullmatch(name)) and not any(w in _NEWSROOM_WORDS for w in words)
            and not any(len(w) >= 4 and w in host for w in words))


def person_name(author: str | None) -> str | None:
    """An article's author as our attribution may name them: a person's name ("By Jane
    Doe" -> "Jane Doe"); None for a newsroom credit ("Reuters Staff"), an e-mail address
    or anything else that is not a name."""
    name = re.sub(r"^\s*by\s+", "", author or "", flags=re.IGNORECASE).strip()
    words = [word.lower() for word in re.split(r"[\s-]+", name)]
    if not _PERSON.fullmatch(name) or any(w in _NEWSROOM_WORDS or w == "staff" for w in words):
        return None
    return name


def outlet_credit(outlet: str) -> str:
    """The outlet's name as a roundup credits it: without a label in brackets or after a
    dash ("New York Post (Opinion)" -> "New York Post", "Guest Writer - Left" -> "Guest
    Writer")."""
    return _OUTLET_LABEL.sub("", outlet).strip() or outlet.strip()


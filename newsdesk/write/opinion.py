"""Tell an outlet's opinion from its reporting.

A roundup states the news in the outlets' words, but an argument only as theirs: "It is
difficult to see how the Court could rule ..." copied from a column reads as the desk's own
view. An article is opinion (or analysis) when its URL sits in such a section
(/opinion/, /commentary/, /op-ed/, /editorial/, /analysis/, /ideas/, /columnists/ ...),
its outlet or title says so ("New York Post (Opinion)", "Editorial: ..."), one of its feed
categories does, or its writer speaks in the first person in much of its copy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REPORT, OPINION = "report", "opinion"
"""The kinds of copy a write-up sentence can come from."""

VOICED_SHARE = 0.25
"""Share of an article's sentences in the writer's own first or second person (outside
quotations) from which it is a personal piece, whatever its section. Read on allsides-dev:
news reports stay under it, columns without a section in their URL go over it."""

_VOICED_MIN = 3  # sentences: one "we" in a short excerpt is not a column

_SECTION = re.compile(
    r"/(opinions?|commentary|op-?eds?|editorials?|analysis|news-analysis|columns?|"
    r"columnists?|ideas|perspectives?|viewpoints?|letters)(/|$)", re.IGNORECASE)
_LABELLED = re.compile(
    r"\b(opinion|op-?ed|editorial|commentary|analysis|column|columnist|guest writer|"
    r"viewpoint|perspective)s?\b", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(opinion|editorial|commentary|analysis|op-?ed|column)\s*[:|\-–—]|"
    r"[|\-–—]\s*(opinion|editorial|commentary|op-?ed)\s*$", re.IGNORECASE)
_NEWS_LABEL = re.compile(r"\((news|report)\)", re.IGNORECASE)
_OUTLET_LABEL = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$|\s+[-–—|]\s+(opinion|editorial|"
                           r"commentary|analysis)\s*$", re.IGNORECASE)


def kind_of(url: str, outlet: str, title: str | None, categories: Sequence[str] = (),
            voiced: int = 0, sentences: int = 0) -> str:
    """`OPINION` or `REPORT` for one article: its URL section, its outlet's or title's
    label, its feed categories, then its voice (`voiced` of its `sentences` in the writer's
    own first or second person). An outlet marked "(News)" is a report."""
    if _NEWS_LABEL.search(outlet):
        return REPORT
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "", flags=re.IGNORECASE)
    if _SECTION.search(path.split("?")[0]):
        return OPINION
    if _LABELLED.search(outlet) or _TITLE_LABEL.search(title or ""):
        return OPINION
    if any(_LABELLED.search(category) for category in categories):
        return OPINION
    if sentences and voiced >= _VOICED_MIN and voiced / sentences >= VOICED_SHARE:
        return OPINION
    return REPORT


def outlet_credit(outlet: str) -> str:
    """The outlet's name as a roundup credits it: without a section label in brackets or
    after a dash ("New York Post (Opinion)" -> "New York Post")."""
    return _OUTLET_LABEL.sub("", outlet).strip() or outlet.strip()


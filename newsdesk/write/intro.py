"""An edition's intro: what it covers, from how many outlets, and which stories lead.

Made from the edition's final layout, so it is made again whenever the editor changes the
layout (drops, moves or retitles a story); an intro the editor wrote is theirs and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsdesk.write.edition import Edition, StoryWriteUp

INTRO_LEADS = 5  # the intro names at most this many leads, then says how many more
INTRO_HEADLINE_CHARS = 90  # a lead's headline longer than this is cut at a word


def write_intro(desk_title: str, leads: Sequence[StoryWriteUp],
                also: Sequence[StoryWriteUp]) -> str:
    """A short factual intro: the count of stories, outlets and languages, then the leads'
    headlines (at most `INTRO_LEADS`, each shortened); "Also" items are not listed."""
    if not leads and not also:
        return "No stories met the bar for this edition."
    stories = [*leads, *also]
    outlets = {o for story in stories for o in story.outlets}
    languages = {lang for story in stories for lang in story.languages}
    parts = [_count(len(stories), "story", "stories"), "from",
             _count(len(outlets), "outlet", "outlets")]
    if len(languages) > 1:
        parts.append(f"in {len(languages)} languages")
    intro = f"This edition of {desk_title} brings " + " ".join(parts) + "."
    if leads:
        named = [_short(up.headline) for up in leads[:INTRO_LEADS]]
        more = len(leads) - len(named)
        intro += " Leading: " + "; ".join(named) + (f"; and {more} more" if more else "") + "."
    return intro


def intro_after_edit(current: Edition, edited: Edition) -> Edition:
    """The edited edition with its intro made again from its layout, unless the editor
    rewrote the intro (then it is theirs and kept as written)."""
    if edited.intro.strip() != current.intro.strip():
        return edited
    return replace(edited, intro=write_intro(edited.desk_title, edited.leads, edited.also))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _short(headline: str) -> str:
    """A headline for the intro: one line, cut at a word with an ellipsis when long."""
    text = " ".join(headline.split()).rstrip(".")
    if len(text) <= INTRO_HEADLINE_CHARS:
        return text
    cut = text[:INTRO_HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"

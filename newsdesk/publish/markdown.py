"""Render an edition as Markdown: for pasting into a CMS, a newsletter tool or a repository.

Every piece of text from feeds is escaped so that it reads literally: a title such as
``<script>`` or ``[click](javascript:...)`` can neither inject HTML nor make a link.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsdesk.output_files import write_atomic
from newsdesk.publish.presentation import (
    also_detail,
    citation_link,
    edition_dateline,
    language_tag,
    language_words,
    one_liner_citation,
    one_liner_link,
    wording_note,
)
from newsdesk.publish.sanitize import plain_text
from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp

ALSO_HEADING = "Also worth your attention"
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
_LINE_START_SPECIAL = re.compile(r"^(\s*\d*)([-+=:>.)])")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22",
               "`": "%60", "\\": "\\\\", "&": "\\&"}
"""How a link destination carries what CommonMark would read in it: a space or a parenthesis
would end it and a backtick could open a code span (percent-encoded), a backslash would
escape the next character and `&` start an entity (backslash-escaped, so the href keeps them
as they are); controls and non-ASCII spaces are percent-encoded too."""


def render_markdown(edition: Edition) -> str:
    """Return the edition as CommonMark: title, dateline, intro, leads, the list, credits."""
    blocks = [f"# {escape_markdown(edition.title)}",
              f"*{escape_markdown(edition_dateline(edition))}*"]
    if edition.intro.strip():
        blocks.append(escape_markdown(edition.intro))
    if edition.is_empty:
        blocks.append("No stories met the bar for this edition.")
    blocks.extend(_render_lead(story, edition) for story in edition.leads)
    if edition.also:
        items = "\n".join(_render_also_item(story, edition) for story in edition.also)
        blocks.append(f"## {ALSO_HEADING}\n\n{items}")
    if edition.credits:
        credits = ", ".join(escape_markdown(outlet) for outlet in edition.credits)
        blocks.append(f"---\n\nCredits: {credits}.")
    return "\n\n".join(blocks) + "\n"


def write_markdown(edition: Edition, path: Path) -> Path:
    """Write the edition's Markdown to ``path`` atomically and return the path."""
    write_atomic(path, render_markdown(edition).encode("utf-8"))
    return path


def escape_markdown(text: str | None) -> str:
    """Escape ``text`` so that Markdown renders it literally, on a single line."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", plain_text(text))
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def markdown_link(text: str, url: str | None) -> str:
    """A Markdown link with escaped text, or the escaped text alone when the URL is unsafe."""
    label = escape_markdown(text)
    if url is None:
        return label
    return f"[{label}]({''.join(_url_character(ch) for ch in url)})"


def _url_character(ch: str) -> str:
    """One character of a link destination, percent-encoded when Markdown would read it."""
    if ch in _URL_UNSAFE:
        return _URL_UNSAFE[ch]
    if ch.isspace() or not ch.isprintable():
        return "".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))
    return ch


def _render_lead(story: StoryWriteUp, edition: Edition) -> str:
    """A lead story: headline, attributed paragraphs, and its sources."""
    tag = language_tag(story, edition)
    heading = f"### {escape_markdown(story.headline)}"
    if tag:
        heading += f" \\[{escape_markdown(tag)}\\]"
    paragraphs = [" ".join(_render_sentence(s) for s in paragraph)
                  for paragraph in story.paragraphs if paragraph]
    sources = "\n".join(f"- {_render_source(c)}" for c in story.sources)
    parts = [heading, *paragraphs]
    if paragraphs and (note := wording_note(story)):
        parts.append(f"*{escape_markdown(note)}*")
    if sources:
        parts.append(f"Sources:\n\n{sources}")
    return "\n\n".join(parts)


def _render_sentence(sentence: Sentence) -> str:
    """A sentence followed by its linked outlet, e.g. ``Text. ([TechNode](url))``."""
    outlet = markdown_link(sentence.citation.outlet, citation_link(sentence.citation))
    return f"{escape_markdown(sentence.text)} ({outlet})"


def _render_source(citation: Citation) -> str:
    """One source line: outlet, then the linked article title."""
    title = citation.title or citation.url
    return f"{escape_markdown(citation.outlet)}: {markdown_link(title, citation_link(citation))}"


def _render_also_item(story: StoryWriteUp, edition: Edition) -> str:
    """One 'Also worth your attention' line: its headline (linked), what the one-liner
    adds, the outlet and, for a headline in another language, which one."""
    tag = language_tag(story, edition)
    text = "**" + markdown_link(plain_text(story.headline), one_liner_link(story)) + "**"
    detail = also_detail(story)
    if detail:
        text += f": {escape_markdown(detail)}"
    citation, words = one_liner_citation(story), language_words(story, edition)
    credit = [citation.outlet] if citation else []
    credit += [words] if words else []
    outlet = f" ({escape_markdown(', '.join(credit))})" if credit else ""
    prefix = f"\\[{escape_markdown(tag)}\\] " if tag else ""
    note = wording_note(story)
    suffix = f" *{escape_markdown(note)}*" if note else ""
    return f"- {prefix}{text}{outlet}{suffix}"

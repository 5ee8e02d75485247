"""The two bodies of the e-mail edition: plain text with numbered references, and HTML."""

from __future__ import annotations

import textwrap

from newsdesk.publish.pages import render_edition_fragment, render_page
from newsdesk.publish.presentation import (
    also_detail,
    citation_link,
    edition_dateline,
    language_tag,
    language_words,
    one_liner_link,
    wording_note,
)
from newsdesk.publish.sanitize import is_web_url, plain_text
from newsdesk.write.edition import Edition, StoryWriteUp

_WIDTH = 72


class _References:
    """Numbered links, footnote style: each distinct URL gets one number."""

    def __init__(self) -> None:
        self.urls: dict[str, int] = {}

    def mark(self, url: str | None) -> str:
        """The ``[n]`` marker for ``url`` (empty when there is no safe URL)."""
        if url is None:
            return ""
        number = self.urls.setdefault(url, len(self.urls) + 1)
        return f" [{number}]"

    def render(self) -> str:
        """The reference list, one ``[n] url`` per line."""
        return "\n".join(f"[{n}] {url}" for url, n in self.urls.items())


def render_plain_letter(edition: Edition, unsubscribe: str | None,
                        view_url: str | None = None) -> str:
    """The edition as wrapped plain text; every sentence ends with its outlet and ``[n]``.

    ``view_url``, the edition's page on the site, is given first ("View in browser")."""
    refs = _References()
    title = plain_text(edition.title)
    blocks = [f"View in browser: {view_url}"] if view_url else []
    blocks += [title, "=" * min(len(title), _WIDTH), plain_text(edition_dateline(edition))]
    if plain_text(edition.intro):
        blocks.append(_wrap(plain_text(edition.intro)))
    if edition.is_empty:
        blocks.append("No stories met the bar for this edition.")
    blocks.extend(_plain_lead(story, edition, refs) for story in edition.leads)
    if edition.also:
        items = [_plain_also_item(story, edition, refs) for story in edition.also]
        blocks.append("Also worth your attention\n-------------------------\n\n" + "\n".join(items))
    if edition.credits:
        blocks.append(_wrap("Credits: " + ", ".join(plain_text(o) for o in edition.credits) + "."))
    if refs.urls:
        blocks.append("Links\n-----\n\n" + refs.render())
    if unsubscribe:
        blocks.append(f"Unsubscribe: {plain_text(unsubscribe)}")
    return "\n\n".join(blocks) + "\n"


def render_html_letter(edition: Edition, unsubscribe: str | None, view_url: str | None = None,
                       *, site_url: str | None = None) -> str:
    """The edition as a complete HTML e-mail: sanitised body inside our own simple layout.

    Relative links resolve against ``site_url``; ``view_url`` adds "View in browser"."""
    return render_page(
        "letter.html",
        lang=plain_text(edition.language) or "en",
        title=plain_text(edition.title),
        desk_title=plain_text(edition.desk_title),
        body=render_edition_fragment(edition, base_url=site_url),
        unsubscribe=_unsubscribe_href(unsubscribe),
        view_url=view_url,
    )


def _plain_lead(story: StoryWriteUp, edition: Edition, refs: _References) -> str:
    """A lead story in plain text."""
    tag = language_tag(story, edition)
    headline = plain_text(story.headline) + (f" [{tag}]" if tag else "")
    parts = [f"{headline}\n{'-' * min(len(headline), _WIDTH)}"]
    for paragraph in story.paragraphs:
        sentences = [f"{plain_text(s.text)} ({plain_text(s.citation.outlet)}"
                     f"{refs.mark(citation_link(s.citation))})" for s in paragraph]
        if sentences:
            parts.append(_wrap(" ".join(sentences)))
    if story.paragraphs and (note := wording_note(story)):
        parts.append(_wrap(note))
    sources = [f"- {plain_text(c.outlet)}: {plain_text(c.title or c.url)}"
               f"{refs.mark(citation_link(c))}" for c in story.sources]
    if sources:
        parts.append("Sources:\n" + "\n".join(sources))
    return "\n\n".join(parts)


def _plain_also_item(story: StoryWriteUp, edition: Edition, refs: _References) -> str:
    """One 'Also worth your attention' line in plain text."""
    tag = language_tag(story, edition)
    prefix = f"[{tag}] " if tag else ""
    note = wording_note(story)
    detail = also_detail(story)
    words = language_words(story, edition)
    line = (f"{prefix}{plain_text(story.headline)}{refs.mark(one_liner_link(story))}"
            + (f": {detail}" if detail else "") + (f" ({words})" if words else "")
            + (f" ({note})" if note else ""))
    return textwrap.fill(line, _WIDTH, initial_indent="- ", subsequent_indent="  ")


def _wrap(text: str) -> str:
    """Wrap a paragraph for plain-text mail readers."""
    return textwrap.fill(text, _WIDTH, break_long_words=False, break_on_hyphens=False)


def _unsubscribe_href(unsubscribe: str | None) -> str | None:
    """A link for the footer: the https URL, or the address as a mailto: link."""
    if not unsubscribe:
        return None
    if is_web_url(unsubscribe):
        return unsubscribe
    return "mailto:" + plain_text(unsubscribe).removeprefix("mailto:")

"""How every output presents an edition: dates, language tags, which links may be shown."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.publish.sanitize import is_web_url, plain_text
from newsdesk.text.language_codes import language_name
from newsdesk.write.edition import Citation, Edition, StoryWriteUp


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def edition_moment(edition: Edition) -> datetime:
    """When the edition appeared: its publication time, else its creation time (UTC)."""
    return as_utc(edition.published_at or edition.created_at)


def format_day(moment: datetime) -> str:
    """A day as readers write it, e.g. ``12 March 2025``."""
    return f"{moment.day} {moment:%B %Y}"


def edition_dateline(edition: Edition) -> str:
    """The edition's date and the window of news it covers, e.g. ``12 March 2025 · ...``.

    The date is the window's end, as the edition's id and title are: an edition of a past
    week (`roundup --until`) is dated by that week, whenever it was made or published."""
    start, end = as_utc(edition.window_start), as_utc(edition.window_end)
    return f"{format_day(end)} · news from {format_day(start)} to {format_day(end)}"


def language_tag(story: StoryWriteUp, edition: Edition) -> str | None:
    """The headline's language code when it differs from the edition's, else None."""
    language = plain_text(story.headline_language)
    if language and language.casefold() != edition.language.casefold():
        return language
    return None


def language_words(story: StoryWriteUp, edition: Edition) -> str | None:
    """The headline's language in words ("in Chinese") when it differs from the edition's:
    an item left in its original language says so, as the China Roundup marks such links."""
    tag = language_tag(story, edition)
    return f"in {language_name(tag)}" if tag else None


def also_detail(story: StoryWriteUp) -> str | None:
    """What an "Also" item says after its headline: its one-liner, unless that only
    repeats the headline."""
    line = plain_text(story.one_liner.text) if story.one_liner else ""
    if not line or line.rstrip(".").casefold() == plain_text(story.headline).rstrip(".").casefold():
        return None
    return line


def citation_link(citation: Citation) -> str | None:
    """The citation's URL if it is safe to link (absolute http/https), else None."""
    return citation.url if is_web_url(citation.url) else None


def story_link(story: StoryWriteUp) -> str | None:
    """Where a story's headline or one-liner points: its headline URL or first source."""
    for url in [story.headline_url, *(c.url for c in story.sources)]:
        if is_web_url(url):
            return url
    return None


def one_liner_link(story: StoryWriteUp) -> str | None:
    """Where a one-liner points: the article it was taken from, else the story's link."""
    citation = one_liner_citation(story)
    return (citation_link(citation) if citation else None) or story_link(story)


def one_liner_citation(story: StoryWriteUp) -> Citation | None:
    """The source credited for the one-liner: its own citation, else the first source."""
    if story.one_liner:
        return story.one_liner.citation
    return story.sources[0] if story.sources else None


def wording_note(story: StoryWriteUp) -> str | None:
    """Readers are told when a language model worded a story's sentences (and which), so
    they know the words are not the outlets' own; None when every sentence is quoted."""
    sentences = [s for paragraph in story.paragraphs for s in paragraph]
    if not sentences and story.one_liner:
        sentences = [story.one_liner]
    models = sorted({s.written_by for s in sentences if s.written_by})
    if not models:
        return None
    return f"Worded by {', '.join(models)} from the sources each sentence cites."

"""The Jinja2 templates that turn editions into HTML, with autoescaping always on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from newsdesk.publish.paths import unique_slugs
from newsdesk.publish.presentation import (
    also_detail,
    as_utc,
    citation_link,
    edition_dateline,
    edition_moment,
    format_day,
    language_tag,
    language_words,
    one_liner_citation,
    one_liner_link,
    story_link,
    wording_note,
)
from newsdesk.publish.sanitize import plain_text, sanitize_html
from newsdesk.write.edition import Edition, StoryWriteUp


@dataclass(frozen=True)
class StoryPage:
    """A story of an edition and the file name of its page (``<slug>.html``)."""

    story: StoryWriteUp
    slug: str


@dataclass(frozen=True)
class EditionPage:
    """An edition, the folder of its pages (``editions/<slug>/``) and its stories' pages."""

    edition: Edition
    slug: str
    leads: list[StoryPage]
    also: list[StoryPage]

    @property
    def stories(self) -> list[StoryPage]:
        """Lead stories then list items."""
        return self.leads + self.also


def plan_pages(editions: list[Edition]) -> list[EditionPage]:
    """Give every edition and story a unique, safe slug; editions keep the given order."""
    pages = []
    for edition, slug in zip(editions, unique_slugs([e.id for e in editions], fallback="edition"),
                             strict=True):
        stories = edition.leads + edition.also
        story_slugs = unique_slugs([s.story_id for s in stories], fallback="story")
        items = [StoryPage(story, s) for story, s in zip(stories, story_slugs, strict=True)]
        n = len(edition.leads)
        pages.append(EditionPage(edition, slug, items[:n], items[n:]))
    return pages


@cache
def template_environment() -> Environment:
    """The shared Jinja2 environment: package templates, autoescape on, strict variables."""
    env = Environment(
        loader=PackageLoader("newsdesk.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text"] = plain_text
    env.globals.update(
        citation_link=citation_link,
        dateline=edition_dateline,
        day=lambda moment: format_day(as_utc(moment)),
        iso_day=lambda moment: f"{as_utc(moment):%Y-%m-%d}",
        also_detail=also_detail,
        language_tag=language_tag,
        language_words=language_words,
        one_liner_citation=one_liner_citation,
        wording_note=wording_note,
        one_liner_link=one_liner_link,
        story_languages=story_languages,
        story_link=story_link,
    )
    return env


def render_page(template: str, **context: Any) -> str:
    """Render one of the package templates with ``context``."""
    return template_environment().get_template(template).render(**context)


def render_edition_fragment(edition: Edition, *, base_url: str | None = None) -> str:
    """The edition as a sanitised HTML fragment (no page chrome), for feeds and e-mail."""
    html = render_page("fragment.html", edition=edition, page_lang=edition.language)
    return sanitize_html(html, base_url=base_url)


def story_languages(story: StoryWriteUp) -> list[str]:
    """Every language of the story: its own list plus those of its sources, in order."""
    codes = [*story.languages, *(c.language for c in story.sources if c.language)]
    return list(dict.fromkeys(plain_text(code) for code in codes if plain_text(code)))


def newest_first(editions: list[Edition]) -> list[Edition]:
    """Editions ordered newest first by publication (else creation) time."""
    return sorted(editions, key=edition_moment, reverse=True)

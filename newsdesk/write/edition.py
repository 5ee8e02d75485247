"""What the write and compose stages hand to publishers: attributed write-ups and editions.

Plain data, no behaviour: publishers render these, writers produce them, the store keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Citation:
    """One source article a statement comes from."""

    url: str
    outlet: str
    title: str | None = None
    language: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a write-up, taken from (and linked to) one source article.
    `written_by` names the model whose wording it is (None: the source's own words);
    `kind` is what the source is: "report" or "opinion" (then the text names who argues)."""

    text: str
    citation: Citation
    written_by: str | None = None
    kind: str = "report"


@dataclass
class StoryWriteUp:
    """A story written up for an edition: headline, paragraphs of attributed sentences."""

    story_id: str
    headline: str
    paragraphs: list[list[Sentence]]
    one_liner: Sentence | None
    sources: list[Citation]
    languages: list[str] = field(default_factory=list)
    headline_language: str | None = None
    headline_url: str | None = None
    is_update: bool = False
    folded: list[str] = field(default_factory=list)  # ids of stories folded into this item

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets of the sources, in first-cited order."""
        return list(dict.fromkeys(c.outlet for c in self.sources))

    @property
    def sentences(self) -> list[Sentence]:
        """The write-up's sentences in reading order; a one-line item's one line."""
        body = [s for paragraph in self.paragraphs for s in paragraph]
        return body or ([self.one_liner] if self.one_liner else [])

    @property
    def summary(self) -> str:
        """The write-up as plain text: its sentences, paragraphs apart by a blank line."""
        paragraphs = [" ".join(s.text for s in p) for p in self.paragraphs if p]
        if not paragraphs and self.one_liner:
            paragraphs = [self.one_liner.text]
        return "\n\n".join(paragraphs)


@dataclass
class Edition:
    """One roundup of a desk: lead stories, the 'Also worth your attention' list, credits."""

    id: str
    desk: str
    desk_title: str
    title: str
    created_at: datetime
    window_start: datetime
    window_end: datetime
    intro: str
    leads: list[StoryWriteUp]
    also: list[StoryWriteUp]
    status: str = "draft"
    version: int = 1
    published_at: datetime | None = None
    language: str = "en"

    @property
    def credits(self) -> list[str]:
        """Every outlet used anywhere in the edition, sorted case-insensitively."""
        outlets = {o for story in self.leads + self.also for o in story.outlets}
        return sorted(outlets, key=str.casefold)

    @property
    def is_empty(self) -> bool:
        """True when no story met the bar for this edition."""
        return not self.leads and not self.also

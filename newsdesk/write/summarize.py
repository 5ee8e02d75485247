"""Write a story up from its source articles: the `Writer` contract and the extractive writer.

The extractive writer is the default: no network and no model, every sentence copied
verbatim from a source and linked to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from newsdesk.errors import NewsdeskError
from newsdesk.text.embed import Embedder
from newsdesk.write.edition import Sentence, StoryWriteUp
from newsdesk.write.headline import choose_headline, clean_title, trim_title
from newsdesk.write.restate import Restatements, default_embedder
from newsdesk.write.selection import (
    WORDS_PER_PARAGRAPH,
    Candidate,
    order_sentences,
    score_candidates,
    select_sentences,
    split_paragraphs,
    story_weights,
)
from newsdesk.write.sources import ArticleCopy, prefer_language, read_copies


class WriteError(NewsdeskError):
    """A story cannot be written up (e.g. it has no articles)."""


@dataclass
class SourceArticle:
    """One article of a story as the writer sees it: who published it, where, and its text."""

    id: str
    outlet: str
    title: str | None
    url: str
    text: str
    language: str | None = None
    published: datetime | None = None


class Writer(Protocol):
    """Writes a story up from its source articles; extractive now, an LLM backend later.

    The contract every backend keeps, so editions stay checkable:
    - Every sentence of `paragraphs` and the `one_liner` carries a `Citation` to one of
      the given articles (its url and outlet), and says only what that article says.
      An extractive writer copies sentences verbatim; a generative one must stay
      grounded in the cited article (and may translate it into the desk's language).
    - `headline` comes from the sources (a title, cleaned or trimmed, or for a generative
      writer a faithful rewrite); `headline_language` is None when the headline is in the
      desk's `language`, else the language it is in (e.g. "zh"), so publishers can tag it.
    - `sources` lists a Citation for every given article, in the given order;
      `languages` the distinct languages of the sources.
    - It never reaches the network unless the backend is configured for it, and raises
      `WriteError` (a one-line `NewsdeskError`) for a story it cannot write.
    - `concurrency` is how many stories it may be asked to write at once, from threads
      (1: one at a time).
    """

    name: str
    concurrency: int

    def write(self, story_id: str, articles: Sequence[SourceArticle], *,
              language: str = "en", paragraphs: int = 2) -> StoryWriteUp:
        """A lead-story write-up: headline and `paragraphs` short attributed paragraphs."""
        ...

    def one_liner(self, story_id: str, articles: Sequence[SourceArticle], *,
                  language: str = "en") -> StoryWriteUp:
        """A list item: headline and one attributed sentence (`one_liner`), no paragraphs."""
        ...


class ExtractiveWriter:
    """The default writer: headline from the titles, paragraphs of verbatim source sentences.

    Sentences come from the articles in the desk's language when there are any (else from
    the story's own language, with the headline tagged), are chosen for what the sources
    and their titles agree on and position, with repeats across sources dropped (the same
    word pairs, or the same thing in other words: `embedder`'s sentence vectors, the
    shipped USE model unless another is given), and are kept near a budget of
    `words_per_paragraph` words per paragraph. A sentence the feed cut off is closed at its
    last whole clause (a clean trim) or left out.
    """

    name = "extractive"
    concurrency = 1  # CPU-bound: threads would only take turns

    def __init__(self, words_per_paragraph: int = WORDS_PER_PARAGRAPH, *,
                 embedder: Embedder | None = None) -> None:
        self.words_per_paragraph = words_per_paragraph
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        """The sentence model that recognises restatements (loaded on first use)."""
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def write(self, story_id: str, articles: Sequence[SourceArticle], *,
              language: str = "en", paragraphs: int = 2) -> StoryWriteUp:
        """A lead-story write-up; see `Writer.write`."""
        draft = Draft.of(story_id, articles, language)
        budget = self.words_per_paragraph * max(1, paragraphs)
        titles = [copy.title_pairs for copy in draft.used]
        chosen = select_sentences(draft.candidates, budget, titles,
                                  restates=Restatements(self.embedder))
        if not chosen:  # no usable sentence: say what can be said rather than nothing
            chosen = [best] if (best := draft.best_candidate()) else []
        ordered = order_sentences(chosen, draft.article_rank)
        runs = split_paragraphs(ordered, paragraphs)
        body = [[draft.attribute(candidate) for candidate in run] for run in runs]
        return draft.write_up(body, draft.best_sentence())

    def one_liner(self, story_id: str, articles: Sequence[SourceArticle], *,
                  language: str = "en") -> StoryWriteUp:
        """A list item; see `Writer.one_liner`."""
        draft = Draft.of(story_id, articles, language)
        return draft.write_up([], draft.best_sentence())


@dataclass
class Draft:
    """What both kinds of write-up need: the usable copy, its scored sentences, the headline."""

    story_id: str
    articles: Sequence[SourceArticle]
    copies: list[ArticleCopy]
    used: list[ArticleCopy]
    desk_language: str
    candidates: list[Candidate]
    scores: list[float]
    article_rank: list[int]

    @classmethod
    def of(cls, story_id: str, articles: Sequence[SourceArticle], language: str) -> Draft:
        """Read the articles, keep those in the preferred language, score their sentences."""
        if not articles:
            raise WriteError(f"story {story_id!r} has no articles to write from")
        copies = read_copies(articles)
        used = prefer_language(copies, language)
        candidates = [c for copy in used for c in copy.candidates]
        weights = story_weights([copy.words for copy in used])
        scores = score_candidates(candidates, weights)
        rank = {copy.index: place for place, copy in enumerate(_by_publication(used))}
        article_rank = [rank.get(i, len(rank)) for i in range(len(articles))]
        return cls(story_id, articles, copies, used, language, candidates, scores, article_rank)

    def attribute(self, candidate: Candidate) -> Sentence:
        """The candidate as a write-up sentence, cited to its article."""
        return Sentence(text=candidate.text, citation=self.copies[candidate.article].citation)

    def best_candidate(self) -> Candidate | None:
        """The single sentence that best tells the story: the best usable one, else (a
        story whose copy is all captions or cut-off text) the best of any."""
        usable = [i for i, c in enumerate(self.candidates) if c.usable]
        usable = usable or list(range(len(self.candidates)))
        if not usable:
            return None
        return self.candidates[max(usable, key=lambda i: (self.scores[i], -i))]

    def best_sentence(self) -> Sentence | None:
        """The single sentence that best tells the story (for list items)."""
        best = self.best_candidate()
        return self.attribute(best) if best else None

    def headline(self) -> tuple[str, ArticleCopy]:
        """The most representative title of the used sources, cleaned and trimmed."""
        titled = [copy for copy in self.used if copy.title_words] or self.used
        index = choose_headline([copy.title_words for copy in titled],
                                [copy.title_words + copy.lead_words for copy in titled])
        copy = titled[index]
        title = copy.article.title or next((c.text for c in copy.candidates), self.story_id)
        return trim_title(clean_title(title, copy.article.outlet)), copy

    def write_up(self, body: list[list[Sentence]], one_liner: Sentence | None) -> StoryWriteUp:
        """Assemble the StoryWriteUp around a body and a one-line sentence."""
        headline, headline_copy = self.headline()
        language = headline_copy.language
        return StoryWriteUp(
            story_id=self.story_id,
            headline=headline,
            paragraphs=body,
            one_liner=one_liner,
            sources=[copy.citation for copy in self.copies],
            languages=sorted({copy.language for copy in self.copies}),
            headline_language=None if _same_language(language, self.desk_language) else language,
            headline_url=headline_copy.article.url,
        )


def _by_publication(copies: Sequence[ArticleCopy]) -> list[ArticleCopy]:
    """Sources in the order they were published (undated ones after, in given order)."""
    def published_at(copy: ArticleCopy) -> tuple[bool, float]:
        published = copy.article.published
        return (published is None, published.timestamp() if published else 0.0)

    return sorted(copies, key=published_at)


def _same_language(a: str, b: str) -> bool:
    """True when two language tags share their primary subtag ('zh-CN' ~ 'zh')."""
    return a.split("-")[0].lower() == b.split("-")[0].lower()


def cited_urls(write_up: StoryWriteUp) -> list[str]:
    """URLs the write-up actually uses (headline, then sentences), each once, in order."""
    urls = [write_up.headline_url] if write_up.headline_url else []
    urls += [s.citation.url for paragraph in write_up.paragraphs for s in paragraph]
    if write_up.one_liner and not write_up.paragraphs:
        urls.append(write_up.one_liner.citation.url)
    return list(dict.fromkeys(urls))

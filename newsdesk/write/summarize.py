"""Write a story up from its source articles: the `Writer` contract and the extractive writer.

The extractive writer is the default: no network and no model, every sentence copied
verbatim from a source and linked to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from newsdesk.errors import NewsdeskError
from newsdesk.text.embed import Embedder
from newsdesk.write.edition import Sentence, StoryWriteUp
from newsdesk.write.framing import attribute_opinion, attribute_report, on_day
from newsdesk.write.headline import choose_headline, clean_title, trim_title
from newsdesk.write.novelty import disputes, same_fact
from newsdesk.write.opinion import OPINION, REPORT, outlet_credit, person_name
from newsdesk.write.restate import Restatements, default_embedder
from newsdesk.write.selection import (
    WORDS_PER_PARAGRAPH,
    Candidate,
    news_lead,
    order_sentences,
    score_candidates,
    select_sentences,
    split_paragraphs,
    story_weights,
)
from newsdesk.write.sources import ArticleCopy, SourceArticle, prefer_language, read_copies


class WriteError(NewsdeskError):
    """A story cannot be written up (e.g. it has no articles)."""


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
        """A lead-story write-up; see `Writer.write`. The news comes first, in the
        reports' words (the latest day's lead first); opinion pieces come last, each
        quotation put in its outlet's mouth. A story of opinion pieces only is all
        quotations so attributed, under a headline labelled "Opinion"."""
        draft = Draft.of(story_id, articles, language)
        budget = self.words_per_paragraph * max(1, paragraphs)
        views = draft.perspectives(budget if not draft.reports else budget // 2)
        if not draft.reports:
            return draft.write_up([draft.frame(views)] if views else [], draft.best_sentence())
        budget = max(self.words_per_paragraph, budget - sum(c.length for c in views))
        first = draft.latest_lead()
        chosen = select_sentences(draft.report_candidates, budget, draft.report_titles,
                                  restates=Restatements(self.embedder), first=first)
        if not chosen:  # no usable sentence: say what can be said rather than nothing
            chosen = [best] if (best := draft.best_candidate()) else []
        views = [view for view in views
                 if not any(same_fact(view.fact, news.fact) for news in chosen)]
        lead = first if first is not None else news_lead(
            chosen, [copy.title_words for copy in draft.reports])
        ordered = order_sentences(chosen, draft.article_rank, draft.latest_day, lead)
        framed = dict(zip(map(id, ordered), draft.frame(ordered), strict=True))
        runs = split_paragraphs(ordered, paragraphs - 1 if views and paragraphs > 1
                                else paragraphs)
        body = [[framed[id(c)] for c in run] for run in runs]
        return draft.write_up(body + ([draft.frame(views)] if views else []),
                              draft.best_sentence())

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

    @property
    def reports(self) -> list[ArticleCopy]:
        """The used sources that report (not opinion pieces)."""
        return [copy for copy in self.used if copy.kind == REPORT]

    @property
    def report_candidates(self) -> list[Candidate]:
        """The sentences of the reports: the only ones the news paragraphs are made of."""
        return [c for c in self.candidates if c.kind == REPORT]

    @property
    def report_titles(self) -> list[frozenset[tuple[str, str]]]:
        """Word pairs of the reports' titles."""
        return [copy.title_pairs for copy in self.reports]

    @property
    def latest_day(self) -> date | None:
        """The newest day of a story whose reports run over several days, else None."""
        days = {copy.day for copy in self.reports if copy.day}
        return max(days) if len(days) > 1 else None

    def latest_lead(self) -> Candidate | None:
        """The sentence that leads a story running over several days: the best usable
        sentence of the newest day's reports (None for a story of one day)."""
        latest = self.latest_day
        return self._best([i for i, c in enumerate(self.candidates)
                           if latest and c.day == latest and c.kind == REPORT])

    def perspectives(self, budget: int) -> list[Candidate]:
        """The opinion pieces' best sentences, one per outlet, best first, within `budget`
        words: what the outlets argue, for the last paragraph."""
        views: list[Candidate] = []
        outlets: set[str] = set()
        for copy in sorted((c for c in self.used if c.kind == OPINION),
                           key=lambda c: self.article_rank[c.index]):
            best = self._best([i for i, c in enumerate(self.candidates)
                               if c.article == copy.index and c.usable])
            credit = outlet_credit(copy.article.outlet)
            if best is None or credit in outlets:
                continue
            if views and sum(v.length for v in views) + best.length > budget:
                break
            views.append(best)
            outlets.add(credit)
        return views

    def frame(self, ordered: Sequence[Candidate]) -> list[Sentence]:
        """The candidates as write-up sentences, cited to their articles, in our frame
        where one is due: an opinion put in its outlet's mouth, a report whose figures
        another source contradicts given as its outlet's word, and the first report of
        each earlier day of a story running over several days marked with its day."""
        latest, previous = self.latest_day, None
        sentences = []
        for candidate in ordered:
            copy = self.copies[candidate.article]
            text = candidate.text
            if candidate.kind == OPINION:
                text = attribute_opinion(text, copy.article.outlet,
                                         person_name(copy.article.author))
            elif self.disputed(candidate):
                text = attribute_report(text, copy.article.outlet)
            elif latest and candidate.day and candidate.day < latest and (
                    candidate.day != previous and not candidate.opener):
                text = on_day(text, candidate.day, latest)
            previous = candidate.day
            sentences.append(Sentence(text=text, citation=copy.citation, kind=candidate.kind))
        return sentences

    def disputed(self, candidate: Candidate) -> bool:
        """True when another source's report tells the candidate's fact with other
        figures (`novelty.disputes`): the write-up then gives it as its outlet's word."""
        return any(other.article != candidate.article and disputes(candidate.fact, other.fact)
                   for other in self.report_candidates if other.usable)

    def best_candidate(self) -> Candidate | None:
        """The single sentence that best tells the story: the best usable report sentence,
        else the best usable one, else (a story whose copy is all captions or cut-off
        text) the best of any."""
        indices = range(len(self.candidates))
        usable = [i for i in indices if self.candidates[i].usable]
        reports = [i for i in usable if self.candidates[i].kind == REPORT]
        return self._best(reports) or self._best(usable) or self._best(list(indices))

    def _best(self, indices: list[int]) -> Candidate | None:
        """The best scored of these candidates that stands alone (else of all of them)."""
        alone = [i for i in indices if not self.candidates[i].opener] or indices
        if not alone:
            return None
        return self.candidates[max(alone, key=lambda i: (self.scores[i], -i))]

    def best_sentence(self) -> Sentence | None:
        """The single sentence that best tells the story (for list items)."""
        best = self.best_candidate()
        return self.frame([best])[0] if best else None

    def headline(self) -> tuple[str, ArticleCopy]:
        """The most representative title of the used reports (of their newest day, for a
        story running over several), cleaned and trimmed. Only a story of opinion pieces
        takes an opinion's title, labelled "Opinion: "."""
        latest = self.latest_day
        sources = [c for c in self.reports if not latest or c.day == latest] or self.used
        titled = [copy for copy in sources if copy.title_words] or sources
        index = choose_headline([copy.title_words for copy in titled],
                                [copy.title_words + copy.lead_words for copy in titled])
        copy = titled[index]
        title = copy.article.title or next((c.text for c in copy.candidates), self.story_id)
        headline = trim_title(clean_title(title, copy.article.outlet))
        return (headline if copy.kind == REPORT else f"Opinion: {headline}"), copy

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

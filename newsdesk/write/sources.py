"""A story's source articles read for writing: language, citation, sentences and words.

Also which sources a write-up should draw on: those in the desk's language when the story
has any, else those in the story's main language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from newsdesk.text.language import detect_any_language
from newsdesk.text.language_codes import normalise_language
from newsdesk.write.edition import Citation
from newsdesk.write.novelty import Fact
from newsdesk.write.opinion import OPINION, REPORT, kind_of
from newsdesk.write.selection import Candidate
from newsdesk.write.sentences import article_sentences, open_quotes
from newsdesk.write.trims import close_cut_off
from newsdesk.write.words import (
    CopyWords,
    asks_the_reader,
    content_words,
    credits_what_came_before,
    in_writers_voice,
    is_lone_quote,
    opens_with_reference,
    word_pairs,
)

_LEAD_SENTENCES = 2
_ELLIPSES = ("...", "…", "。。。")
_TERMINATORS = ".!?。！？…‼⁉"
_CLOSERS = "\"'”’»“)]）」』】》"
_LIST_MARKS = ("•", "·", "-", "–", "—", "*", "▪", "►")


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
    categories: Sequence[str] = ()
    author: str | None = None
    page_types: Sequence[str] = ()


@dataclass
class ArticleCopy:
    """One source article prepared for writing."""

    index: int
    article: SourceArticle
    language: str
    citation: Citation
    candidates: list[Candidate]
    words: Counter[str]
    title_words: Counter[str]
    lead_words: Counter[str]
    title_pairs: frozenset[tuple[str, str]] = frozenset()
    kind: str = REPORT

    @property
    def day(self) -> date | None:
        """The day the article was published, when known."""
        return published_day(self.article)


def read_copies(articles: Sequence[SourceArticle]) -> list[ArticleCopy]:
    """Prepare each article: resolve its language, split and clean its sentences."""
    return [read_copy(index, article) for index, article in enumerate(articles)]


def read_copy(index: int, article: SourceArticle) -> ArticleCopy:
    """Prepare one article for writing (language detected when not given), and tell
    whether it is a report or an opinion piece (`opinion.kind_of`)."""
    language = primary_language(article.language) or detect_any_language(
        f"{article.title or ''}\n{article.text}"
    ) or "en"
    sentences = article_sentences(article.text or "", language)
    voiced = [in_writers_voice(sentence, language) for sentence in sentences]
    kind = kind_of(article.url, article.outlet, article.title, article.categories,
                   sum(voiced), len(sentences), types=article.page_types)
    candidates = [
        _candidate(sentence, index, position, language,
                   cut_off=_is_cut_off(sentence, position, len(sentences)))
        for position, sentence in enumerate(sentences)
    ]
    day = published_day(article)
    credited = credited_later(sentences, candidates, language)
    candidates = [replace(c, kind=kind, day=day, usable=c.usable and (
        kind == OPINION or c.attributed or not voiced[c.position]) and (
        kind == OPINION or c.position not in credited)) for c in candidates]
    title_words = Counter(content_words(article.title or "", language))
    lead_words: Counter[str] = Counter()
    for candidate in candidates[:_LEAD_SENTENCES]:
        lead_words.update(candidate.words)
    words = title_words.copy()
    for candidate in candidates:
        words.update(candidate.words)
    citation = Citation(url=article.url, outlet=article.outlet, title=article.title,
                        language=language, published=article.published)
    return ArticleCopy(index, article, language, citation, candidates, words, title_words,
                       lead_words, word_pairs(article.title or "", language), kind)


def credited_later(sentences: Sequence[str], candidates: Sequence[Candidate],
                   language: str) -> set[int]:
    """Positions of sentences whose speaker is named only after them: the run of
    unattributed sentences right before one that sums them up and credits them
    (`credits_what_came_before`). Out of their article they would read as our own
    statement of someone's claims ("Thousands of ballots are left unattended."), so
    they are not used."""
    credited: set[int] = set()
    for position, sentence in enumerate(sentences):
        if position and credits_what_came_before(sentence, language):
            earlier = position - 1
            while earlier >= 0 and not candidates[earlier].attributed and (
                    position - earlier <= _CREDITED_RUN):
                credited.add(earlier)
                earlier -= 1
    return credited


_CREDITED_RUN = 6  # sentences a summing-up credit reaches back over


def published_day(article: SourceArticle) -> date | None:
    """The day an article was published, when known."""
    return article.published.date() if article.published else None


def _candidate(sentence: str, article: int, position: int, language: str, *,
               cut_off: bool) -> Candidate:
    """One sentence as a candidate for the write-up. A sentence the feed cut off is closed
    at its last whole clause when it can be (a clean trim). Marked unusable: a cut-off that
    cannot be closed, a sentence that does not read whole (`reads_whole`), a list item, a
    quotation without its speaker, and the outlet's own question to its readers
    (`asks_the_reader`). A report's sentence in its writer's own first or second person
    ("let me take a different stance") is made unusable by `read_copy` unless it says who
    is speaking: in a roundup it would speak in the desk's voice."""
    closed = close_cut_off(sentence, language) if cut_off else sentence
    text = closed or sentence
    words = CopyWords.of(text, language)
    usable = (closed is not None and reads_whole(text) and not asks_the_reader(text, language)
              and not text.lstrip().startswith(_LIST_MARKS) and not is_lone_quote(text))
    return Candidate(text=text, article=article, position=position,
                     words=Counter(words.content), length=words.count, usable=usable,
                     pairs=words.pairs, attributed=words.attributed,
                     fact=Fact.of(text, words), opener=opens_with_reference(text, language))


def reads_whole(sentence: str) -> bool:
    """True when a sentence can stand in a write-up: it ends as a sentence ends (not on a
    comma, a colon or no mark at all, as captions, list items and cut copy do) and closes
    every double quotation it opens."""
    end = sentence.rstrip().rstrip(_CLOSERS)[-1:]
    return bool(end) and end in _TERMINATORS and not open_quotes(sentence)


def _is_cut_off(sentence: str, position: int, count: int) -> bool:
    """True for the last sentence of an excerpt that the feed cut off mid-sentence ("...")."""
    return position == count - 1 and sentence.rstrip().endswith(_ELLIPSES)


def prefer_language(copies: Sequence[ArticleCopy], language: str) -> list[ArticleCopy]:
    """The sources to write from: those in `language`, else those in the story's most
    common language (earliest source breaks ties), in the given order."""
    wanted = primary_language(language)
    in_language = [copy for copy in copies if copy.language == wanted]
    if in_language:
        return in_language
    counts = Counter(copy.language for copy in copies)
    main = max(counts, key=lambda lang: (counts[lang], -_first_index(copies, lang)))
    return [copy for copy in copies if copy.language == main]


def _first_index(copies: Sequence[ArticleCopy], language: str) -> int:
    """Position of the first source in `language`."""
    return next(i for i, copy in enumerate(copies) if copy.language == language)


def primary_language(language: str | None) -> str:
    """The primary subtag, lower-cased ('zh-CN' -> 'zh'); '' when unknown."""
    return normalise_language(language) or ""

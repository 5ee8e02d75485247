"""A generative writer: an LLM rewrites the story from numbered source sentences, and
every sentence it writes is checked against the sentences it cites before it is used.

The model is reached over the OpenAI-compatible chat completions API, which llama.cpp's
server, Ollama, vLLM and LM Studio speak as well as hosted services, so newsdesk ships no
model and downloads none: the desk names an endpoint (`[writer]` in the desk file).

Grounding, in the spirit of the `Writer` contract ("says only what that article says"):
- The model sees only the story's best source sentences, numbered, and must end every
  sentence with the numbers it rests on ("... on Monday. [2][5]").
- A sentence is kept only when the sentences it cites from one article support it: every
  number it gives is in them and, in the sources' language, every name and every content
  word (`is_supported`). It is linked to that article. A sentence translated from another
  language can be checked on its numbers and citations only.
- What fails is dropped. A write-up left with no sentence, or a model that cannot be
  reached or answers nonsense, gives way to the extractive writer for that story, so an
  edition never waits on, or repeats the mistakes of, a model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from newsdesk import __version__
from newsdesk.config import credential
from newsdesk.desks.config import Desk
from newsdesk.errors import NewsdeskError
from newsdesk.options import LlmSettings
from newsdesk.output_files import write_atomic
from newsdesk.text.embed import Embedder
from newsdesk.write.edition import Sentence, StoryWriteUp
from newsdesk.write.headline import clean_title
from newsdesk.write.selection import Candidate, order_sentences, select_sentences
from newsdesk.write.sentences import split_sentences
from newsdesk.write.sources import SourceArticle, primary_language
from newsdesk.write.summarize import Draft, ExtractiveWriter, Writer
from newsdesk.write.words import all_words, content_words

log = logging.getLogger(__name__)

SUPPORTED_SHARE = 1.0
"""Share of a sentence's content words (stemmed) that its cited sentences must use, in
the same language: all of them. A lexical check cannot tell "cut" from "kept" when the
sources use both, but it holds the model to the words, names and numbers of what it
cites: it may shorten, combine and reorder, not add."""

_CITATIONS = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][\w’'-]*")
_LANGUAGE_NAMES = {"en": "English", "nl": "Dutch", "de": "German", "fr": "French",
                   "es": "Spanish", "it": "Italian", "pt": "Portuguese", "zh": "Chinese",
                   "ja": "Japanese", "ko": "Korean", "ru": "Russian"}


@dataclass(frozen=True)
class _Evidence:
    """One numbered source sentence offered to the model."""

    number: int
    candidate: Candidate
    language: str


class GenerativeWriter:
    """Writes with an LLM, grounded in cited source sentences; see the module docstring."""

    name = "llm"
    translates = True  # it writes in the desk's language from sources in others

    def __init__(self, settings: LlmSettings, fallback: Writer | None = None,
                 client: httpx.Client | None = None, cache: Path | None = None) -> None:
        self.settings = settings
        self.cache = cache  # answers kept by question, so a re-run asks nothing again
        self.concurrency = settings.concurrency
        self.fallback = fallback or ExtractiveWriter()
        self._client = client or httpx.Client(timeout=settings.timeout)
        self.dropped = 0  # sentences the model wrote that its citations did not support
        self._lock = threading.Lock()  # stories are written from several threads

    def write(self, story_id: str, articles: Sequence[SourceArticle], *,
              language: str = "en", paragraphs: int = 2) -> StoryWriteUp:
        """A lead-story write-up; see `Writer.write`."""
        return self._write(story_id, articles, language, paragraphs) or self.fallback.write(
            story_id, articles, language=language, paragraphs=paragraphs)

    def one_liner(self, story_id: str, articles: Sequence[SourceArticle], *,
                  language: str = "en") -> StoryWriteUp:
        """A list item; see `Writer.one_liner`."""
        return self._write(story_id, articles, language, 0) or self.fallback.one_liner(
            story_id, articles, language=language)

    def _write(self, story_id: str, articles: Sequence[SourceArticle], language: str,
               paragraphs: int) -> StoryWriteUp | None:
        """The model's write-up (`paragraphs` = 0: one sentence), or None to fall back."""
        draft = Draft.of(story_id, articles, language)
        if not draft.reports:  # opinion only: quoted and attributed by the extractive writer
            return None
        evidence = self._evidence(draft)
        if not evidence:
            return None
        answer = self._ask(_prompt(draft, evidence, language, paragraphs))
        if answer is None:
            return None
        headline, body = _parse(answer)
        grounded = self._grounded_paragraphs(body, evidence, draft, language)
        if not grounded:
            log.warning("story %s: no sentence of the model's write-up was supported by "
                        "its sources; written extractively", story_id)
            return None
        write_up = draft.write_up(grounded[:paragraphs], grounded[0][0])
        if headline and self._headline_is_grounded(headline, draft, evidence, language):
            write_up.headline = headline
            write_up.headline_language = None
            write_up.headline_url = None
        return write_up

    def _grounded_paragraphs(self, body: list[list[tuple[str, list[int]]]],
                             evidence: list[_Evidence], draft: Draft,
                             language: str) -> list[list[Sentence]]:
        """The model's paragraphs with only their supported sentences, each said once (a
        model that repeats itself), empty paragraphs left out."""
        grounded: list[list[Sentence]] = []
        seen: set[str] = set()
        for paragraph in body:
            sentences: list[Sentence] = []
            for text, cited in paragraph:
                for sentence in self._ground(text, cited, evidence, draft, language):
                    if sentence.text not in seen:
                        seen.add(sentence.text)
                        sentences.append(sentence)
            if sentences:
                grounded.append(sentences)
        return grounded

    def _evidence(self, draft: Draft) -> list[_Evidence]:
        """The story's best usable sentences, in reading order, numbered from 1."""
        budget = 25 * self.settings.evidence
        # the model states what it is given as news: it is given the reports only
        chosen = select_sentences(draft.report_candidates, budget,
                                  draft.report_titles)[: self.settings.evidence]
        ordered = order_sentences(chosen, draft.article_rank)
        return [_Evidence(n, c, draft.copies[c.article].language)
                for n, c in enumerate(ordered, start=1)]

    def _ask(self, messages: list[dict[str, str]]) -> str | None:
        """The model's answer, or None (logged) when it cannot be had. An answer to the
        same question (endpoint, model, messages) is read from the cache when there is one."""
        url = self.settings.endpoint.rstrip("/") + "/chat/completions"
        payload = {"model": self.settings.model, "messages": messages, "temperature": 0}
        cached = self._cached(url, payload)
        if cached is not None and cached.is_file():
            try:
                return cached.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                log.warning("cannot read the cached answer %s; asking the model again", cached)
        headers = {"User-Agent": f"newsdesk/{__version__}"}
        key = credential(self.settings.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        try:
            response = self._client.post(url, json=payload, headers=headers)
            response.raise_for_status()
            answer = str(response.json()["choices"][0]["message"]["content"])
            if cached is not None:
                self._keep(cached, answer)
            return answer
        except httpx.HTTPError as exc:
            log.warning("the writer's model at %s cannot be reached (%s); written "
                        "extractively", url, exc)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("the writer's model at %s gave no usable answer (%s); written "
                        "extractively", url, exc)
        return None

    def _cached(self, url: str, payload: dict) -> Path | None:
        """Where the answer to this question is kept, or None without a cache."""
        if self.cache is None:
            return None
        question = json.dumps({"url": url, **payload}, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(question.encode("utf-8")).hexdigest()
        return self.cache / digest[:2] / f"{digest}.txt"

    def _keep(self, path: Path, answer: str) -> None:
        """Cache an answer; a cache that cannot be written is only a warning."""
        try:
            write_atomic(path, answer.encode("utf-8"))
        except NewsdeskError as exc:
            log.warning("the model's answer is not cached: %s", exc)

    def _ground(self, text: str, cited: list[int], evidence: list[_Evidence], draft: Draft,
                language: str) -> list[Sentence]:
        """The statement as sentences linked to the one article whose cited sentences
        support it, or none (counted in `dropped`)."""
        by_number = {e.number: e for e in evidence}
        by_article: dict[int, list[_Evidence]] = {}
        for number in cited:
            if number in by_number:
                by_article.setdefault(by_number[number].candidate.article, []).append(
                    by_number[number])
        for article, support in by_article.items():
            if is_supported(text, language, [e.candidate.text for e in support],
                            support[0].language):
                copy = draft.copies[article]
                return [Sentence(text=part, citation=copy.citation,
                                 written_by=self.settings.model, kind=copy.kind)
                        for part in split_sentences(text, language)]
        with self._lock:
            self.dropped += 1
        return []

    def _headline_is_grounded(self, headline: str, draft: Draft, evidence: list[_Evidence],
                              language: str) -> bool:
        """True when the sources' titles and the evidence support the model's headline."""
        titles = [clean_title(copy.article.title or "", copy.article.outlet)
                  for copy in draft.used]
        texts = titles + [e.candidate.text for e in evidence]
        return is_supported(headline, language, texts, evidence[0].language)


def is_supported(statement: str, language: str, sources: Sequence[str],
                 source_language: str) -> bool:
    """True when `sources` support `statement`: its numbers are in them and, when both
    are in one language, its names and `SUPPORTED_SHARE` of its content words. A sentence
    translated from sources in another language is checked on its numbers only."""
    source_text = " ".join(sources)
    if not set(_numbers(statement)) <= set(_numbers(source_text)):
        return False
    if primary_language(language) != primary_language(source_language):
        return True  # a translation: its numbers are all that can be checked word for word
    folded = source_text.casefold()
    if any(name.casefold() not in folded for name in _names(statement, language)):
        return False
    words = content_words(statement, language)
    if not words:
        return bool(all_words(statement, language))
    available = {_stem(w) for w in content_words(source_text, source_language)}
    supported = sum(1 for w in words if _stem(w) in available)
    return supported >= SUPPORTED_SHARE * len(words)


def _numbers(text: str) -> list[str]:
    """Every number in the text, thousands separators dropped ("1,000" -> "1000")."""
    return [re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", n) for n in _NUMBER.findall(text)]


def _names(text: str, language: str) -> list[str]:
    """Capitalised words that do not open a sentence: names, in alphabetic scripts."""
    names = []
    for sentence in split_sentences(text, language):
        opening = len(sentence) - len(sentence.lstrip("\"“‘'«„(- "))
        names += [m.group() for m in _NAME.finditer(sentence) if m.start() > opening]
    return names


def _stem(word: str) -> str:
    """A crude stem for matching inflected forms ("announced" ~ "announces")."""
    return word[:5] if len(word) > 5 and word.isalpha() and word.isascii() else word


def _prompt(draft: Draft, evidence: list[_Evidence], language: str,
            paragraphs: int) -> list[dict[str, str]]:
    """The chat messages asking for a grounded, cited write-up."""
    language_name = _LANGUAGE_NAMES.get(primary_language(language), language)
    shape = (f"{paragraphs} short paragraphs of two or three sentences, separated by a "
             "blank line" if paragraphs else "one sentence")
    rules = (
        f"You are a news editor writing a roundup in {language_name}. Using only the "
        "numbered source sentences, write a headline and then "
        f"{shape} that tell the story. Write in {language_name}. Every sentence must end "
        "with the numbers of the source sentences it rests on, like [2] or [1][4]. Do not "
        "add any fact, name, number or opinion that is not in the sentences you cite, and "
        "say who said what. Keep to the words of the sources. Answer in plain text: the "
        "first line is 'HEADLINE: ' and the headline, then the sentences, one per line."
    )
    outlets = {copy.index: copy.article.outlet for copy in draft.copies}
    numbered = "\n".join(f"[{e.number}] ({outlets[e.candidate.article]}) {e.candidate.text}"
                         for e in evidence)
    titles = "\n".join(f"- {copy.article.title}" for copy in draft.used if copy.article.title)
    return [{"role": "system", "content": rules},
            {"role": "user", "content": f"Headlines:\n{titles}\n\nSource sentences:\n"
                                        f"{numbered}"}]


def _parse(answer: str) -> tuple[str | None, list[list[tuple[str, list[int]]]]]:
    """The headline and the paragraphs of (statement, cited numbers) of a model answer.
    A line without any citation is not a statement of the write-up and is skipped."""
    headline: str | None = None
    paragraphs: list[list[tuple[str, list[int]]]] = [[]]
    for raw in answer.strip().splitlines():
        line = raw.strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if line.upper().startswith("HEADLINE:") and headline is None:
            headline = _CITATIONS.sub("", line[len("HEADLINE:"):]).strip().strip('"*') or None
            continue
        cited = [int(n) for group in _CITATIONS.findall(line)
                 for n in re.split(r"\s*[,;]\s*", group)]
        text = re.sub(r"\s+([.!?,;:])", r"\1", _CITATIONS.sub("", line)).strip()
        text = text.lstrip("-*• ").strip()
        if cited and text:
            paragraphs[-1].append((text, cited))
    return headline, [paragraph for paragraph in paragraphs if paragraph]



def writer_for(desk: Desk, home: Path | None = None, embedder: Embedder | None = None) -> Writer:
    """The writer a desk asks for: extractive by default, or the grounded LLM writer,
    which keeps its answers under the data directory `home` (`cache/writer`) if given.
    `embedder` is the sentence model the extractive writing uses (default: the shipped one)."""
    extractive = ExtractiveWriter(desk.writer.words_per_paragraph, embedder=embedder)
    if desk.writer.backend != "llm":
        return extractive
    return GenerativeWriter(desk.writer.llm, fallback=extractive,
                            cache=home / "cache" / "writer" if home else None)

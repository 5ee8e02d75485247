"""Measure story write-ups against editors' roundups: ROUGE, baselines, an oracle, faithfulness.

Works on roundup files (../shared/data/roundups/): each story's editors' `headline` and the
first paragraph of its `roundup` are the references.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.evaluate.rouge import is_faithful, mean_rouge, rouge_f1
from newsdesk.write.edition import Sentence
from newsdesk.write.files import FileStory, read_story_file, write_up_text
from newsdesk.write.framing import source_words
from newsdesk.write.sentences import split_sentences
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import Writer


@dataclass(frozen=True)
class Reference:
    """What the editors wrote for a story."""

    headline: str
    paragraph: str


@dataclass
class WriterReport:
    """ROUGE of a writer's write-ups and headlines, with faithfulness and speed."""

    stories: int = 0
    summary: dict[str, float] = field(default_factory=dict)
    headline: dict[str, float] = field(default_factory=dict)
    sentences: int = 0
    attributed: int = 0
    verbatim: int = 0
    mean_words: float = 0.0
    seconds: float = 0.0

    @property
    def attributed_share(self) -> float:
        """Share of write-up sentences citing one of the story's own articles (percent)."""
        return 100.0 * self.attributed / self.sentences if self.sentences else 0.0

    @property
    def verbatim_share(self) -> float:
        """Share of write-up sentences verbatim in their cited article, or a clean trim of
        one of its sentences (percent)."""
        return 100.0 * self.verbatim / self.sentences if self.sentences else 0.0

    @property
    def stories_per_second(self) -> float:
        """Writing throughput."""
        return self.stories / self.seconds if self.seconds else 0.0


def read_references(path: Path) -> dict[str, Reference]:
    """The editors' headline and first roundup paragraph of each story, by story id."""
    references: dict[str, Reference] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                roundup = record.get("roundup") or [""]
                references[str(record["id"])] = Reference(record.get("headline", ""), roundup[0])
    return references


def load_stories(path: Path) -> tuple[list[FileStory], dict[str, Reference]]:
    """The stories of a roundup file that have articles and a reference paragraph."""
    references = read_references(path)
    empty = Reference("", "")
    stories = [s for s in read_story_file(path) if references.get(s.id, empty).paragraph]
    return stories, references


def evaluate_writer(writer: Writer, stories: Sequence[FileStory],
                    references: dict[str, Reference], language: str = "en") -> WriterReport:
    """Write every story up and score it against its references."""
    report = WriterReport(stories=len(stories))
    summary_scores, headline_scores, words = [], [], 0
    started = time.perf_counter()
    write_ups = [writer.write(s.id, s.articles, language=language) for s in stories]
    report.seconds = time.perf_counter() - started
    for story, write_up in zip(stories, write_ups, strict=True):
        reference = references[story.id]
        text = write_up_text(write_up)
        words += len(text.split())
        summary_scores.append(rouge_f1(text, reference.paragraph, language))
        headline_scores.append(rouge_f1(write_up.headline, reference.headline, language))
        _check_faithfulness(report, story.articles, write_up.paragraphs)
    report.summary = mean_rouge(summary_scores)
    report.headline = mean_rouge(headline_scores)
    report.mean_words = words / len(stories) if stories else 0.0
    return report


def _check_faithfulness(report: WriterReport, articles: Sequence[SourceArticle],
                        paragraphs: Sequence[Sequence[Sentence]]) -> None:
    """Count sentences that cite one of the story's articles and are verbatim in it (or a
    clean trim of one of its sentences), the desk's own frame aside (`source_words`)."""
    by_url = {article.url: article for article in articles}
    for paragraph in paragraphs:
        for sentence in paragraph:
            report.sentences += 1
            article = by_url.get(sentence.citation.url)
            if article is None or sentence.citation.outlet != article.outlet:
                continue
            report.attributed += 1
            report.verbatim += any(is_faithful(words, [article.text], article.language)
                                   for words in source_words(sentence.text))


def lead_baseline(articles: Sequence[SourceArticle], reference: str) -> str:
    """The first article's opening words, cut to the reference's length."""
    return " ".join(articles[0].text.split()[: len(reference.split())])


def first_sentences_baseline(articles: Sequence[SourceArticle]) -> str:
    """The first sentence of each article, in story order."""
    firsts = [split_sentences(a.text, a.language)[:1] for a in articles]
    return " ".join(sentence for first in firsts for sentence in first)


def title_baseline(articles: Sequence[SourceArticle]) -> str:
    """The first article's title, as it came."""
    return articles[0].title or ""


def greedy_oracle(articles: Sequence[SourceArticle], reference: str, lang: str = "en") -> str:
    """The extraction ceiling: add source sentences greedily while the mean of ROUGE-1 and
    ROUGE-2 F1 against the reference improves (the reference is peeked at)."""
    pool = [s for a in articles for s in split_sentences(a.text, a.language)]
    chosen: list[str] = []
    best = 0.0
    while pool:
        gains = [(_oracle_score(" ".join([*chosen, s]), reference, lang), s) for s in pool]
        score, sentence = max(gains, key=lambda pair: pair[0])
        if score <= best:
            break
        best = score
        chosen.append(sentence)
        pool.remove(sentence)
    return " ".join(chosen)


def _oracle_score(candidate: str, reference: str, lang: str) -> float:
    """What the oracle maximises: mean of ROUGE-1 and ROUGE-2 F1."""
    scores = rouge_f1(candidate, reference, lang)
    return (scores["rouge1"] + scores["rouge2"]) / 2


def evaluate_baselines(stories: Sequence[FileStory], references: dict[str, Reference],
                       lang: str = "en") -> dict[str, dict[str, float]]:
    """Mean ROUGE of each baseline and the oracle, over the same stories."""
    rows: dict[str, list[dict[str, float]]] = {
        "lead": [], "first_sentences": [], "oracle": [], "title_headline": []
    }
    for story in stories:
        reference = references[story.id]
        rows["lead"].append(rouge_f1(lead_baseline(story.articles, reference.paragraph),
                                     reference.paragraph, lang))
        rows["first_sentences"].append(
            rouge_f1(first_sentences_baseline(story.articles), reference.paragraph, lang))
        rows["oracle"].append(rouge_f1(greedy_oracle(story.articles, reference.paragraph, lang),
                                       reference.paragraph, lang))
        rows["title_headline"].append(rouge_f1(title_baseline(story.articles),
                                               reference.headline, lang))
    return {name: mean_rouge(scores) for name, scores in rows.items()}
